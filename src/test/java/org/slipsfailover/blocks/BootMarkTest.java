package org.slipsfailover.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootMarkTest {
  @TempDir Path temp;
  final List<String> log = new ArrayList<>();

  @Test
  void oneIdPerBootMadeByTheFirstLook() throws IOException {
    Path run = temp.resolve("run/slips-failover");
    String first = BootMark.of(run, log::add);
    assertThat(first).matches("[0-9a-f-]{36}");
    assertThat(BootMark.of(run, log::add)).isEqualTo(first);
    assertThat(BootMark.madeAt(run)).isAfter(Instant.EPOCH);

    // A reboot empties /run.
    Files.delete(run.resolve(BootMark.FILE));
    assertThat(BootMark.of(run, log::add)).isNotEqualTo(first);
    assertThat(log).isEmpty();
  }

  @Test
  void aPlantedLinkIsNotFollowed() throws IOException {
    Path target = temp.resolve("target");
    Files.writeString(target, "00000000-0000-0000-0000-000000000000\n");
    Files.createSymbolicLink(temp.resolve(BootMark.FILE), target);
    assertThat(BootMark.of(temp, log::add)).isEqualTo("unknown");
    assertThat(BootMark.madeAt(temp)).isEqualTo(Instant.EPOCH);
    assertThat(Files.readString(target)).startsWith("00000000");
  }
}
