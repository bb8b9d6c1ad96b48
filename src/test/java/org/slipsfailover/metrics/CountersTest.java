package org.slipsfailover.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.supervise.ProtectionEvents.Cause;
import org.slipsfailover.testing.MutableClock;

class CountersTest {
  @TempDir Path tmp;

  @Test
  void countersKeepTheirValuesAcrossARunnerRestart() throws Exception {
    Path folder = tmp.resolve("var-lib-slips-failover");
    Counters first = Counters.load(folder);
    MetricsState runner = new MetricsState(new MutableClock(), List.of(), first, () -> {});
    runner.notProtecting(Cause.CONTAINER_ENDED, "ended", true);
    runner.slipsStarted("slips");
    runner.notProtecting(Cause.CONTAINER_ENDED, "ended", true);
    runner.snapshot().counters().save(folder);

    // A new runner: the counters go on from where the last one left them.
    MetricsState next =
        new MetricsState(new MutableClock(), List.of(), Counters.load(folder), () -> {});
    next.notProtecting(Cause.PROBES_FAILED, "probes", true);
    var m =
        ExpositionParser.parse(
            MetricsText.render(next.snapshot(), MetricsText.Found.NOTHING, "i", "v", Instant.EPOCH),
            new HashMap<>());

    assertThat(m)
        .containsEntry("slips_failover_ap_cuts_total{cause=\"container_ended\"}", 2.0)
        .containsEntry("slips_failover_ap_cuts_total{cause=\"probes_failed\"}", 1.0)
        .containsEntry("slips_failover_slips_restarts_total{cause=\"container_ended\"}", 1.0);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(folder.resolve(Counters.FILE))))
        .isEqualTo("rw-------");
  }

  @Test
  void aFileOthersMayWriteOrALinkCountsNothing() throws Exception {
    Counters c = new Counters();
    c.add(Counters.Kind.CUTS, Cause.RUNNER_ERROR);
    Path real = tmp.resolve("real");
    c.save(real);
    Path linked = Files.createDirectory(tmp.resolve("linked"));
    Files.createSymbolicLink(linked.resolve(Counters.FILE), real.resolve(Counters.FILE));
    assertThat(Counters.load(linked).get(Counters.Kind.CUTS, Cause.RUNNER_ERROR)).isZero();

    Files.setPosixFilePermissions(
        real.resolve(Counters.FILE), PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThat(Counters.load(real).get(Counters.Kind.CUTS, Cause.RUNNER_ERROR)).isZero();
  }

  @Test
  void tornAndUnknownLinesAreDropped() throws Exception {
    Path folder = Files.createDirectory(tmp.resolve("f"));
    Files.writeString(
        folder.resolve(Counters.FILE),
        "cuts container_ended 4\ncuts container_ended\ncuts new_cause 9\nrestarts unsafe_path x\n");
    Files.setPosixFilePermissions(
        folder.resolve(Counters.FILE), PosixFilePermissions.fromString("rw-------"));

    Counters c = Counters.load(folder);

    assertThat(c.get(Counters.Kind.CUTS, Cause.CONTAINER_ENDED)).isEqualTo(4);
    assertThat(c.get(Counters.Kind.RESTARTS, Cause.UNSAFE_PATH)).isZero();
  }
}
