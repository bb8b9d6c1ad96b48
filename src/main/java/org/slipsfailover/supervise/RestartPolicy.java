package org.slipsfailover.supervise;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slipsfailover.config.ServiceTimings;

/**
 * systemd's start limit arithmetic, which tells when systemd will give up restarting Slips. The
 * numbers are {@link ServiceTimings}'.
 */
public final class RestartPolicy {
  private RestartPolicy() {}

  /**
   * Whether systemd will refuse the restart that follows a stop at {@code now}, given every start
   * of the service so far (oldest first). Replays systemd's own fixed-window rate limit ({@code
   * ratelimit_below()}): a window opens at the first start after the previous window ran out, and
   * at most {@code burst} starts are allowed in it.
   */
  public static boolean restartRefused(List<Instant> starts, Instant now) {
    return !allowed(
        starts,
        now.plus(ServiceTimings.RESTART),
        ServiceTimings.START_LIMIT_INTERVAL,
        ServiceTimings.START_LIMIT_BURST);
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
