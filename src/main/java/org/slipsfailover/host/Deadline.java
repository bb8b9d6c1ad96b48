package org.slipsfailover.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The end of a time limit, on a clock that does not jump ({@link MonotonicClock} unless a test
 * gives its own): how much of the limit is left, and whether it has passed. The one way a time
 * limit is counted down, for the kernel's waits (a poll, a queue) as for the runner's.
 */
public record Deadline(Clock clock, Instant at) {

  /** {@code limit} from now, on the monotonic clock. */
  public static Deadline in(Duration limit) {
    return in(limit, MonotonicClock.INSTANCE);
  }

  public static Deadline in(Duration limit, Clock clock) {
    return new Deadline(clock, clock.instant().plus(limit));
  }

  /** What is left of the limit; zero once it has passed. */
  public Duration left() {
    Duration left = Duration.between(clock.instant(), at);
    return left.isNegative() ? Duration.ZERO : left;
  }

  public boolean passed() {
    return !clock.instant().isBefore(at);
  }
}
