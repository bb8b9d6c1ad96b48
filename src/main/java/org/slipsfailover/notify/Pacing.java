package org.slipsfailover.notify;

import java.time.Duration;

/**
 * When messages go out. A change waits {@code gather} for the changes that come right after it (a
 * kill, then the restart); after {@code burst} messages within {@code period}, the next waits until
 * the oldest of them is {@code period} old, folding everything meanwhile into one message: a crash
 * loop sends a handful, not a hundred. A failed attempt is tried again after {@code firstRetry},
 * doubling up to {@code maxRetry}, for as long as something is pending (an hour and more).
 */
public record Pacing(
    Duration gather, int burst, Duration period, Duration firstRetry, Duration maxRetry) {
  public static final Pacing DEFAULT =
      new Pacing(
          Duration.ofSeconds(1),
          3,
          Duration.ofMinutes(5),
          Duration.ofSeconds(5),
          Duration.ofMinutes(5));

  /** The wait after {@code failures} failed attempts in a row (at least one). */
  Duration retryAfter(int failures) {
    Duration d = firstRetry;
    for (int i = 1; i < failures && d.compareTo(maxRetry) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxRetry) > 0 ? maxRetry : d;
  }
}
