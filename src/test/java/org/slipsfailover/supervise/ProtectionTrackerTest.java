package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.slipsfailover.supervise.ProtectionTracker.Judgement.LOST;
import static org.slipsfailover.supervise.ProtectionTracker.Judgement.MISSED;
import static org.slipsfailover.supervise.ProtectionTracker.Judgement.NEVER_PROTECTED;
import static org.slipsfailover.supervise.ProtectionTracker.Judgement.NOW_PROTECTING;
import static org.slipsfailover.supervise.ProtectionTracker.Judgement.PROTECTING;
import static org.slipsfailover.supervise.ProtectionTracker.Judgement.STARTING;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.probe.ProbeReport;

class ProtectionTrackerTest {
  private static final ProbeReport GOOD = ScriptedProbe.GOOD;
  private static final ProbeReport BAD = ScriptedProbe.REDIS_HUNG;
  private final Instant t0 = Instant.parse("2026-01-02T03:04:05Z");
  private final ProtectionTracker tracker = new ProtectionTracker(ProbeTimings.DEFAULT, t0);

  private Instant at(int seconds) {
    return t0.plusSeconds(seconds);
  }

  @Test
  void startingUntilTheFirstGoodProbeHoweverManyFailBefore() {
    for (int s = 0; s < 179; s++) {
      assertThat(tracker.judge(BAD, at(s))).isEqualTo(STARTING);
    }
    assertThat(tracker.judge(GOOD, at(179))).isEqualTo(NOW_PROTECTING);
    assertThat(tracker.protectingSince()).contains(at(179));
    assertThat(tracker.judge(GOOD, at(180))).isEqualTo(PROTECTING);
  }

  @Test
  void aStartThatNeverProtectsEndsAtTheLimit() {
    assertThat(tracker.judge(BAD, at(179))).isEqualTo(STARTING);
    assertThat(tracker.judge(BAD, at(180))).isEqualTo(NEVER_PROTECTED);
  }

  @Test
  void missesInARowCountOnlyUntilAGoodProbe() {
    tracker.judge(GOOD, at(0));
    assertThat(tracker.judge(BAD, at(1))).isEqualTo(MISSED);
    assertThat(tracker.judge(BAD, at(2))).isEqualTo(MISSED);
    assertThat(tracker.judge(GOOD, at(3))).isEqualTo(PROTECTING);
    assertThat(tracker.judge(BAD, at(4))).isEqualTo(MISSED);
    assertThat(tracker.judge(BAD, at(5))).isEqualTo(MISSED);
    assertThat(tracker.judge(BAD, at(6))).isEqualTo(LOST);
    // The start limit never applies once protecting.
    assertThat(tracker.protectingSince()).contains(at(0));
  }

  @Test
  void oneMissAllowedIsADeathAtTheFirstMiss() {
    ProtectionTracker strict =
        new ProtectionTracker(
            new ProbeTimings(
                Duration.ofSeconds(1), 1, Duration.ofSeconds(10), 6379, Duration.ofMillis(500)),
            t0);
    strict.judge(GOOD, at(0));
    assertThat(strict.judge(BAD, at(1))).isEqualTo(LOST);
  }

  @Test
  void failureHistoryCountsOnlyWithinItsWindow() {
    FailureHistory history = new FailureHistory(3, Duration.ofSeconds(300));
    assertThat(history.recordAndCheck(at(0))).isFalse();
    assertThat(history.recordAndCheck(at(200))).isFalse();
    assertThat(history.recordAndCheck(at(400)))
        .isFalse(); // the first is 400 s old: 2 in the window
    assertThat(history.recordAndCheck(at(450))).isTrue();
  }
}
