package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.TestSettings;
import org.slipsfailover.ap.CutOutcome;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.Settings;

/** What one failure does, in which order, and how --keep-ap counts failures. */
class FailClosedPolicyTest extends RunnerFixture {
  @TempDir Path slipsDir;

  private final RecordingGate gate = new RecordingGate(events);

  private final RulesSaver rules =
      () -> {
        events.add("save rules");
        return new RulesSaver.Saved(true, "saved");
      };

  private FailClosedPolicy policy(boolean keepAp) {
    Settings settings = keepAp ? TestSettings.keepingAp(slipsDir) : TestSettings.defaults(slipsDir);
    RunnerPartsBuilder parts = parts(settings);
    parts.gate = gate;
    parts.rules = rules;
    return new FailClosedPolicy(parts.build(), engine);
  }

  @Test
  void theGateFirstThenTheCutThenTheStopThenTheRules() {
    policy(false).fail(ProtectionEvents.Cause.PROBES_FAILED, () -> "why", true, false);

    assertThat(events)
        .containsExactly("gate revoke", "cut wlan0,eth0", "stop slips 30s", "save rules");
  }

  @Test
  void aRevokeThatThrowsAnErrorStillCutsStopsAndSaves() {
    gate.revokeError = new StackOverflowError("deep");

    policy(false).fail(ProtectionEvents.Cause.PROBES_FAILED, () -> "why", true, false);

    assertThat(events)
        .containsExactly("gate revoke", "cut wlan0,eth0", "stop slips 30s", "save rules");
  }

  @Test
  void aCutThatThrowsAnErrorIsAnAccessPointThatMayBeUp() {
    accessPoints.onCut =
        () -> {
          throw new StackOverflowError("deep");
        };

    CutOutcome outcome = CutLog.cut(accessPoints, InterfacePair.parse("wlan0,eth0"));

    assertThat(outcome.end()).isEqualTo(CutOutcome.End.MAY_BE_UP);
  }

  @Test
  void aContainerThatEndedIsNotStopped() {
    policy(false).fail(ProtectionEvents.Cause.PROBES_FAILED, () -> "why", false, false);

    assertThat(events).containsExactly("gate revoke", "cut wlan0,eth0", "save rules");
  }

  @Test
  void aReasonThatCannotBeToldStillCutsAndSaves() {
    policy(false)
        .fail(
            ProtectionEvents.Cause.CONTAINER_ENDED,
            () -> {
              throw new IllegalStateException("engine gone");
            },
            false,
            false);

    assertThat(events).containsExactly("gate revoke", "cut wlan0,eth0", "save rules");
  }

  @Test
  void withKeepApTheThirdFailureWithinTheWindowCuts() {
    FailClosedPolicy policy = policy(true);

    for (int i = 1; i < FailClosedPolicy.KEEP_AP_FAILURES; i++) {
      policy.fail(ProtectionEvents.Cause.PROBES_FAILED, () -> "why", true, false);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(events).as("the first failures leave the AP up").doesNotContain("cut wlan0,eth0");

    policy.fail(ProtectionEvents.Cause.PROBES_FAILED, () -> "why", true, false);
    assertThat(events).filteredOn("cut wlan0,eth0"::equals).hasSize(1);
  }

  @Test
  void withKeepApFailuresOutsideTheWindowDoNotAddUp() {
    FailClosedPolicy policy = policy(true);

    for (int i = 0; i < FailClosedPolicy.KEEP_AP_FAILURES * 2; i++) {
      policy.fail(ProtectionEvents.Cause.PROBES_FAILED, () -> "why", true, false);
      clock.advance(
          FailClosedPolicy.KEEP_AP_WINDOW
              .dividedBy(FailClosedPolicy.KEEP_AP_FAILURES - 1)
              .plusSeconds(1));
    }

    assertThat(events).doesNotContain("cut wlan0,eth0");
    assertThat(events)
        .filteredOn("gate revoke"::equals)
        .hasSize(FailClosedPolicy.KEEP_AP_FAILURES * 2);
  }

  @Test
  void withKeepApAMustCutFailureCutsAtOnce() {
    policy(true)
        .fail(
            ProtectionEvents.Cause.PROBES_FAILED,
            () -> "Slips did not start protecting",
            true,
            true);

    assertThat(events).containsSubsequence("gate revoke", "cut wlan0,eth0");
  }
}
