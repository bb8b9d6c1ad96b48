package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.TestSettings;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.ContainerEnd;
import org.slipsfailover.docker.ContainerEnd.Reason;
import org.slipsfailover.host.HandOver;
import org.slipsfailover.testing.Poll;

/**
 * Where the runner works the gate, against the fakes of {@link RunnerTest} and a recording gate.
 */
class RunnerGateTest extends RunnerFixture {
  @TempDir Path slipsDir;

  private final RecordingGate gate = new RecordingGate(events);

  private Runner runner() {
    return runner(TestSettings.defaults(slipsDir));
  }

  private Runner keepingAp() {
    return runner(TestSettings.keepingAp(slipsDir));
  }

  private Runner runner(Settings settings) {
    return runner(settings, HandOver.none());
  }

  private Runner handingOver(HandOver handOver) {
    return runner(TestSettings.defaults(slipsDir), handOver);
  }

  private Runner runner(Settings settings, HandOver handOver) {
    RunnerPartsBuilder parts = parts(settings);
    parts.gate = gate;
    parts.handOver = handOver;
    return parts.runner();
  }

  /** Runs until {@code event} happened, then asks the runner to stop. */
  private void runUntil(Runner runner, String event) throws Exception {
    runUntil(runner, event, Duration.ofSeconds(5), () -> events.contains(event));
    assertThat(events).contains(event);
  }

  @Test
  void loadedClosedFirstRenewedAfterEachGoodProbeRevokedBeforeTheCut() throws Exception {
    containerKilledDuringProbe(4, n -> n == 1 ? ScriptedProbe.NO_ZEEK : ScriptedProbe.GOOD);

    runUntil(runner(), "cut wlan0,eth0");

    assertThat(events.get(0)).isEqualTo("gate load");
    assertThat(events)
        .containsSubsequence("start slips", "gate renew", "gate revoke", "cut wlan0,eth0");
    // Probes 0, 2, 3 and 4 were good (1 missed, and closed the gate for a probe): one renewal
    // each, each for the instant its own probe started.
    int lastRevoke = events.subList(0, events.indexOf("cut wlan0,eth0")).lastIndexOf("gate revoke");
    assertThat(events.subList(0, lastRevoke))
        .filteredOn("gate renew"::equals)
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(gate.renewedFor).isSorted().doesNotHaveDuplicates();
    assertThat(events.subList(lastRevoke + 1, events.indexOf("cut wlan0,eth0")))
        .as("nothing between the revoke and the cut")
        .isEmpty();
    assertThat(gate.checks.get()).isPositive();
  }

  @Test
  void afterAHandOverTheRunningSlipsIsAdoptedAndTheGateOpensOnlyWhenItProtects() throws Exception {
    HandOver handOver = new HandOver(slipsDir.resolve("run/handover"), clock);
    handOver.mark();
    engine.runningImage = TestSettings.defaults(slipsDir).image();
    probe.script = n -> n <= 2 ? ScriptedProbe.NO_ZEEK : ScriptedProbe.GOOD;

    runUntil(handingOver(handOver), "gate renew");

    List<String> beforeRenew = events.subList(0, events.indexOf("gate renew"));
    assertThat(beforeRenew)
        .as("adopted, not replaced")
        .doesNotContain("remove slips", "start slips")
        .noneMatch(e -> e.startsWith("cut"));
    assertThat(beforeRenew).contains("await slips");
    assertThat(handOver.pending()).as("taken: it serves one start").isFalse();
  }

  @Test
  void aHandOverOfAContainerOfAnotherImageStartsSlipsAfresh() throws Exception {
    HandOver handOver = new HandOver(slipsDir.resolve("run/handover"), clock);
    handOver.mark();
    runUntil(handingOver(handOver), "gate renew");
    assertThat(events).containsSubsequence("remove slips", "start slips", "gate renew");
  }

