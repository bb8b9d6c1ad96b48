package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slipsfailover.TestSettings;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.ServiceTimings;
import org.slipsfailover.docker.ContainerEnd;
import org.slipsfailover.docker.ContainerEnd.Reason;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.testing.Poll;

/**
 * The runner's policy against fakes: a fake clock that its loops move on (no sleeps), scripted
 * probes, an in-memory engine and access point.
 */
class RunnerTest extends RunnerFixture {
  @TempDir Path slipsDir;

  private final List<String> loggedLines = Collections.synchronizedList(new ArrayList<>());
  private final AppenderBase<ILoggingEvent> logged =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          loggedLines.add(event.getFormattedMessage());
        }
      };
  private final Logger runnerLog = (Logger) LoggerFactory.getLogger("org.slipsfailover.supervise");

  private final RecordingServiceManager serviceManager = new RecordingServiceManager(events);
  private final List<Duration> extensions = serviceManager.extensions;
  private final List<String> statuses = serviceManager.statuses;
  private final AtomicInteger watchdogFeeds = serviceManager.watchdogFeeds;

  private final RulesSaver rules =
      () -> {
        events.add("save rules");
        return new RulesSaver.Saved(true, "saved with the watcher");
      };

  @BeforeEach
  void captureLog() {
    logged.start();
    runnerLog.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    runnerLog.detachAppender(logged);
  }

  private Runner runner() {
    return runner(DaemonLiveness.DEFAULT);
  }

  private Runner runner(DaemonLiveness liveness) {
    RunnerPartsBuilder parts = parts(TestSettings.defaults(slipsDir));
    parts.rules = rules;
    parts.serviceManager = serviceManager;
    parts.liveness = liveness;
    return parts.runner();
  }

  private List<String> messages() {
    synchronized (loggedLines) {
      return List.copyOf(loggedLines);
    }
  }

  /** Runs until the runner logs a line starting with {@code line}, then asks it to stop. */
  private ExitCode runUntilLogged(Runner runner, String line) throws Exception {
    ExitCode code =
        runUntil(
            runner,
            "logged: " + line,
            Duration.ofSeconds(5),
            () -> messages().stream().anyMatch(m -> m.startsWith(line)));
    assertThat(messages()).anyMatch(m -> m.startsWith(line));
    return code;
  }

  @Test
  void containerEndCutsTheApBeforeAskingWhyThenSavesRulesAndWaitsForTheAp() throws Exception {
    engine.explained = new ContainerEnd(Reason.OOM_KILLED, 137, null);
    containerKilledDuringProbe(2, n -> ScriptedProbe.GOOD);

    ExitCode code = runUntilLogged(runner(), "Waiting for the access point");

    assertThat(code).isEqualTo(ExitCode.STOPPED_STARTING);
    assertThat(events)
        .startsWith(
            "ready",
            "remove slips",
            "start slips",
            "await c0ffee",
            "cut wlan0,eth0",
            "explain c0ffee",
            "save rules");
    assertThat(messages())
        .contains(
            "Removed leftover container 'slips'",
            "Slips container was killed for running out of memory")
        .anyMatch(m -> m.startsWith("Access point of wlan0,eth0 is cut ("));
    assertThat(statuses)
        .extracting(s -> s.replaceAll(" since .*", ""))
        .containsExactly("Starting Slips", "Protecting", "Waiting for the access point");
    assertThat(slipsDir.resolve("output")).isDirectory();
    assertThat(probe.containerPid).isEqualTo(4242);
  }

  @Test
  void aContainerWhoseFirstProcessIsGoneIsCutBeforeTheEngineSaysSoAndTheEngineThenSaysWhy()
      throws Exception {
    probe.script =
        n -> {
          if (n == 2) {
            probe.gone = true; // seen before the engine's wait answers
            events.add("gone");
          }
          return ScriptedProbe.GOOD;
        };
    // The engine answers only once the AP is cut.
    accessPoints.onCut = () -> engine.end.complete(new ContainerEnd(Reason.KILLED, 137, null));

    runUntilLogged(runner(), "Waiting for the access point");

    assertThat(events)
        .containsSubsequence("gone", "cut wlan0,eth0", "explain c0ffee", "save rules");
    assertThat(messages()).contains("Slips container was killed (exit code 137)");
  }

  @Test
  void theContainerIsTheShellVersions() throws Exception {
    runUntilLogged(runner(), "Slips protects");
    assertThat(engine.started.command())
        .containsExactly(
            "bash",
            "-c",
            "tmux new -s slips './slips.py -ap wlan0,eth0'; tmux wait-for -S slips_done");
  }

  @Test
  void slipsStartsOnlyOnceTheAccessPointRunsAndSaysItWaitsOnce() throws Exception {
    for (int i = 0; i < 5; i++) {
      accessPoints.findAnswers.add(false);
    }

    runUntilLogged(runner(), "Slips protects");

    assertThat(messages()).filteredOn(m -> m.startsWith("Waiting for the access point")).hasSize(1);
    assertThat(events).containsSubsequence("ready", "remove slips", "start slips");
    assertThat(statuses.get(0))
        .isEqualTo("Waiting for the access point since 2026-01-02T03:04:05Z");
    assertThat(statuses.get(1)).isEqualTo("Starting Slips since 2026-01-02T03:04:10Z");
    assertThat(watchdogFeeds.get()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void theWatchdogIsFedWhileTheEngineTakesLongToCreateTheContainer() throws Exception {
    // Seen in the smoke test under load: over 10 s (WatchdogSec=) in create and start alone.
    engine.duringStart =
        () -> {
          int before = watchdogFeeds.get();
          Poll.within(Duration.ofSeconds(5))
              .alias("fed while the engine works")
              .until(() -> watchdogFeeds.get() >= before + 3);
        };

    runUntilLogged(runner(), "Slips protects");

    assertThat(events).containsSubsequence("remove slips", "start slips");
    assertThat(messages()).noneMatch(m -> m.contains("did not create and start"));
  }

  @Test
  void anEngineThatNeverAnswersTheStartIsAFailureThatCuts() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    engine.duringStart =
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    try {
      runUntil(
          runner(),
          "the hung start is given up",
          Duration.ofSeconds(5),
          () -> List.copyOf(events).contains("cut wlan0,eth0"));
    } finally {
      release.countDown();
    }

    assertThat(messages())
        .anyMatch(
            m ->
                m.contains(
                    "did not create and start the container within "
                        + WatchdogFedEngine.CALL_LIMIT.toSeconds()
                        + " s"));
  }

  @Test
  void aSlowStartIsNoFailure() throws Exception {
    probe.script = n -> n < 60 ? ScriptedProbe.NO_ZEEK : ScriptedProbe.GOOD;

    runUntilLogged(runner(), "Slips protects");

    // The one cut and stop are the stop request's, at the end.
    assertThat(events).containsOnlyOnce("cut wlan0,eth0", "stop slips 30s");
    assertThat(messages())
        .noneMatch(m -> m.startsWith("Slips did not start"))
        .anyMatch(
            m -> m.startsWith("Slips is still starting (15 s): zeek wlan0: no 'zeek -i wlan0'"))
        .noneMatch(m -> m.startsWith("Probe failed"));
    assertThat(statuses).anyMatch(s -> s.startsWith("Protecting since 2026-01-02T03:05:05Z"));
  }

  @Test
  void protectingForLongLeavesNoPileOfCompletionsOnTheLongLivedEnds() throws Exception {
    CompletableFuture<Void> ends = probe.ends;
    AtomicInteger mostDependents = new AtomicInteger();

    runUntil(
        runner(),
        "300 probes",
        Duration.ofSeconds(60),
        () -> {
          mostDependents.accumulateAndGet(ends.getNumberOfDependents(), Math::max);
          return probe.probes.get() >= 300;
        });

    // One waiter for the whole watch, not one more per probe (~150 B a second, for days).
    assertThat(probe.probes.get()).isGreaterThanOrEqualTo(300);
    assertThat(mostDependents.get()).isBetween(1, 2);
  }

  @Test
  void threeFailedProbesInARowCutFirstThenSayWhichAndStopTheContainer() throws Exception {
    // Good, then two misses (forgiven), good again, then three misses in a row.
    probe.script =
        n ->
            switch (n) {
              case 3, 4, 7, 8 -> ScriptedProbe.REDIS_HUNG;
              case 9 -> {
                events.add("third miss");
                yield ScriptedProbe.REDIS_HUNG;
              }
              default -> ScriptedProbe.GOOD;
            };
    accessPoints.findAnswers.add(true);

    runUntilLogged(runner(), "Waiting for the access point");

    assertThat(events)
        .containsSubsequence("third miss", "cut wlan0,eth0", "stop slips 30s", "save rules");
    List<String> lines = messages();
    assertThat(lines)
        .filteredOn(m -> m.startsWith("Probe failed"))
        .containsExactly(
            "Probe failed (1 of 3 in a row): redis: 127.0.0.1:6379 no answer within 500 ms",
            "Probe failed (2 of 3 in a row): redis: 127.0.0.1:6379 no answer within 500 ms",
            "Probe failed (1 of 3 in a row): redis: 127.0.0.1:6379 no answer within 500 ms",
            "Probe failed (2 of 3 in a row): redis: 127.0.0.1:6379 no answer within 500 ms");
    assertThat(lines)
        .contains(
            "Slips stopped protecting (3 probes in a row failed): redis: 127.0.0.1:6379 no answer"
                + " within 500 ms");
    assertThat(events.indexOf("cut wlan0,eth0")).isLessThan(events.indexOf("stop slips 30s"));
  }

  @Test
  void aStartThatNeverProtectsFailsClosedAfterTheLimit() throws Exception {
    probe.script = n -> ScriptedProbe.NO_ZEEK;

    runUntilLogged(runner(), "Waiting for the access point");

    assertThat(messages())
        .contains(
            "Slips did not start protecting within 180 s: zeek wlan0: no 'zeek -i wlan0' runs in"
                + " the container");
    assertThat(probe.probes.get()).isBetween(180, 182);
    assertThat(events).containsSubsequence("cut wlan0,eth0", "stop slips 30s", "save rules");
  }

  @Test
  void aSlipsThatKeepsFailingToStartWithTheApUpMakesTheRunnerGiveUp() {
    accessPoints.restartedAtOnce = true;
    // Slips exits at once at each start (a broken configuration), never protecting.
    engine.end.complete(new ContainerEnd(Reason.EXITED, 1, null));
    probe.script = n -> ScriptedProbe.NO_ZEEK;

    assertThat(runner().run()).isEqualTo(ExitCode.GAVE_UP);

    assertThat(events)
        .filteredOn("start slips"::equals)
        .hasSize(ServiceTimings.SLIPS_FAILURES_BEFORE_GIVING_UP);
    assertThat(events).endsWith("save rules");
    assertThat(messages())
        .anyMatch(
            m ->
                m.startsWith(
                    "Slips failed to start protecting 3 times within 300 s while the access point"
                        + " ran: giving up"));
  }

  @Test
  void failedStartsFarApartNeverMakeTheRunnerGiveUp() throws Exception {
    // Each start fails after 180 s without protecting: never 3 within 300 s.
    accessPoints.restartedAtOnce = true;
    probe.script = n -> ScriptedProbe.NO_ZEEK;

    assertRunsOnAfterStarts(5);
  }

  @Test
  void aSlipsThatProtectedBeforeItFailedNeverCountsTowardsGivingUp() throws Exception {
    accessPoints.restartedAtOnce = true;
    probe.script = n -> n % 4 == 0 ? ScriptedProbe.GOOD : ScriptedProbe.NO_ZEEK;

    assertRunsOnAfterStarts(6);
  }

  private void assertRunsOnAfterStarts(int starts) throws Exception {
    Runner runner = runner();
    ExitCode code =
        runUntil(
            runner,
            starts + " starts",
            Duration.ofSeconds(20),
            () -> count("start slips"::equals) >= starts);

    assertThat(code).isEqualTo(ExitCode.STOPPED_STARTING);
    assertThat(events).filteredOn("start slips"::equals).hasSizeGreaterThanOrEqualTo(starts);
    assertThat(messages()).noneMatch(m -> m.contains("giving up"));
  }

  @Test
  void anUnreachableDaemonCutsTheApAndTheRunnerWaitsForTheApAgain() throws Exception {
    engine.end.complete(new ContainerEnd(Reason.DAEMON_UNREACHABLE, null, "connection refused"));

    runUntilLogged(runner(), "Waiting for the access point");

    assertThat(events).containsSubsequence("cut wlan0,eth0", "save rules");
    assertThat(messages()).contains("Docker daemon is unreachable: connection refused");
  }

  @Test
  void aHungDaemonIsNoticedByPingsAndCutsTheAp() throws Exception {
    // The container never ends as far as the wait knows: the daemon hangs, once Slips started,
    // instead of closing.
    engine.duringStart = () -> engine.hung = true;

    runUntilLogged(runner(fakeTimeLiveness()), "Waiting for the access point");

    assertThat(events).containsSubsequence("await c0ffee", "cut wlan0,eth0", "save rules");
    assertThat(messages())
        .anyMatch(m -> m.startsWith("Docker daemon is unreachable: no answer for 15 s"));
  }

  @Test
  void aFailedStartCutsTheAp() throws Exception {
    engine.startFailure =
        new EngineException("create and start container slips: no such image", null);

    runUntilLogged(runner(), "Waiting for the access point");

    assertThat(events).startsWith("ready", "remove slips", "cut wlan0,eth0");
    assertThat(messages())
        .contains("Could not start Slips: create and start container slips: no such image");
  }

  @Test
  void aMissingImageIsPulledBeforeReadyWhileTheStartTimeoutIsExtended() throws Exception {
    engine.imagePresent = false;

    runUntilLogged(runner(), "Slips protects");

    assertThat(events)
        .containsSubsequence("extend", "pull stratosphereips/slips:latest", "ready", "start slips");
    assertThat(extensions).allMatch(d -> d.compareTo(PullKeepAlive.PULL_TICK) > 0);
    assertThat(messages())
        .contains(
            "Pulling stratosphereips/slips:latest: 50% of 0 MB seen so far",
            "Pulled image stratosphereips/slips:latest");
  }

  @Test
  void aRequestedStopCutsTheApStopsTheContainerAndSavesRulesOnce() throws Exception {
    runUntilLogged(runner(), "Slips protects");

    assertThat(events)
        .containsSubsequence("cut wlan0,eth0", "stop slips 30s", "save rules")
        .endsWith("save rules");
    assertThat(events).containsOnlyOnce("cut wlan0,eth0", "save rules");
  }

  @Test
  void aStopWhileWaitingForTheApEndsTheRunnerWithNoContainer() throws Exception {
    accessPoints.up = false;

    assertThat(runUntilLogged(runner(), "Waiting for the access point"))
        .isEqualTo(ExitCode.STOPPED_STARTING);

    assertThat(events).doesNotContain("start slips");
  }

  @Test
  void theStopHookDoesNothingAfterTheRunnerFinished() {
    accessPoints.restartedAtOnce = true;
    engine.end.complete(new ContainerEnd(Reason.EXITED, 1, null));
    probe.script = n -> ScriptedProbe.NO_ZEEK;
    Runner runner = runner();
    assertThat(runner.run()).isEqualTo(ExitCode.GAVE_UP);
    int before = events.size();

    runner.stopOnRequest();

    assertThat(events).hasSize(before);
  }

  @Test
  void aFailedCutIsLoggedLoudlyAndRulesAreStillSaved() throws Exception {
    accessPoints.cutFailure = new IllegalStateException("ps failed");
    engine.end.complete(new ContainerEnd(Reason.EXITED, 1, null));
    accessPoints.findAnswers.add(true);
    accessPoints.findAnswers.add(false);

    runUntilLogged(runner(), "Waiting for the access point");

    assertThat(events).containsSubsequence("cut wlan0,eth0", "save rules");
    assertThat(messages())
        .anyMatch(m -> m.startsWith("ACCESS POINT OF wlan0,eth0 MAY STILL BE UP"));
  }

  @Test
  void theRunnersOwnErrorWhileWatchingCutsStopsSlipsSavesRulesAndExits() {
    probe.script =
        n -> {
          throw new IllegalStateException("a bug");
        };

    assertThat(runner().run()).isEqualTo(ExitCode.INTERNAL_ERROR);
    // (the engine's wait runs on a thread of its own: its "await" may come anywhere after the
    // start)
    assertThat(events)
        .containsSubsequence("cut wlan0,eth0", "stop slips 30s", "save rules")
        .endsWith("save rules");
    assertThat(messages()).anyMatch(m -> m.startsWith("Runner error while watching Slips"));
  }

  @Test
  void aStopBeforeTheContainerExistsMeansNoContainer() {
    Runner runner = runner();
    runner.stopOnRequest();

    runner.run();

    assertThat(events).doesNotContain("start slips").containsOnlyOnce("cut wlan0,eth0");
  }

  @Test
  void theWatchdogIsFedOnlyWhileTheLoopComesRound() throws Exception {
    accessPoints.findAnswers.add(false);
    accessPoints.findAnswers.add(false);
    probe.script =
        n -> {
          if (n == 0 || n == 5) {
            events.add("fed " + watchdogFeeds.get());
          }
          return ScriptedProbe.GOOD;
        };
    Runner runner = runner();
    runUntil(runner, "fed", Duration.ofSeconds(5), () -> count(e -> e.startsWith("fed ")) == 2);

    // Twice while waiting for the access point (and maybe while the engine creates the
    // container), then exactly once after each of probes 0 to 4: nothing else feeds it.
    List<Integer> fed =
        List.copyOf(events).stream()
            .filter(e -> e.startsWith("fed "))
            .map(e -> Integer.parseInt(e.substring(4)))
            .toList();
    assertThat(fed.get(0)).isGreaterThanOrEqualTo(2);
    assertThat(fed.get(1) - fed.get(0)).isEqualTo(5);
  }
}
