package org.slipsfailover.testing;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The one way tests wait for something to happen: Awaitility, checking at once and then every few
 * milliseconds, failing with the condition's description at the limit. The limit catches a missing
 * mechanism, not a slow machine.
 */
public final class Poll {
  private Poll() {}

  /** Checks right away, then every 5 ms, for at most {@code atMost}. */
  public static ConditionFactory within(Duration atMost) {
    return within(atMost, Duration.ofMillis(5));
  }

  public static ConditionFactory within(Duration atMost, Duration every) {
    return Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(every);
  }
}
