package org.slipsfailover.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slipsfailover.docker.ContainerState;
import org.slipsfailover.gate.GateReading;
import org.slipsfailover.host.ImagePin;
import org.slipsfailover.probe.ProbeReport;
import org.slipsfailover.probe.RunnerStatus;

/**
 * What {@code failover status} read off the machine. Every field that could not be read says so (an
 * empty Optional), and {@link #unreadable} says why. {@link #unsafePath} says why the runner
 * refuses the Slips folder ({@code host.SlipsFolder}), when it does. {@link #findings} is what
 * Slips found in its current run (its alerts and the addresses it blocks). {@link #pin} is the
 * image the runner starts, by digest ({@code host.ImagePin}), when one is pinned.
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
    Optional<GateReading> gate,
    SlipsFindings findings,
    Optional<ImagePin> pin) {

  /** Not installed: only the units could be looked at. */
  public static Facts notInstalled(Unit service, Unit timer, List<String> unreadable) {
    return new Facts(
        false,
        service,
        timer,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        unreadable,
        Protection.UNKNOWN,
        Optional.empty(),
        Optional.empty(),
        SlipsFindings.NONE,
        Optional.empty());
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
   * @param exitStatus the main process's last exit status (ExecMainStatus=)
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

    public boolean active() {
      return activeState.equals("active");
    }
  }

  /** The access point: its create_ap pid, unit and hostapd, if one runs. */
  public record AccessPoint(boolean running, String description) {}
}
