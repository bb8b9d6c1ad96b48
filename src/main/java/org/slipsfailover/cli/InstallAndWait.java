package org.slipsfailover.cli;

import java.time.Duration;
import java.util.function.Supplier;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.host.DaemonThreads;
import org.slipsfailover.install.InstallOptions;
import org.slipsfailover.install.Installer;
import org.slipsfailover.install.Machine;
import org.slipsfailover.status.ProtectionWait;

/**
 * An install as {@code install} and {@code reinstall} run it: the installer, then its last line,
 * the verdict of {@code status}, waited for on a terminal up to the runner's limit for Slips to
 * start protecting. Ctrl-C (SIGINT runs the shutdown hooks) ends the wait at once with the
 * "starting" line.
 */
final class InstallAndWait {
  /** The runner gives Slips this long to protect before it counts a failed start. */
  static final Duration LIMIT = ProbeTimings.DEFAULT.protectWithin();

  private final Machine machine;
  private final Supplier<ProtectionWait> waits;

  InstallAndWait(Machine machine, Supplier<ProtectionWait> waits) {
    this.machine = machine;
    this.waits = waits;
  }

  /** The machine it installs on. */
  Machine machine() {
    return machine;
  }

  /**
   * Installs as {@code options} say, then runs {@code beside} (what the command sets up next to the
   * install), then waits for the verdict, unless dry or offline. Returns the exit code.
   */
  int install(InstallOptions options, Runnable beside) {
    new Installer(machine).install(options);
    beside.run();
    if (!options.dryRun() && !options.offline()) {
      awaitVerdict();
    }
    return 0;
  }

  private void awaitVerdict() {
    ProtectionWait wait = waits.get();
    Thread onCtrlC = DaemonThreads.unstarted("install-ctrl-c", wait::interrupt);
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      wait.await(LIMIT, machine.terminal());
    } finally {
      RunCommand.removeHook(onCtrlC);
    }
  }
}