  @Test
  void aStopDuringAHandOverClosesTheGateAndLeavesSlipsAndTheAccessPoint() throws Exception {
    HandOver handOver = new HandOver(slipsDir.resolve("run/handover"), clock);
    // Wired at start as in production, with no mark yet: Slips is started, not adopted.
    Runner runner = handingOver(handOver);
    CompletableFuture<ExitCode> running = CompletableFuture.supplyAsync(runner::run);
    Poll.within(Duration.ofSeconds(5))
        .alias("gate renew")
        .until(() -> events.contains("gate renew"));
    // The install marks it, then restarts slips.service: the stop sees the mark.
    handOver.mark();
    runner.stopOnRequest();
    running.get(10, TimeUnit.SECONDS);
    List<String> afterRenew = events.subList(events.lastIndexOf("gate renew"), events.size());
    assertThat(afterRenew)
        .contains("gate revoke")
        .noneMatch(e -> e.startsWith("cut") || e.startsWith("stop"));
    assertThat(handOver.pending()).as("left for the new runner").isTrue();
  }

  @Test
  void theFirstFailedProbeClosesTheGateAndAGoodOneOpensItAgain() throws Exception {
    // Probe 3 misses (a Zeek gone for a moment), 4 is good again: no cut, but no lease running on
    // for seconds after a probe that found Slips blind.
    probe.script =
        n -> {
          events.add("probe " + n);
          return n == 3 ? ScriptedProbe.NO_ZEEK : ScriptedProbe.GOOD;
        };

    runUntil(runner(), "probe 5");

    int missed = events.indexOf("probe 3");
    List<String> afterMiss = events.subList(missed + 1, events.indexOf("probe 4"));
    assertThat(afterMiss).as("revoked right after the failed probe").startsWith("gate revoke");
    assertThat(events.subList(events.indexOf("probe 4"), events.size())).contains("gate renew");
    assertThat(events.subList(0, events.indexOf("probe 5"))).doesNotContain("cut wlan0,eth0");
  }

  @Test
  void aZeekThatEndsClosesTheGateBeforeTheNextProbe() throws Exception {
    probe.script =
        n -> {
          events.add("probe " + n);
          if (n == 2) {
            probe.ends = CompletableFuture.completedFuture(null); // the kernel: a Zeek ended
          } else if (n == 3) {
            probe.ends = new CompletableFuture<>();
          }
          return n == 3 ? ScriptedProbe.NO_ZEEK : ScriptedProbe.GOOD;
        };

    runUntil(runner(), "probe 4");

    assertThat(events.subList(events.indexOf("probe 2"), events.indexOf("probe 3")))
        .as("the gate closes before the probe that the end woke")
        .endsWith("gate revoke");
    assertThat(events.subList(0, events.indexOf("probe 4"))).doesNotContain("cut wlan0,eth0");
  }

  @Test
  void aStopRequestRevokesBeforeTheCut() throws Exception {
    runUntil(runner(), "gate renew");
    assertThat(events).containsSubsequence("gate renew", "gate revoke", "cut wlan0,eth0");
    assertThat(events.lastIndexOf("gate renew")).isLessThan(events.lastIndexOf("gate revoke"));
  }

