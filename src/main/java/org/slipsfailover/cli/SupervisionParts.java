package org.slipsfailover.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.host.UninstallMarker;
import org.slipsfailover.supervise.LeaveApUpDuringUninstall;
import org.slipsfailover.units.HostFile;

/**
 * What {@code run} and {@code cut-ap} act on: the host's root (its /proc), host commands, the access points, the installed
 * watcher script, and the environment systemd gives them ({@code NOTIFY_SOCKET}, and for {@code
 * ExecStopPost=} {@code SERVICE_RESULT}, {@code EXIT_CODE}, {@code EXIT_STATUS}). Tests pass their
 * own.
 */
record SupervisionParts(
    HostRoot root,
    Commands commands,
    Supplier<AccessPoints> accessPoints,
    Path watcherScript,
    Map<String, String> environment) {

  static SupervisionParts live() {
    HostRoot root = HostRoot.live();
    return new SupervisionParts(
        root,
        new ProcessCommands(),
        () -> new LeaveApUpDuringUninstall(LiveParts.accessPoints(root), new UninstallMarker(root)),
        root.resolve(HostFile.WATCHER_SCRIPT),
        System.getenv());
  }
}
