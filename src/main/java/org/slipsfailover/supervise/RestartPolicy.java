package org.slipsfailover.supervise;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How systemd supervises {@code slips.service}: the numbers the unit is rendered from, and the
 * start limit arithmetic that tells when systemd will give up restarting.
 *
 * <p>With {@code Restart=always} and a 5 s pause, systemd's default limit (5 starts in 10 s) is
 * never reached, so a crash loop used to run forever, silently. 5 starts in 120 s is reached by a
 * Slips that dies at once each time (about 25 s for 5 starts), yet a Slips that dies once an hour
 * keeps being restarted.
 */
public final class RestartPolicy {
  /** {@code RestartSec=} in [Service]. */
  public static final int RESTART_SEC = 5;
  /** {@code StartLimitIntervalSec=} in [Unit]. */
  public static final int START_LIMIT_INTERVAL_SEC = 120;
  /** {@code StartLimitBurst=} in [Unit]. */
  public static final int START_LIMIT_BURST = 5;
  /**
   * How long the runner's stop hook gives Slips to stop before the engine kills it. Slips runs
   * under {@code bash -c} as PID 1, which ignores SIGTERM, so expect the whole grace to pass.
   */
  public static final int CONTAINER_STOP_GRACE_SEC = 30;
  /** {@code TimeoutStopSec=}: the grace, plus time to cut the AP and save the rules. */
  public static final int TIMEOUT_STOP_SEC = CONTAINER_STOP_GRACE_SEC + 30;
  /**
   * {@code TimeoutStartSec=}: enough to start a present image; a pull extends it as it goes with
   * {@code EXTEND_TIMEOUT_USEC=}.
   */
  public static final int TIMEOUT_START_SEC = 120;

  private RestartPolicy() {}

  /**
   * Whether systemd will refuse the restart that follows a stop at {@code now}, given every start
   * of the service so far (oldest first). Replays systemd's own fixed-window rate limit
   * ({@code ratelimit_below()}): a window opens at the first start after the previous window ran
   * out, and at most {@code burst} starts are allowed in it.
   */
  public static boolean restartRefused(List<Instant> starts, Instant now) {
    return !allowed(starts, now.plusSeconds(RESTART_SEC), Duration.ofSeconds(START_LIMIT_INTERVAL_SEC), START_LIMIT_BURST);
  }

  static boolean allowed(List<Instant> starts, Instant next, Duration interval, int burst) {
    Instant begin = null;
    int count = 0;
    for (Instant start : starts) {
      if (begin == null || Duration.between(begin, start).compareTo(interval) > 0) {
        begin = start;
        count = 0;
      }
      count++;
    }
    if (begin == null || Duration.between(begin, next).compareTo(interval) > 0) {
      return true;
    }
    return count < burst;
  }
}
