package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.TestSettings;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.probe.ProbeReport;

/**
 * The runner tells the owner's tools what happened, after the cut and never before, and a listener
 * that throws changes nothing the runner does.
 */
class ProtectionEventsTest extends RunnerFixture {
  @TempDir Path slipsDir;

  private final AtomicInteger probed = new AtomicInteger();

  /** Writes what it is told into the fixture's {@link #events}, beside the cut and the stop. */
  private final ProtectionEvents recording =
      new ProtectionEvents() {
        @Override
        public void probed(ProbeReport report, Duration took) {
          probed.incrementAndGet();
        }

        @Override
        public void accessPointUp() {
          events.add("told: access point up");
        }

        @Override
        public void slipsStarted(String containerName) {
          events.add("told: started " + containerName);
        }

        @Override
        public void protecting() {
          events.add("told: protecting");
        }

        @Override
        public void notProtecting(Cause cause, String why, boolean apCut) {
          events.add("told: not protecting " + cause.label() + " cut=" + apCut + " " + why);
        }

        @Override
        public void runnerEnded(ExitCode code) {
          events.add("told: ended " + code.number());
        }
      };

  private ExitCode runUntilWaitingForTheApAgain(ProtectionEvents listener) throws Exception {
    // Good twice, then Redis silent for good: three misses cut.
    probe.script = n -> n < 2 ? ScriptedProbe.GOOD : ScriptedProbe.REDIS_HUNG;
    accessPoints.findAnswers.add(true);
    RunnerPartsBuilder parts = parts(TestSettings.defaults(slipsDir));
    parts.events = listener;
    parts.rules =
        () -> {
          events.add("save rules");
          return new RulesSaver.Saved(true, "saved");
        };
    return runUntil(
        parts.runner(),
        "the access point awaited again",
        Duration.ofSeconds(30),
        () -> events.contains("save rules"));
  }

  @Test
  void theOwnersToolsHearOfTheStartTheProtectionAndTheLossAfterTheCut() throws Exception {
    runUntilWaitingForTheApAgain(recording);

    assertThat(events)
        .containsSubsequence(
            "told: access point up",
            "told: started slips",
            "told: protecting",
            "cut wlan0,eth0",
            "told: not protecting probes_failed cut=true Slips stopped protecting (3 probes in a"
                + " row failed): redis: 127.0.0.1:6379 no answer within 500 ms");
    assertThat(probed).hasValueGreaterThanOrEqualTo(5);
  }

  @Test
  void everyListenerIsToldEvenWhenOneBeforeItThrows() throws Exception {
    ProtectionEvents throwing =
        new ProtectionEvents() {
          @Override
          public void protecting() {
            throw new IllegalStateException("spool gone");
          }
        };

    runUntilWaitingForTheApAgain(ProtectionEvents.all(List.of(throwing, recording)));

    assertThat(events)
        .containsSubsequence("told: access point up", "told: protecting", "cut wlan0,eth0");
  }

  @Test
  void aListenerThatThrowsChangesNothingTheRunnerDoes() throws Exception {
    ProtectionEvents throwing =
        new ProtectionEvents() {
          @Override
          public void probed(ProbeReport report, Duration took) {
            throw new IllegalStateException("metrics disk full");
          }

          @Override
          public void protecting() {
            throw new IllegalStateException("spool gone");
          }

          @Override
          public void notProtecting(Cause cause, String why, boolean apCut) {
            throw new IllegalStateException("spool gone");
          }
        };

    runUntilWaitingForTheApAgain(throwing);

    assertThat(events).containsSubsequence("cut wlan0,eth0", "stop slips 30s", "save rules");
  }
}
