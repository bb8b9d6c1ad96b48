package org.slipsfailover.notify;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;

/**
 * What {@code cut-ap} adds after every stop of the service: a runner that ended on its own (killed,
 * crashed) told nobody, and systemd giving up is news even after a "not protected". Then, when
 * anything is pending, the flush unit is started without waiting ({@code --no-block}): sending
 * never runs in ExecStopPost's own time, and a runner started again meanwhile finds the spool as
 * well (one sender at a time).
 */
public final class AfterStopNotice {
  private static final Logger log = LoggerFactory.getLogger(AfterStopNotice.class);

  private final SpoolFile spool;
  private final Commands commands;
  private final java.time.Clock clock;
  private final java.util.function.BooleanSupplier configured;

  /**
   * @param configured whether any URL is configured: without one, nothing is written
   */
  public AfterStopNotice(
      SpoolFile spool,
      java.util.function.BooleanSupplier configured,
      Commands commands,
      java.time.Clock clock) {
    this.spool = spool;
    this.configured = configured;
    this.commands = commands;
    this.clock = clock;
  }

  /** The runner ended with {@link ExitCode#GAVE_UP}: systemd does not start it again. */
  public static boolean runnerGaveUp(String exitStatus) {
    return String.valueOf(ExitCode.GAVE_UP.number()).equals(exitStatus);
  }

  /**
   * @param serviceResult systemd's {@code SERVICE_RESULT} ("success" for a requested stop), or null
   * @param exitStatus systemd's {@code EXIT_STATUS}, or null
   * @param gaveUp systemd will not restart the service (its start limit)
   * @param apCut whether the access point is down after the cut
   */
  public void afterStop(String serviceResult, String exitStatus, boolean gaveUp, boolean apCut) {
    if (!configured.getAsBoolean()) {
      return;
    }
    long now = clock.millis();
    Spool s =
        spool.update(
            before -> {
              Spool after = before;
              if (serviceResult != null && !serviceResult.equals("success")) {
                String why =
                    "slips.service ended: result "
                        + serviceResult
                        + (exitStatus == null ? "" : ", status " + exitStatus);
                after = after.record(ProtectionChange.down(now, "runner_ended", why, apCut), false);
              }
              if (gaveUp) {
                after =
                    after.record(
                        ProtectionChange.down(
                            now,
                            "gave_up",
                            "fix the cause, then: sudo systemctl reset-failed slips.service &&"
                                + " sudo systemctl start slips.service",
                            apCut),
                        true);
              }
              return after;
            });
    if (s.pending().isEmpty()) {
      return;
    }
    CommandResult r =
        commands.run(List.of("systemctl", "start", "--no-block", NotifyFiles.FLUSH_UNIT));
    if (!r.ok()) {
      log.warn("Could not start {} to send notifications: {}", NotifyFiles.FLUSH_UNIT, r.failure());
    }
  }
}
