package org.slipsfailover.config;

/**
 * The numbers of {@code slips.service}: rendered into the unit (package {@code units}) and used by
 * the runner and {@code cut-ap} (package {@code supervise}), so both read them from here.
 *
 * <p>With {@code Restart=always} and a 5 s pause, systemd's default start limit (5 starts in 10 s)
 * is never reached, so a crash loop used to run forever, silently. 5 starts in 120 s is reached by
 * a Slips that dies at once each time (5 starts take about 25 s), while a Slips that dies once an
 * hour keeps being restarted.
 */
public final class ServiceTimings {
  /** {@code RestartSec=} in [Service]. */
  public static final int RESTART_SEC = 5;
  /** {@code StartLimitIntervalSec=} in [Unit]. */
  public static final int START_LIMIT_INTERVAL_SEC = 120;
  /** {@code StartLimitBurst=} in [Unit]. */
  public static final int START_LIMIT_BURST = 5;
  /**
   * How long the runner's stop hook gives Slips to stop before the engine kills it. Slips runs
   * under {@code bash -c} as the container's PID 1, which ignores SIGTERM, so expect the whole
   * grace to pass.
   */
  public static final int CONTAINER_STOP_GRACE_SEC = 30;
  /** {@code TimeoutStopSec=}: the grace, plus time to cut the AP and save the rules. */
  public static final int TIMEOUT_STOP_SEC = CONTAINER_STOP_GRACE_SEC + 30;
  /**
   * {@code TimeoutStartSec=}: enough to start from a present image; a pull extends it as it goes
   * ({@code EXTEND_TIMEOUT_USEC=}).
   */
  public static final int TIMEOUT_START_SEC = 120;

  private ServiceTimings() {}
}
