package org.slipsfailover.status;

import java.util.Optional;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.ServiceTimings;
import org.slipsfailover.gate.GateReading;
import org.slipsfailover.probe.ProbeReport;
import org.slipsfailover.probe.RunnerStatus;

/** The one-line answer to "am I protected right now?". */
public record Verdict(boolean protectedNow, String reason) {

  /** Decides from the facts; the first failing condition is the reason. */
  public static Verdict of(Facts f) {
    if (!f.installed()) {
      return no("not installed: run  sudo java -jar failover.jar <wifi>,<eth>");
    }
    if (f.unsafePath().isPresent()) {
      return no(
          "unsafe path: "
              + f.unsafePath().get()
              + " (the runner does not start Slips until it is"
              + " fixed; the access point stays cut)");
    }
    if (crashLoop(f.service())) {
      return no("crash loop: Slips kept dying and systemd gave up; the access point was cut");
    }
    if (!f.service().active()) {
      return no("Slips is down: slips.service is " + f.service().activeState());
    }
    // Unreadable (no access to the engine without root): the active service stands for it, since
    // the runner is only active while its container runs.
    Optional<RunnerStatus> runner = f.protection().runner();
    if (runner.filter(r -> r.phase() == RunnerStatus.Phase.WAITING_FOR_AP).isPresent()) {
      return no(
          "waiting for the access point: Slips starts within a second of it coming up;"
              + " start it once you know why it was cut");
    }
    if (f.container().isPresent() && !f.container().get().running()) {
      return no("Slips is down: its container is not running");
    }
    if (runner.filter(r -> r.phase() == RunnerStatus.Phase.STARTING).isPresent()) {
      return no("Slips is starting: it protects once its Redis and a Zeek per interface answer");
    }
    Optional<ProbeReport> probes = f.protection().probes();
    if (probes.isPresent() && !probes.get().good()) {
      return no("Slips is not protecting: " + probes.get().failures());
    }
    if (f.accessPoint().isPresent() && !f.accessPoint().get().running()) {
      return no("the access point is cut: start it again once Slips is fixed");
    }
    // An unreadable gate (status without root) is said below the verdict, as other unreadables.
    Optional<GateReading> gate = f.gate().filter(g -> g.state() != GateReading.State.UNREADABLE);
    if (gate.isPresent() && !gate.get().open()) {
      return no("the gate is " + gate.get().describe());
    }
    if (!f.timer().active()) {
      return no("the iptables watcher is stopped: new blocking rules would not survive a reboot");
    }
    return new Verdict(true, "Slips is protecting and the access point is up");
  }

  /**
   * systemd 252 (Debian 12, Raspberry Pi OS bookworm) keeps Result=exit-code when the start limit
   * stops its automatic restarts; only later versions say start-limit-hit. So a failed unit that
   * was restarted up to the burst counts as a crash loop too.
   */
  static boolean crashLoop(Facts.Unit service) {
    boolean failed = service.activeState().equals("failed");
    return service.result().equals("start-limit-hit")
        || (failed && service.restarts() >= ServiceTimings.START_LIMIT_BURST - 1)
        // The runner gave up by itself: Slips kept failing while the access point ran.
        || (failed && service.exitStatus() == ExitCode.GAVE_UP.number());
  }

  private static Verdict no(String reason) {
    return new Verdict(false, reason);
  }

  public String headline() {
    return (protectedNow ? "PROTECTED" : "NOT PROTECTED") + ": " + reason;
  }
}
