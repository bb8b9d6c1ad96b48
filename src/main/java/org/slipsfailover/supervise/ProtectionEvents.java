package org.slipsfailover.supervise;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.probe.ProbeReport;

/**
 * What the runner tells the owner's tools (notifications, metrics) about protection: every probe,
 * every change of protection, every start and its end. Called on the runner's own thread, always
 * after the gate and the cut, never before: an implementation only records and hands the work to a
 * thread or process of its own, and must not wait on the network, a disk someone else controls or a
 * lock the runner holds. {@link RunnerParts} wraps every implementation so that an exception it
 * throws is logged and never reaches the runner.
 */
public interface ProtectionEvents {

  /** Why Slips stopped protecting (or never did): few values, fit for a metric's label. */
  enum Cause {
    /** Slips' container ended (crashed, was killed, or Slips exited). */
    CONTAINER_ENDED,
    /** Probes failed several times in a row: Redis or a Zeek missing, Slips blind. */
    PROBES_FAILED,
    /** A started Slips did not protect within the start limit. */
    NEVER_PROTECTED,
    /** The Docker engine did not answer or refused to start Slips. */
    ENGINE_FAILED,
    /** A path in the Slips folder is unsafe (a link, someone else's): Slips is not started. */
    UNSAFE_PATH,
    /** A bug in the runner. */
    RUNNER_ERROR,
    /** systemd asked the runner to stop ({@code systemctl stop}, shutdown). */
    STOP_REQUESTED;

    /** "container_ended": the metric label and the word in messages. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** After each probe; {@code took} is the probe's own duration. */
  default void probed(ProbeReport report, Duration took) {}

  /** The runner found the access point serving, and starts (or adopts) Slips for it. */
  default void accessPointUp() {}

  /** A new Slips container was started (not an adopted one). */
  default void slipsStarted(String containerName) {}

  /** The first good probe of a container: Slips protects from now on. */
  default void protecting() {}

  /**
   * Slips stopped protecting, or a start failed; called once the gate is revoked and the access
   * point cut (or kept up with {@code --keep-ap}).
   *
   * @param why the line the log has
   * @param apCut whether the access point was cut
   */
  default void notProtecting(Cause cause, String why, boolean apCut) {}

  /** The runner ends with this code (stopped, gave up, error). */
  default void runnerEnded(ExitCode code) {}

  /** Tells each of {@code listeners}, in order; each guarded on its own. */
  static ProtectionEvents all(List<ProtectionEvents> listeners) {
    List<ProtectionEvents> guarded = listeners.stream().map(GuardedEvents::wrap).toList();
    return new ProtectionEvents() {
      @Override
      public void probed(ProbeReport report, Duration took) {
        guarded.forEach(l -> l.probed(report, took));
      }

      @Override
      public void accessPointUp() {
        guarded.forEach(ProtectionEvents::accessPointUp);
      }

      @Override
      public void slipsStarted(String containerName) {
        guarded.forEach(l -> l.slipsStarted(containerName));
      }

      @Override
      public void protecting() {
        guarded.forEach(ProtectionEvents::protecting);
      }

      @Override
      public void notProtecting(Cause cause, String why, boolean apCut) {
        guarded.forEach(l -> l.notProtecting(cause, why, apCut));
      }

      @Override
      public void runnerEnded(ExitCode code) {
        guarded.forEach(l -> l.runnerEnded(code));
      }
    };
  }

  /** Tells nobody. */
  static ProtectionEvents none() {
    return new ProtectionEvents() {};
  }
}
