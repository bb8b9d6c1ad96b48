package org.slipsfailover.host;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way this program waits: for real, or (in unit tests) by moving a fake clock on, so that
 * no test depends on how long something really takes.
 */
@FunctionalInterface
public interface Pause {

  /** Waits {@code length}, or less when {@code early} completes first. */
  void pause(Duration length, CompletableFuture<?> early);

  /**
   * Waits {@code length}. Interrupted, it returns early with the thread's interrupt kept for the
   * caller to see.
   */
  default void pause(Duration length) {
    pause(length, new CompletableFuture<>());
  }

  /** In real time; an interrupt ends the wait, and is kept. */
  static Pause real() {
    return (length, early) -> {
      try {
        early.get(length.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // The time is up, or the early one completed (with a failure the caller reads itself).
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }
}
