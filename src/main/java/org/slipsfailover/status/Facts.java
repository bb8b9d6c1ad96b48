package org.slipsfailover.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slipsfailover.gate.GateReading;
import org.slipsfailover.docker.ContainerState;
import org.slipsfailover.probe.ProbeReport;
import org.slipsfailover.probe.RunnerStatus;

/**
 * What {@code failover status} read off the machine. Every field that could not be read says so
 * (an empty Optional), and {@link #unreadable} says why. {@link #unsafePath} says why the runner
 * refuses the Slips folder ({@code host.SlipsFolder}), when it does.
 */
public record Facts(
    boolean installed,
    Unit service,
    Unit timer,
    Optional<ContainerState> container,
    Optional<AccessPoint> accessPoint,
    Optional<Instant> rulesSavedAt,
    List<String> logTail,
    List<String> unreadable,
    Protection protection,
    Optional<String> unsafePath,
    Optional<GateReading> gate) {

  /** Without what the runner says and what the probes see (not installed, or not readable). */
  public Facts(boolean installed, Unit service, Unit timer, Optional<ContainerState> container,
      Optional<AccessPoint> accessPoint, Optional<Instant> rulesSavedAt, List<String> logTail,
      List<String> unreadable) {
    this(installed, service, timer, container, accessPoint, rulesSavedAt, logTail, unreadable,
        Protection.UNKNOWN, Optional.empty(), Optional.empty());
  }

  /** With a Slips folder that root may use. */
  public Facts(boolean installed, Unit service, Unit timer, Optional<ContainerState> container,
      Optional<AccessPoint> accessPoint, Optional<Instant> rulesSavedAt, List<String> logTail,
      List<String> unreadable, Protection protection) {
    this(installed, service, timer, container, accessPoint, rulesSavedAt, logTail, unreadable,
        protection, Optional.empty(), Optional.empty());
  }

  /** Without what the runner says and what the probes see, and with an unsafe Slips folder. */
  public Facts(boolean installed, Unit service, Unit timer, Optional<ContainerState> container,
      Optional<AccessPoint> accessPoint, Optional<Instant> rulesSavedAt, List<String> logTail,
      List<String> unreadable, Optional<String> unsafePath) {
    this(installed, service, timer, container, accessPoint, rulesSavedAt, logTail, unreadable,
        Protection.UNKNOWN, unsafePath, Optional.empty());
  }

  /**
   * Whether Slips protects: what the runner says it does (systemd's StatusText), and what the
   * probes see right now, when the container runs.
   */
  public record Protection(Optional<RunnerStatus> runner, Optional<ProbeReport> probes) {
    public static final Protection UNKNOWN = new Protection(Optional.empty(), Optional.empty());
  }

  /**
   * A systemd unit as {@code systemctl show} reports it.
   *
   * @param result systemd's Result= ("success", "exit-code", "start-limit-hit"...)
   */
  public record Unit(
      String name,
      String activeState,
      String subState,
      String result,
      Optional<Instant> since,
      int restarts,
      Optional<Instant> lastTrigger,
      int exitStatus) {

    /** Without the main process's last exit status (not read). */
    public Unit(String name, String activeState, String subState, String result,
        Optional<Instant> since, int restarts, Optional<Instant> lastTrigger) {
      this(name, activeState, subState, result, since, restarts, lastTrigger, 0);
    }

    public boolean active() {
      return activeState.equals("active");
    }
  }

  /** The access point: its create_ap pid, unit and hostapd, if one runs. */
  public record AccessPoint(boolean running, String description) {}
}
