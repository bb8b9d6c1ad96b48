package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.CutOutcome;
import org.slipsfailover.ap.RunningAp;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.UninstallMarker;

class LeaveApUpDuringUninstallTest {
  @TempDir Path root;
  final InterfacePair pair = new InterfacePair("wlan0", "eth0");
  final List<InterfacePair> cuts = new ArrayList<>();
  final AccessPoints recording =
      new AccessPoints() {
        @Override
        public Optional<RunningAp> find(InterfacePair p) {
          return Optional.empty();
        }

        @Override
        public CutOutcome cut(InterfacePair p) {
          cuts.add(p);
          return CutOutcome.cut("cut");
        }
      };

  @Test
  void cutsWhenNoUninstallRuns() {
    var aps = new LeaveApUpDuringUninstall(recording, new UninstallMarker(HostRoot.of(root)));
    assertThat(aps.cut(pair).how()).isEqualTo("cut");
    assertThat(cuts).containsExactly(pair);
  }

  @Test
  void leavesTheApWhileThisProcessUninstalls() {
    UninstallMarker marker = new UninstallMarker(HostRoot.of(root));
    marker.set();
    var aps = new LeaveApUpDuringUninstall(recording, marker);
    CutOutcome outcome = aps.cut(pair);
    assertThat(outcome.leftUp()).isTrue();
    assertThat(outcome.how())
        .startsWith("left as it is: failover uninstall (pid " + ProcessHandle.current().pid());
    assertThat(cuts).isEmpty();
    marker.clear();
    aps.cut(pair);
    assertThat(cuts).containsExactly(pair);
  }

  @Test
  void aMarkerLeftByADeadUninstallCountsForNothing() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path file = root.resolve(UninstallMarker.PATH.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, gone.pid() + " 2026-01-01T00:00:00Z\n");
    var aps = new LeaveApUpDuringUninstall(recording, new UninstallMarker(HostRoot.of(root)));
    aps.cut(pair);
    assertThat(cuts).containsExactly(pair);
  }

  @Test
  void aLivePidWithAnotherStartTimeCountsForNothing() throws Exception {
    // The pid of a live process, but not the uninstaller that wrote the marker (pid reuse).
    Path file = root.resolve(UninstallMarker.PATH.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, ProcessHandle.current().pid() + " 2000-01-01T00:00:00Z\n");
    var aps = new LeaveApUpDuringUninstall(recording, new UninstallMarker(HostRoot.of(root)));
    aps.cut(pair);
    assertThat(cuts).containsExactly(pair);
  }
}
