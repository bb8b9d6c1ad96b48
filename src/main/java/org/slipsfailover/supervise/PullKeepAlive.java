package org.slipsfailover.supervise;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.DaemonThreads;

/**
 * Pulls Slips' image when it is not here, and keeps the runner alive while the pull makes progress:
 * before the runner is ready (the first time) by extending systemd's start timeout, later by
 * feeding the watchdog. A pull that stalls stops doing so, and systemd ends the runner.
 */
final class PullKeepAlive {
  static final Duration PULL_TICK = Duration.ofSeconds(2);
  static final Duration PULL_EXTEND_BY = Duration.ofSeconds(60);

  /** A pull silent this long is stuck: stop extending, and let systemd's start timeout end it. */
  static final Duration PULL_STALL = Duration.ofMinutes(3);

  private static final Logger log = LoggerFactory.getLogger(PullKeepAlive.class);

  private final SlipsEngine engine;
  private final ServiceManager serviceManager;
  private final Clock clock;

  PullKeepAlive(SlipsEngine engine, ServiceManager serviceManager, Clock clock) {
    this.engine = engine;
    this.serviceManager = serviceManager;
    this.clock = clock;
  }

  /**
   * @param beforeReady whether systemd still waits for the runner's READY=1
   */
  void ensureImage(String image, boolean beforeReady) {
    if (engine.imagePresent(image)) {
      return;
    }
    log.info("Image {} is not here; pulling it", image);
    PullReport report = new PullReport(image, clock);
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("pull-keepalive"));
    Runnable keepAlive = () -> keepAlive(image, report, beforeReady);
    keepAlive.run();
    ticker.scheduleAtFixedRate(
        keepAlive, PULL_TICK.toMillis(), PULL_TICK.toMillis(), TimeUnit.MILLISECONDS);
    try {
      engine.pull(image, report::accept);
    } finally {
      ticker.shutdownNow();
    }
    log.info("Pulled image {}", image);
  }

  /** While a pull makes progress, it is the supervision: a stalled one lets systemd end us. */
  private void keepAlive(String image, PullReport report, boolean beforeReady) {
    if (report.stalled(PULL_STALL)) {
      log.warn(
          "Pull of {} made no progress for {} s; no longer keeping the runner alive",
          image,
          PULL_STALL.toSeconds());
      return;
    }
    if (beforeReady) {
      serviceManager.extendStartTimeout(PULL_EXTEND_BY);
    } else {
      serviceManager.watchdog();
    }
  }
}
