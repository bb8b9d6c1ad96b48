package org.slipsfailover.supervise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slipsfailover.docker.ContainerSpec;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.ForwardingEngine;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.DaemonThreads;
import org.slipsfailover.host.Pause;

/**
 * The engine as the runner uses it: the calls that can outlast {@code WatchdogSec=} on a Pi (a
 * container's removal, its creation and start, its stop) keep systemd's watchdog fed while they
 * run. Creating a container of a 5 GB image on an SD card takes seconds; under load, over 10 s were
 * seen in the smoke test; a stop takes up to its grace, which is longer than the watchdog's period.
 *
 * <p>Such a call runs on a daemon thread of its own while the caller's thread feeds the watchdog
 * and checks the gate every interval, as the supervision loop does (a lease element added by hand
 * while a container is being created is removed within an interval, not after the start), up to a
 * limit. A daemon that does not answer by then is an {@link EngineException}: the caller fails
 * closed, as the watchdog would have, and a hung daemon cannot hang the runner. Every other call
 * goes straight through.
 *
 * @param gate checked every interval while a call runs
 * @param clock times the limits (monotonic in production)
 * @param feedEvery how often the watchdog is fed while a call runs (the probe interval)
 */
record WatchdogFedEngine(
    SlipsEngine engine,
    ServiceManager serviceManager,
    GateHold gate,
    Clock clock,
    Pause pause,
    Duration feedEvery)
    implements ForwardingEngine {
  /**
   * How long a container's removal, or its creation and start, may take before it counts as hung.
   */
  static final Duration CALL_LIMIT = Duration.ofSeconds(120);

  /** How much longer than the grace a stop may take before the runner moves on. */
  static final Duration STOP_SLACK = Duration.ofSeconds(15);

  /** Time an engine call gets to answer before the watchdog is fed: most answer at once. */
  static final Duration QUICK_ANSWER = Duration.ofMillis(200);

  @Override
  public boolean removeIfExists(String name) {
    return fed("remove the old container", () -> engine.removeIfExists(name));
  }

  @Override
  public String createAndStart(ContainerSpec spec) {
    return fed("create and start the container", () -> engine.createAndStart(spec));
  }

  /**
   * @throws EngineException when the engine could not stop it, or did not answer within the grace
   *     and {@link #STOP_SLACK}
   */
  @Override
  public void stop(String containerId, Duration grace) {
    Duration limit = grace.plus(STOP_SLACK);
    fed(
        "slips-stop",
        limit,
        () -> "no answer within " + limit.toSeconds() + " s",
        () -> {
          engine.stop(containerId, grace);
          return null;
        });
  }

  private <T> T fed(String what, Supplier<T> call) {
    return fed(
        "slips-engine-call",
        CALL_LIMIT,
        () -> "the Docker engine did not " + what + " within " + CALL_LIMIT.toSeconds() + " s",
        call);
  }

  private <T> T fed(String thread, Duration limit, Supplier<String> late, Supplier<T> call) {
    CompletableFuture<T> done =
        CompletableFuture.supplyAsync(call, DaemonThreads.eachOnItsOwn(thread));
    try {
      // In real time, not on the clock: a quick answer leaves the clock (a fake one in tests) as
      // it was, and no watchdog round is spent on it.
      done.get(QUICK_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // slow: fed below; failed: thrown below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Instant deadline = clock.instant().plus(limit);
    while (!done.isDone() && clock.instant().isBefore(deadline)) {
      serviceManager.watchdog();
      gate.check();
      pause.pause(feedEvery, done);
    }
    if (!done.isDone()) {
      throw new EngineException(late.get(), null);
    }
    try {
      return done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
