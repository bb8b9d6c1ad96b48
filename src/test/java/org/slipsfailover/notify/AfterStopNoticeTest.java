package org.slipsfailover.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.testing.MutableClock;

/**
 * What cut-ap adds to the spool after a stop, on a real spool file in a temporary root: systemd
 * giving up is news even after "not protected", so the owner learns that Slips will not come back
 * by itself.
 */
class AfterStopNoticeTest {
  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T03:00:00Z"));
  private final List<List<String>> ran = new ArrayList<>();
  private final Commands commands =
      argv -> {
        ran.add(argv);
        return new CommandResult(0, "", "");
      };

  private AfterStopNotice notice(SpoolFile spool) {
    return new AfterStopNotice(spool, () -> true, commands, clock);
  }

  @Test
  void theRunnerGivingUpIsToldAfterTheLossAndTheFlushUnitIsStartedWithoutWaiting() {
    SpoolFile spool = new SpoolFile(HostRoot.of(dir));
    spool.update(
        s ->
            s.record(
                ProtectionChange.down(clock.millis(), "container_ended", "Container ended", true),
                false));

    notice(spool)
        .afterStop(
            "exit-code",
            String.valueOf(ExitCode.GAVE_UP.number()),
            AfterStopNotice.runnerGaveUp(String.valueOf(ExitCode.GAVE_UP.number())),
            true);

    assertThat(spool.read().pending())
        .extracting(ProtectionChange::cause)
        .containsExactly("container_ended", "gave_up");
    assertThat(ran)
        .containsExactly(List.of("systemctl", "start", "--no-block", NotifyFiles.FLUSH_UNIT));
  }

  @Test
  void onlyTheRunnersOwnGiveUpCodeCountsAsGivingUp() {
    assertThat(AfterStopNotice.runnerGaveUp(String.valueOf(ExitCode.GAVE_UP.number()))).isTrue();
    assertThat(AfterStopNotice.runnerGaveUp("1")).isFalse();
    assertThat(AfterStopNotice.runnerGaveUp(null)).isFalse();
  }

  @Test
  void aRequestedStopAddsNothingAndStartsNothing() {
    SpoolFile spool = new SpoolFile(HostRoot.of(dir));

    notice(spool).afterStop("success", "143", false, true);

    assertThat(spool.read().pending()).isEmpty();
    assertThat(ran).isEmpty();
  }
}
