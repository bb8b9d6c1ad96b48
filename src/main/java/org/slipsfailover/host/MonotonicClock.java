package org.slipsfailover.host;

import java.time.Duration;
import java.time.Instant;

/**
 * A clock for measuring how long something took or may take: it follows {@link System#nanoTime()},
 * so a jump of the wall clock (a Pi has no battery clock and sets its time from the network after
 * boot) neither ends a wait early nor makes a silence look hours long. Its instants mean nothing as
 * dates.
 */
public final class MonotonicClock extends UtcClock {
  public static final MonotonicClock INSTANCE = new MonotonicClock();

  private final long origin = System.nanoTime();

  private MonotonicClock() {}

  @Override
  public Instant instant() {
    return Instant.EPOCH.plus(Duration.ofNanos(System.nanoTime() - origin));
  }
}
