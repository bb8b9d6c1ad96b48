package org.slipsfailover.supervise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.docker.PullProgress;

/**
 * Logs a pull's progress in steps of {@link #STEP_PERCENT} (not a line per engine message) and
 * remembers when progress last came, so that a stuck pull stops extending the start timeout.
 */
final class PullReport {
  static final int STEP_PERCENT = 10;
  private static final Logger log = LoggerFactory.getLogger(PullReport.class);

  private final String image;
  private final Clock clock;
  private volatile Instant lastProgress;
  private int loggedStep = -1; // only the pulling thread writes it

  PullReport(String image, Clock clock) {
    this.image = image;
    this.clock = clock;
    this.lastProgress = clock.instant();
  }

  void accept(PullProgress progress) {
    lastProgress = clock.instant();
    if (progress.total() <= 0) {
      return;
    }
    int step = (int) (progress.current() * 100 / progress.total()) / STEP_PERCENT;
    if (step > loggedStep) {
      loggedStep = step;
      log.info(
          "Pulling {}: {}% of {} MB seen so far",
          image, step * STEP_PERCENT, progress.total() / (1024 * 1024));
    }
  }

  boolean stalled(Duration limit) {
    return Duration.between(lastProgress, clock.instant()).compareTo(limit) > 0;
  }
}
