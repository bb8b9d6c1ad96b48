package org.slipsfailover.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.testing.MutableClock;

/** The hand-over mark's validity, on a fake clock (the tests run as root, as the tool does). */
class HandOverTest {
  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T06:00:00Z"));
  Path file;
  HandOver handOver;

  @BeforeEach
  void setUp() {
    file = dir.resolve("run/slips-failover/handover");
    handOver = new HandOver(file, clock);
  }

  @Test
  void aMarkIsValidForItsFewTensOfSecondsOnly() {
    assertThat(handOver.pending()).isFalse();
    handOver.mark();
    assertThat(handOver.pending()).isTrue();
    clock.advance(HandOver.VALIDITY.minusMillis(1));
    assertThat(handOver.pending()).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(handOver.pending()).as("expired: a stale mark never spares a cut").isFalse();
  }

  @Test
  void itIsRootsAloneInARootOnlyFolder() throws Exception {
    handOver.mark();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(handOver.pending()).as("a mark others could have written").isFalse();
  }

  @Test
  void aMarkTooFarAheadALinkOrGarbageIsNoHandOver() throws Exception {
    handOver.mark();
    Files.writeString(
        file, clock.instant().plus(HandOver.VALIDITY).plusSeconds(1).toEpochMilli() + "\n");
    assertThat(handOver.pending()).as("beyond the validity").isFalse();
    Files.writeString(file, "soon\n");
    assertThat(handOver.pending()).isFalse();
    Files.delete(file);
    Path elsewhere = dir.resolve("elsewhere");
    new HandOver(elsewhere, clock).mark();
    Files.createSymbolicLink(file, elsewhere);
    assertThat(handOver.pending()).as("a link").isFalse();
  }

  @Test
  void takingItServesOneStart() {
    handOver.mark();
    assertThat(handOver.take()).isTrue();
    assertThat(handOver.pending()).isFalse();
    assertThat(handOver.take()).isFalse();
    assertThat(HandOver.none().pending()).isFalse();
    assertThat(HandOver.none().take()).isFalse();
  }

  @Test
  void anExpiredMarkTakenIsRemovedAndFalse() {
    handOver.mark();
    clock.advance(HandOver.VALIDITY);
    assertThat(handOver.take()).isFalse();
    assertThat(file).doesNotExist();
  }
}
