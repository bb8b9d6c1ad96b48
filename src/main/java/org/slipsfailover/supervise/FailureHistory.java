package org.slipsfailover.supervise;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When Slips failed, to tell a Slips that keeps failing (a broken image or configuration) from one
 * that fails now and then: {@code limit} failures within {@code window} is the former.
 */
final class FailureHistory {
  private final int limit;
  private final Duration window;
  private final Deque<Instant> failures = new ArrayDeque<>();

  FailureHistory(int limit, Duration window) {
    this.limit = limit;
    this.window = window;
  }

  void clear() {
    failures.clear();
  }

  /** Records a failure at {@code now}; true when it makes {@code limit} within the window. */
  boolean recordAndCheck(Instant now) {
    failures.addLast(now);
    while (Duration.between(failures.peekFirst(), now).compareTo(window) > 0) {
      failures.removeFirst();
    }
    return failures.size() >= limit;
  }
}
