package org.slipsfailover.cli;

import java.time.Duration;
import java.util.function.Supplier;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.host.DaemonThreads;
import org.slipsfailover.install.InstallOptions;
import org.slipsfailover.status.ProtectionWait;

/**
 * The last line of {@code install} and {@code reinstall}: the verdict of {@code status}, waited for
 * on a terminal up to the runner's limit for Slips to start protecting. Ctrl-C (SIGINT runs the
 * shutdown hooks) ends the wait at once with the "starting" line.
 */
final class EndOfInstall {
  /** The runner gives Slips this long to protect before it counts a failed start. */
  static final Duration LIMIT = ProbeTimings.DEFAULT.protectWithin();

  private final Supplier<ProtectionWait> waits;
  private final boolean terminal;

  EndOfInstall(Supplier<ProtectionWait> waits, boolean terminal) {
    this.waits = waits;
    this.terminal = terminal;
  }

  void after(InstallOptions options) {
    if (options.dryRun() || options.offline()) {
      return;
    }
    ProtectionWait wait = waits.get();
    Thread onCtrlC = DaemonThreads.unstarted("install-ctrl-c", wait::interrupt);
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      wait.await(LIMIT, terminal);
    } finally {
      RunCommand.removeHook(onCtrlC);
    }
  }
}
