package org.slipsfailover.config;

import java.time.Duration;

/**
 * The numbers of {@code slips.service}: rendered into the unit (package {@code units}, in whole
 * seconds) and used by the runner and {@code cut-ap} (package {@code supervise}), so both read them
 * from here.
 *
 * <p>With {@code Restart=always} and a 5 s pause, systemd's default start limit (5 starts in 10 s)
 * is never reached, so a crash loop would run forever, silently. 5 starts in 120 s is reached by a
 * Slips that dies at once each time (5 starts take about 25 s), while a Slips that dies once an
 * hour keeps being restarted.
 */
public final class ServiceTimings {
  /** {@code RestartSec=} in [Service]. */
  public static final Duration RESTART = Duration.ofSeconds(5);

  /** {@code StartLimitIntervalSec=} in [Unit]. */
  public static final Duration START_LIMIT_INTERVAL = Duration.ofSeconds(120);

  /** {@code StartLimitBurst=} in [Unit]. */
  public static final int START_LIMIT_BURST = 5;

  /**
   * How long the runner's stop hook gives Slips to stop before the engine kills it. Slips runs
   * under {@code bash -c} as the container's PID 1, which ignores SIGTERM, so expect the whole
   * grace to pass.
   */
  public static final Duration CONTAINER_STOP_GRACE = Duration.ofSeconds(30);

  /** {@code TimeoutStopSec=}: the grace, plus time to cut the AP and save the rules. */
  public static final Duration TIMEOUT_STOP = CONTAINER_STOP_GRACE.plusSeconds(30);

  /**
   * {@code TimeoutStartSec=}: enough to start from a present image; a pull extends it as it goes
   * ({@code EXTEND_TIMEOUT_USEC=}).
   */
  public static final Duration TIMEOUT_START = Duration.ofSeconds(120);

  /**
   * {@code WatchdogSec=}: a runner whose supervision loop has not come round for this long is hung;
   * systemd kills it ({@code WatchdogSignal=SIGKILL}) and {@code ExecStopPost=} cuts the access
   * point. The loop comes round every second and feeds the watchdog every few seconds.
   */
  public static final Duration WATCHDOG = Duration.ofSeconds(10);

  /**
   * A Slips that fails to start protecting this many times in a row within {@link
   * #SLIPS_FAILURE_WINDOW} while the access point runs (a broken image or configuration) makes the
   * runner give up: it exits with {@link ExitCode#GAVE_UP}, which {@code RestartPreventExitStatus=}
   * lists, and the unit ends failed. A Slips that protected before it failed does not count: its
   * owner restarting the access point after each cut is no crash loop. Failures while the access
   * point is down cannot happen: the runner then waits instead.
   */
  public static final int SLIPS_FAILURES_BEFORE_GIVING_UP = 3;

  /**
   * See {@link #SLIPS_FAILURES_BEFORE_GIVING_UP}. With {@code --keep-ap}, as many failures within
   * this window cut the access point that was left up.
   */
  public static final Duration SLIPS_FAILURE_WINDOW = Duration.ofMinutes(5);

  private ServiceTimings() {}
}
