package org.slipsfailover.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.blocks.ExpiryPlan.Seen;

class BlockTimesTest {
  @TempDir Path dir;
  final List<String> log = new ArrayList<>();
  int uid;
  Path file;

  @BeforeEach
  void setUp() throws IOException {
    uid = (Integer) Files.getAttribute(dir, "unix:uid");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    file = dir.resolve("state/block-times");
  }

  BlockTimes times() {
    return new BlockTimes(file, uid, log::add);
  }

  @Test
  void roundTripsInARootOnlyFile() throws IOException {
    Map<BlockRule, Seen> seen = new LinkedHashMap<>();
    seen.put(
        new BlockRule(BlockRuleTest.SOURCE), new Seen(Instant.ofEpochSecond(1765000000), "0a-1b"));
    seen.put(
        new BlockRule(BlockRuleTest.DESTINATION),
        new Seen(Instant.ofEpochSecond(1765000001), "0a-1b"));
    times().save(seen);
    assertThat(times().load()).isEqualTo(seen);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(log).isEmpty();
  }

  @Test
  void noFileIsNothingKnown() {
    assertThat(times().load()).isEmpty();
    assertThat(log).isEmpty();
  }

  @Test
  void badLinesAreDroppedWithALogLine() throws IOException {
    times().save(Map.of());
    Files.writeString(
        file,
        "1765000000 ab -A slipsBlocking -s 192.0.2.1/32 -j DROP\nnonsense\n"
            + "12 ab -A INPUT -j ACCEPT\n");
    assertThat(times().load())
        .containsOnlyKeys(new BlockRule("-A slipsBlocking -s 192.0.2.1/32 -j DROP"));
    assertThat(log).hasSize(2);
  }

  @Test
  void aPlantedLinkIsNeitherReadNorWrittenThrough() throws IOException {
    Path target = dir.resolve("target");
    Files.writeString(target, "1765000000 ab -A slipsBlocking -s 192.0.2.1/32 -j DROP\n");
    Files.createDirectories(file.getParent());
    Files.createSymbolicLink(file, target);
    assertThat(times().load()).isEmpty();
    assertThat(log).singleElement().asString().contains("not a regular file");

    times().save(Map.of());
    assertThat(Files.readString(target))
        .as("the link's target is untouched")
        .startsWith("1765000000");
    assertThat(Files.isSymbolicLink(file)).isFalse();
  }

  @Test
  void aFolderOthersMayWriteIsNotUsed() throws IOException {
    Files.createDirectories(file.getParent());
    Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> times().save(Map.of())).isInstanceOf(UncheckedIOException.class);
    assertThat(Files.exists(file)).isFalse();
  }
}
