package org.slipsfailover.ap;

import java.time.Clock;
import java.time.Duration;
import org.slipsfailover.host.MonotonicClock;
import org.slipsfailover.host.Pause;

/**
 * How long cutting waits, and how often it looks.
 *
 * @param poll the pause between two looks at /proc while waiting for the AP to go
 * @param grace how long create_ap may take to clean up after the signal before we escalate
 * @param hostapdGrace how long a hostapd may take to exit on SIGTERM before SIGKILL
 * @param clock what those durations are measured by
 * @param pause how cutting waits between two looks (a fake one moves a fake clock in tests)
 */
public record CutTiming(
    Duration poll, Duration grace, Duration hostapdGrace, Clock clock, Pause pause) {

  /** In real time, measured so that a jump of the wall clock neither ends nor stretches a wait. */
  public CutTiming(Duration poll, Duration grace, Duration hostapdGrace) {
    this(poll, grace, hostapdGrace, MonotonicClock.INSTANCE, Pause.real());
  }

  public CutTiming {
    if (poll.isNegative() || poll.isZero() || grace.isNegative() || hostapdGrace.isNegative()) {
      throw new IllegalArgumentException("poll must be positive, graces not negative");
    }
  }

  /** create_ap's cleanup (iptables, interfaces, NetworkManager) takes about a second on a Pi. */
  public static CutTiming defaults() {
    return new CutTiming(Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(1));
  }
}
