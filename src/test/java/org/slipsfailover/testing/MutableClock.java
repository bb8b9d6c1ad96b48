package org.slipsfailover.testing;

import java.time.Duration;
import java.time.Instant;
import org.slipsfailover.host.UtcClock;

/**
 * A clock that moves only when the test moves it (thread-safe: a runner and its fake pause share
 * it).
 */
public final class MutableClock extends UtcClock {
  private volatile Instant now;

  public MutableClock() {
    this(Instant.parse("2026-11-26T03:00:00Z"));
  }

  public MutableClock(Instant start) {
    this.now = start;
  }

  public void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
