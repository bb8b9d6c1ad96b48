package org.slipsfailover.docker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slipsfailover.host.MonotonicClock;
import org.slipsfailover.host.Pause;

/**
 * When a pull counts as stalled: silent for longer than {@code limit}, measured by a monotonic
 * clock (a jump of the wall clock must not look like a stalled pull), looked at every {@link
 * #CHECK}.
 *
 * @param pause how the watch waits between two looks
 */
record PullStall(Duration limit, Clock monotonic, Pause pause) {
  /** How often a pull's silence is measured. */
  static final Duration CHECK = Duration.ofSeconds(1);

  /** In real time. */
  static PullStall after(Duration limit) {
    return new PullStall(limit, MonotonicClock.INSTANCE, Pause.real());
  }

  /** Whether a pull last heard of at {@code lastNews} has stalled by now. */
  boolean stalledSince(Instant lastNews) {
    return Duration.between(lastNews, monotonic.instant()).compareTo(limit) > 0;
  }
}
