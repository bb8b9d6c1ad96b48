package org.slipsfailover.supervise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.docker.ContainerEnd;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.DaemonThreads;
import org.slipsfailover.host.MonotonicClock;
import org.slipsfailover.host.Pause;

/**
 * Notices a Docker daemon that hangs without closing its socket: then the engine's wait never
 * answers, and without this the access point would stay up without Slips. Pings the engine while
 * Slips runs and ends the watch as "daemon unreachable" once it has not answered for {@code
 * allowedSilence}. A daemon that stops or crashes closes the wait at once; this is only for hangs.
 *
 * @param interval time between pings
 * @param allowedSilence how long the daemon may go without answering
 * @param clock what the silence is timed by
 * @param pause how the watch waits between pings (a fake one moves a fake clock in tests)
 */
public record DaemonLiveness(Duration interval, Duration allowedSilence, Clock clock, Pause pause) {
  /** A ping every 5 s; 15 s of silence is a hung daemon (a loaded Pi answers within that). */
  public static final DaemonLiveness DEFAULT =
      new DaemonLiveness(Duration.ofSeconds(5), Duration.ofSeconds(15));

  /** In real time, measured so that a jump of the wall clock is no silence. */
  public DaemonLiveness(Duration interval, Duration allowedSilence) {
    this(interval, allowedSilence, MonotonicClock.INSTANCE, Pause.real());
  }

  private static final Logger log = LoggerFactory.getLogger(DaemonLiveness.class);

  /**
   * Pings from a daemon thread until {@code ended} completes; completes it with "daemon
   * unreachable" when the engine stays silent.
   */
  public void watch(SlipsEngine engine, CompletableFuture<ContainerEnd> ended) {
    DaemonThreads.start("docker-liveness", () -> watchUntilDone(engine, ended));
  }

  private void watchUntilDone(SlipsEngine engine, CompletableFuture<ContainerEnd> ended) {
    // Pings run on a thread of their own and the silence is timed here: a frozen daemon accepts
    // the connection and never answers, and the HTTP client's own timeout was seen not to fire.
    ExecutorService pinger =
        Executors.newSingleThreadExecutor(DaemonThreads.factory("docker-ping"));
    AtomicReference<Instant> lastAnswer = new AtomicReference<>(clock.instant());
    CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);
    try {
      while (!Thread.currentThread().isInterrupted()) {
        pause.pause(interval, ended);
        if (ended.isDone()) {
          return;
        }
        if (pending.isDone()) {
          pending =
              CompletableFuture.runAsync(engine::ping, pinger)
                  .thenRun(() -> lastAnswer.set(clock.instant()))
                  .exceptionally(
                      e -> {
                        if (!ended.isDone()) {
                          log.warn(
                              "Docker daemon did not answer a ping: {}", e.getCause().getMessage());
                        }
                        return null;
                      });
        }
        Duration silent = Duration.between(lastAnswer.get(), clock.instant());
        if (silent.compareTo(allowedSilence) >= 0) {
          ended.complete(
              new ContainerEnd(
                  ContainerEnd.Reason.DAEMON_UNREACHABLE,
                  null,
                  "no answer for " + silent.toSeconds() + " s"));
          return;
        }
      }
    } finally {
      pinger.shutdownNow();
    }
  }
}
