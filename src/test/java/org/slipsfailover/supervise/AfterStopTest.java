package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.host.HandOver;

/** cut-ap's policy after every stop of the service, on the runner's fakes. */
class AfterStopTest extends RunnerFixture {
  @TempDir Path dir;

  private final InterfacePair pair = new InterfacePair("wlan0", "eth0");

  private ExitCode check(HandOver handOver, Optional<String> container) {
    return new AfterStop(accessPoints, () -> engine, handOver, clock, "slips.service")
        .check(pair, container, "exit-code", new StartHistory(dir.resolve("state")));
  }

  @Test
  void cutsThenStopsTheContainerLeftWithoutItsRunner() {
    assertThat(check(HandOver.none(), Optional.of("slips"))).isEqualTo(ExitCode.OK);
    assertThat(events).containsExactly("cut wlan0,eth0", "stop slips 30s");
  }

  @Test
  void leavesContainersAloneWithoutAName() {
    check(HandOver.none(), Optional.empty());
    assertThat(events).containsExactly("cut wlan0,eth0");
  }

  @Test
  void duringAHandOverNeitherCutsNorStops() {
    HandOver handOver = new HandOver(dir.resolve("run/handover"), clock);
    handOver.mark();

    assertThat(check(handOver, Optional.of("slips"))).isEqualTo(ExitCode.OK);
    assertThat(events).isEmpty();
  }

  @Test
  void aCutThatFailedSaysTheAccessPointMayBeUp() {
    accessPoints.cutFailure = new IllegalStateException("no /proc");
    assertThat(check(HandOver.none(), Optional.empty())).isEqualTo(ExitCode.AP_MAY_BE_UP);
  }

  @Test
  void aBadContainerNameIsRefusedOnlyAfterTheCut() {
    assertThatThrownBy(() -> check(HandOver.none(), Optional.of("no spaces allowed")))
        .isInstanceOf(BadInputException.class);
    assertThat(events).containsExactly("cut wlan0,eth0");
  }
}
