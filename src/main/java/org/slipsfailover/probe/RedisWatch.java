package org.slipsfailover.probe;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slipsfailover.host.DaemonThreads;
import org.slipsfailover.host.Pause;

/**
 * Slips' Redis, asked {@code PING} every {@link #EVERY} over one connection, between the probes:
 * the moment it does not answer within the timeout (frozen, gone, restarted), the future completes
 * and the runner closes the gate and probes at once. A probe a second with a 500 ms timeout alone
 * noticed a frozen Redis up to 1.5 s late; this notices it within {@code EVERY} plus the timeout
 * (0.9 s). The probes still judge; this only wakes them.
 */
final class RedisWatch {
  /** Five PINGs in two seconds: a few tens of microseconds of CPU each, over an open connection. */
  static final Duration EVERY = Duration.ofMillis(400);

  private RedisWatch() {}

  /**
   * Starts watching on a daemon thread of its own, which ends with the watch. Cancelling the future
   * ends it too, within one round.
   *
   * @param slipsOwnsIt whether the Redis listening now is Slips' ({@link RedisOwner})
   * @return completes when Redis did not answer a PING within {@code timeout}, or is not Slips'
   */
  static CompletableFuture<Void> start(
      int port, Duration timeout, Duration every, BooleanSupplier slipsOwnsIt) {
    CompletableFuture<Void> silent = new CompletableFuture<>();
    DaemonThreads.start(
        "redis-watch-" + port, () -> watch(port, timeout, every, slipsOwnsIt, silent));
    return silent;
  }

  private static void watch(
      int port,
      Duration timeout,
      Duration every,
      BooleanSupplier slipsOwnsIt,
      CompletableFuture<Void> silent) {
    try (Socket socket = RedisPing.connect(port, timeout)) {
      socket.setTcpNoDelay(true);
      // The connection is checked once, after its first answer: it stays with that Redis.
      boolean ours = RedisPing.pingOn(socket).isEmpty() && slipsOwnsIt.getAsBoolean();
      Pause pause = Pause.real();
      while (ours
          && !silent.isDone()
          && !Thread.currentThread().isInterrupted()
          && RedisPing.pingOn(socket).isEmpty()) {
        pause.pause(every, silent);
      }
    } catch (IOException e) {
      // No answer in time, or the connection refused or ended: silent all the same.
    }
    silent.complete(null);
  }
}