  @Test
  void aGoodProbeThatEndsAfterAStopCameNeverReopensTheGate() throws Exception {
    // The second probe is good but answers only after systemd's stop has revoked and cut.
    CountDownLatch probing = new CountDownLatch(1);
    CountDownLatch stopDone = new CountDownLatch(1);
    probe.script =
        n -> {
          if (n == 1) {
            probing.countDown();
            try {
              stopDone.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return ScriptedProbe.GOOD;
        };
    Runner runner = runner();
    CompletableFuture<ExitCode> running = CompletableFuture.supplyAsync(runner::run);
    assertThat(probing.await(10, TimeUnit.SECONDS)).isTrue();

    runner.stopOnRequest();
    stopDone.countDown();
    running.get(10, TimeUnit.SECONDS);

    assertThat(events).containsSubsequence("gate renew", "gate revoke", "cut wlan0,eth0");
    assertThat(events.subList(events.lastIndexOf("gate revoke"), events.size()))
        .as("no renewal after the stop's revoke")
        .doesNotContain("gate renew");
  }

  @Test
  void withKeepApAFailureClosesTheGateLeavesTheApUpAndStartsSlipsAgain() throws Exception {
    containerKilledDuringProbe(3, n -> ScriptedProbe.GOOD);
    Runner runner = keepingAp();
    runUntil(runner, "2 starts", Duration.ofSeconds(5), () -> count("start slips"::equals) >= 2);
    List<String> seen = List.copyOf(events);

    // Up to the second start: the gate closed once, the access point never cut.
    int second = seen.lastIndexOf("start slips");
    assertThat(seen.subList(0, second))
        .containsSubsequence("start slips", "gate revoke")
        .doesNotContain("cut wlan0,eth0");
    assertThat(events).as("a stop still cuts").contains("cut wlan0,eth0");
  }

  @Test
  void withKeepApAnEngineRestartIsOneFailureAndSlipsComesBackWithoutACut() throws Exception {
    secondContainerRunsOn();
    probe.script =
        n -> {
          if (n == 3) {
            // dockerd restarts (an upgrade of docker.io): the container ends, the engine is gone
            // for 40 s of the runner's clock.
            Instant backAt = clock.instant().plusSeconds(40);
            engine.down = () -> clock.instant().isBefore(backAt);
            engine.end.complete(new ContainerEnd(Reason.DAEMON_UNREACHABLE, null, "Broken pipe"));
          }
          return ScriptedProbe.GOOD;
        };

    // Without the wait, each start while the engine was gone was one more failure: the third cut.
    assertThat(withKeepApUntilASecondStart())
        .containsSubsequence("start slips", "gate revoke", "ping refused", "remove slips")
        .doesNotContain("cut wlan0,eth0")
        .filteredOn("gate revoke"::equals)
        .hasSize(1);
  }

  /**
   * {@code systemctl restart docker}: dockerd first shuts down for a while (it stops its
   * containers, Slips among them, and answers on the connections it had), then is gone, then back.
   * Started on the dockerd shutting down, each new Slips was one more failure: the third cut the
   * access point.
   */
  @Test
  void withKeepApAnEngineShuttingDownIsNotStartedOn() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    engine.duringStart =
        () -> {
          if (starts.incrementAndGet() >= 2 && !engine.shuttingDown.getAsBoolean()) {
            engine.end = new CompletableFuture<>(); // the new container runs on
          }
        };
    probe.script =
        n -> {
          if (n == 3) {
            Instant goneAt = clock.instant().plusSeconds(30);
            Instant backAt = goneAt.plusSeconds(10);
            engine.shuttingDown = () -> clock.instant().isBefore(goneAt);
            engine.down =
                () -> !clock.instant().isBefore(goneAt) && clock.instant().isBefore(backAt);
            engine.end.complete(new ContainerEnd(Reason.EXITED, 0, null));
          }
          return ScriptedProbe.GOOD;
        };

    assertThat(withKeepApUntilASecondStart())
        .containsSubsequence("start slips", "gate revoke", "ping anew refused", "remove slips")
        .doesNotContain("cut wlan0,eth0", "start on a dockerd shutting down")
        .filteredOn("gate revoke"::equals)
        .hasSize(1);
  }

  /** Runs with --keep-ap until a second start or a cut; the events before the second start. */
  private List<String> withKeepApUntilASecondStart() throws Exception {
    runUntil(
        keepingAp(),
        "2 starts or a cut",
        Duration.ofSeconds(5),
        () -> events.contains("cut wlan0,eth0") || count("start slips"::equals) >= 2);
    List<String> seen = List.copyOf(events);
    int first = seen.indexOf("start slips");
    int second = seen.lastIndexOf("start slips");
    assertThat(second).as("a second start").isGreaterThan(first);
    return seen.subList(0, second);
  }

  @Test
  void withKeepApTheThirdFailureInFiveMinutesCuts() throws Exception {
    accessPoints.restartedAtOnce = true;
    engine.end.complete(new ContainerEnd(Reason.EXITED, 1, null)); // every start ends at once

    keepingAp().run();

    assertThat(events.subList(0, events.indexOf("cut wlan0,eth0")))
        .filteredOn("gate revoke"::equals)
        .hasSize(FailClosedPolicy.KEEP_AP_FAILURES);
  }

  @Test
  void withKeepApASlipsThatNeverProtectsGetsTheApCut() throws Exception {
    probe.script = n -> ScriptedProbe.NO_ZEEK;
    runUntil(keepingAp(), "cut wlan0,eth0");
    assertThat(events).containsSubsequence("gate revoke", "cut wlan0,eth0");
    assertThat(events).filteredOn("start slips"::equals).hasSize(1);
  }

  @Test
  void theGateIsCheckedWhileWaitingForTheAccessPoint() throws Exception {
    for (int i = 0; i < 5; i++) {
      accessPoints.findAnswers.add(false);
    }
    runUntil(runner(), "start slips");
    assertThat(gate.checks.get()).isGreaterThanOrEqualTo(5);
  }
}
