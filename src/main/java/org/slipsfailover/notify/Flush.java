package org.slipsfailover.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slipsfailover.host.Pause;

/**
 * {@code notify --flush}: sends what is pending when no runner does (systemd gave up, the service
 * was stopped), passing again when due, until nothing is pending or {@code limit} has passed (an
 * hour: what is still pending then waits in the spool for the next runner or flush).
 */
public final class Flush {
  /** The longest one wait between two passes, so that the limit is kept. */
  private static final Duration STEP = Duration.ofMinutes(1);

  private Flush() {}

  /** Returns whether everything pending was sent. */
  public static boolean run(Outbox outbox, Clock clock, Pause pause, Duration limit) {
    long end = clock.millis() + limit.toMillis();
    while (true) {
      long next = outbox.pass(List.of());
      if (next == 0) {
        return true;
      }
      long now = clock.millis();
      if (now >= end || Thread.currentThread().isInterrupted()) {
        return false;
      }
      long wait = Math.min(Math.max(next - now, 1), Math.min(end - now, STEP.toMillis()));
      pause.pause(Duration.ofMillis(wait));
    }
  }
}
