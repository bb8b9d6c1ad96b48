package org.slipsfailover.supervise;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.probe.ProbeReport;

/**
 * {@link ProtectionEvents} that can never break the runner: whatever the wrapped listener throws is
 * logged (once per kind of failure, not once a second) and swallowed, so that the cut, the gate and
 * the watchdog go on as if nobody listened.
 */
final class GuardedEvents implements ProtectionEvents {
  private static final Logger log = LoggerFactory.getLogger(GuardedEvents.class);

  private final ProtectionEvents listener;
  private String lastFailure = "";

  private GuardedEvents(ProtectionEvents listener) {
    this.listener = listener;
  }

  static ProtectionEvents wrap(ProtectionEvents listener) {
    return listener instanceof GuardedEvents ? listener : new GuardedEvents(listener);
  }

  @Override
  public void probed(ProbeReport report, Duration took) {
    guarded(() -> listener.probed(report, took));
  }

  @Override
  public void accessPointUp() {
    guarded(listener::accessPointUp);
  }

  @Override
  public void slipsStarted(String containerName) {
    guarded(() -> listener.slipsStarted(containerName));
  }

  @Override
  public void protecting() {
    guarded(listener::protecting);
  }

  @Override
  public void notProtecting(Cause cause, String why, boolean apCut) {
    guarded(() -> listener.notProtecting(cause, why, apCut));
  }

  @Override
  public void runnerEnded(ExitCode code) {
    guarded(() -> listener.runnerEnded(code));
  }

  private void guarded(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException | LinkageError e) {
      String failure = e.toString();
      synchronized (this) {
        if (failure.equals(lastFailure)) {
          return;
        }
        lastFailure = failure;
      }
      log.warn("Notifications/metrics: ignored an error of theirs: {}", failure);
    }
  }
}
