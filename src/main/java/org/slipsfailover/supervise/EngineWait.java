package org.slipsfailover.supervise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.SlipsEngine;

/**
 * Before each start, waits until the engine answers a ping on a new connection, up to the start
 * limit. An upgrade of Debian's docker.io restarts dockerd, which ends Slips; starting again at
 * once would fail while the engine is still down, and each such failure counts: with {@code
 * --keep-ap} three of them cut the access point, and three failed starts make the runner give up.
 * Waiting instead costs one failure for the whole restart. The gate stays closed meanwhile (the
 * failure closed it), so nothing leaves through an access point that is up.
 *
 * <p>A new connection, because Slips ends while dockerd is still shutting down: it has closed its
 * socket but answers on the connections it had, pings included, for as long as its containers take
 * to stop ({@link org.slipsfailover.docker.SlipsEngine#pingAnew}). A Slips started then is
 * abandoned by the engine on its way out, one more failure.
 */
final class EngineWait {
  private static final Logger log = LoggerFactory.getLogger(EngineWait.class);

  private final SlipsEngine engine;
  private final RunnerParts parts;

  /**
   * @param engine the runner's engine, pinged between two probe intervals ({@code
   *     parts.timings()}), up to the start limit ({@link
   *     org.slipsfailover.config.ProbeTimings#protectWithin})
   */
  EngineWait(SlipsEngine engine, RunnerParts parts) {
    this.engine = engine;
    this.parts = parts;
  }

  /**
   * True once the engine answers; false when {@code stop} completes first.
   *
   * @throws EngineException when it has not answered within the limit (the last failure's line)
   */
  boolean await(CompletableFuture<?> stop) {
    Clock clock = parts.clock();
    Duration limit = parts.timings().protectWithin();
    Instant since = clock.instant();
    boolean said = false;
    while (!stop.isDone()) {
      try {
        engine.pingAnew();
        if (said) {
          log.info(
              "Docker engine answers again (after {} s): starting Slips",
              Duration.between(since, clock.instant()).toSeconds());
        }
        return true;
      } catch (EngineException e) {
        if (Duration.between(since, clock.instant()).compareTo(limit) >= 0) {
          throw new EngineException(
              "the Docker engine did not answer within "
                  + limit.toSeconds()
                  + " s: "
                  + e.getMessage(),
              e);
        }
        if (!said) {
          said = true;
          log.warn(
              "Docker engine does not answer ({}); Slips starts when it does (up to {} s)",
              e.getMessage(),
              limit.toSeconds());
        }
      }
      parts.gate().check();
      parts.serviceManager().watchdog();
      parts.pause().pause(parts.timings().interval(), stop);
    }
    return false;
  }
}
