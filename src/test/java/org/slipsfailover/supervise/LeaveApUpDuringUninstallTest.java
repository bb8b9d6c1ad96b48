package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.ap.CutOutcome;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.UninstallMarker;

class LeaveApUpDuringUninstallTest {
  @TempDir Path root;
  final InterfacePair pair = new InterfacePair("wlan0", "eth0");
  final List<String> cuts = new ArrayList<>();
  final FakeAccessPoints recording = new FakeAccessPoints(cuts);

  /** The marker file as an uninstall writes it: "PID START-TIME". */
  private void writeMarker(String line) throws Exception {
    Path file = root.resolve(UninstallMarker.PATH.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, line);
  }

  @Test
  void cutsWhenNoUninstallRuns() {
    var aps = new LeaveApUpDuringUninstall(recording, new UninstallMarker(HostRoot.of(root)));
    assertThat(aps.cut(pair).how()).isEqualTo("sent SIGTERM");
    assertThat(cuts).containsExactly("cut " + pair);
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
    assertThat(cuts).containsExactly("cut " + pair);
  }

  @Test
  void aMarkerLeftByADeadUninstallCountsForNothing() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    writeMarker(gone.pid() + " 2026-01-01T00:00:00Z\n");
    var aps = new LeaveApUpDuringUninstall(recording, new UninstallMarker(HostRoot.of(root)));
    aps.cut(pair);
    assertThat(cuts).containsExactly("cut " + pair);
  }

  @Test
  void aLivePidWithAnotherStartTimeCountsForNothing() throws Exception {
    // The pid of a live process, but not the uninstaller that wrote the marker (pid reuse).
    writeMarker(ProcessHandle.current().pid() + " 2000-01-01T00:00:00Z\n");
    var aps = new LeaveApUpDuringUninstall(recording, new UninstallMarker(HostRoot.of(root)));
    aps.cut(pair);
    assertThat(cuts).containsExactly("cut " + pair);
  }
}
