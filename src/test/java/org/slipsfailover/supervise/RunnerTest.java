package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slipsfailover.TestSettings;
import org.slipsfailover.docker.ContainerEnd;
import org.slipsfailover.docker.ContainerEnd.Reason;
import org.slipsfailover.docker.EngineException;

class RunnerTest {
  @TempDir Path slipsDir;

  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final FakeEngine engine = new FakeEngine(events);
  private final FakeAccessPoints accessPoints = new FakeAccessPoints(events);
  private final List<Duration> extensions = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger runnerLog = (Logger) LoggerFactory.getLogger("org.slipsfailover.supervise");

  private final ServiceManager serviceManager =
      new ServiceManager() {
        @Override
        public void ready() {
          events.add("ready");
        }

        @Override
        public void extendStartTimeout(Duration more) {
          events.add("extend");
          extensions.add(more);
        }
      };

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
    return new Runner(
        TestSettings.defaults(slipsDir), engine, accessPoints, rules, serviceManager,
        Duration.ofSeconds(30), Clock.systemUTC(), DaemonLiveness.DEFAULT);
  }

  private List<String> messages() {
    return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void containerEndCutsTheApBeforeAskingWhyThenSavesRulesAndExitsNonZero() {
    engine.end.complete(new ContainerEnd(Reason.EXITED, 137, null));
    engine.explained = new ContainerEnd(Reason.OOM_KILLED, 137, null);

    int code = runner().run();

    assertThat(code).isEqualTo(Runner.EXIT_SLIPS_ENDED);
    assertThat(events)
        .containsExactly(
            "remove slips", "start slips", "ready", "await c0ffee",
            "cut wlan0,eth0", "explain c0ffee", "save rules");
    assertThat(messages())
        .contains("Removed leftover container 'slips'", "Slips container was killed for running out of memory")
        .anyMatch(m -> m.startsWith("Access point of wlan0,eth0 is cut ("));
    assertThat(slipsDir.resolve("output")).isDirectory();
  }

  @Test
  void theContainerIsTheShellVersions() {
    engine.end.complete(new ContainerEnd(Reason.EXITED, 0, null));
    runner().run();
    assertThat(engine.started.command())
        .containsExactly(
            "bash", "-c", "tmux new -s slips './slips.py -ap wlan0,eth0'; tmux wait-for -S slips_done");
  }

  @Test
  void anUnreachableDaemonCutsTheApAndExitsWithTheEngineCode() {
    engine.end.complete(new ContainerEnd(Reason.DAEMON_UNREACHABLE, null, "connection refused"));

    assertThat(runner().run()).isEqualTo(Runner.EXIT_ENGINE_ERROR);
    assertThat(events).containsSubsequence("cut wlan0,eth0", "save rules");
    assertThat(messages()).contains("Docker daemon is unreachable: connection refused");
  }

  @Test
  void aHungDaemonIsNoticedByPingsAndCutsTheAp() {
    // The container never ends as far as the wait knows: the daemon hangs instead of closing.
    engine.hung = true;
    Runner runner = new Runner(
        TestSettings.defaults(slipsDir), engine, accessPoints, rules, serviceManager,
        Duration.ofSeconds(30), Clock.systemUTC(),
        new DaemonLiveness(Duration.ofMillis(20), Duration.ofMillis(100)));

    assertThat(runner.run()).isEqualTo(Runner.EXIT_ENGINE_ERROR);
    assertThat(events).containsSubsequence("await c0ffee", "cut wlan0,eth0", "save rules");
    assertThat(messages()).anyMatch(m -> m.startsWith("Docker daemon is unreachable: no answer for 0 s"));
  }

  @Test
  void aDaemonThatAnswersPingsLeavesTheWaitInCharge() {
    Runner runner = new Runner(
        TestSettings.defaults(slipsDir), engine, accessPoints, rules, serviceManager,
        Duration.ofSeconds(30), Clock.systemUTC(),
        new DaemonLiveness(Duration.ofMillis(10), Duration.ofMillis(50)));
    java.util.concurrent.CompletableFuture.delayedExecutor(300, java.util.concurrent.TimeUnit.MILLISECONDS)
        .execute(() -> engine.end.complete(new ContainerEnd(Reason.EXITED, 3, null)));

    assertThat(runner.run()).isEqualTo(Runner.EXIT_SLIPS_ENDED);
    assertThat(messages()).contains("Slips container exited with code 3");
  }

  @Test
  void aFailedStartCutsTheAp() {
    engine.startFailure = new EngineException("create and start container slips: no such image", null);

    assertThat(runner().run()).isEqualTo(Runner.EXIT_ENGINE_ERROR);
    assertThat(events).containsExactly("remove slips", "cut wlan0,eth0", "save rules");
    assertThat(messages()).contains("Could not start Slips: create and start container slips: no such image");
  }

  @Test
  void aMissingImageIsPulledWhileTheStartTimeoutIsExtended() {
    engine.imagePresent = false;
    engine.end.complete(new ContainerEnd(Reason.EXITED, 1, null));

    runner().run();

    assertThat(events).containsSubsequence("extend", "pull stratosphereips/slips:latest", "start slips", "ready");
    assertThat(extensions).allMatch(d -> d.compareTo(Runner.PULL_TICK) > 0);
    assertThat(messages()).contains("Pulling stratosphereips/slips:latest: 50% of 0 MB seen so far", "Pulled image stratosphereips/slips:latest");
  }

  @Test
  void aRequestedStopCutsTheApStopsTheContainerAndSavesRulesOnce() throws Exception {
    Runner runner = runner();
    CompletableFuture<Integer> running = CompletableFuture.supplyAsync(runner::run);
    waitFor("await c0ffee");

    runner.stopOnRequest();

    running.get(5, TimeUnit.SECONDS);
    assertThat(events)
        .containsExactly(
            "remove slips", "start slips", "ready", "await c0ffee",
            "cut wlan0,eth0", "stop slips 30s", "save rules");
  }

  @Test
  void theStopHookDoesNothingAfterTheRunnerFailedClosed() {
    engine.end.complete(new ContainerEnd(Reason.EXITED, 2, null));
    Runner runner = runner();
    runner.run();
    int before = events.size();

    runner.stopOnRequest();

    assertThat(events).hasSize(before);
  }

  @Test
  void aFailedCutIsLoggedLoudlyAndRulesAreStillSaved() {
    accessPoints.cutFailure = new IllegalStateException("ps failed");
    engine.end.complete(new ContainerEnd(Reason.EXITED, 1, null));

    runner().run();

    assertThat(events).endsWith("save rules");
    assertThat(messages()).anyMatch(m -> m.startsWith("ACCESS POINT OF wlan0,eth0 MAY STILL BE UP"));
  }

  @Test
  void theRunnersOwnErrorWhileWatchingCutsStopsSlipsAndSavesRules() {
    engine.end.completeExceptionally(new IllegalStateException("a bug"));

    assertThat(runner().run()).isEqualTo(Runner.EXIT_RUNNER_ERROR);
    assertThat(events).endsWith("cut wlan0,eth0", "stop slips 30s", "save rules");
    assertThat(messages()).anyMatch(m -> m.startsWith("Runner error while watching Slips"));
  }

  @Test
  void aStopBeforeTheContainerExistsMeansNoContainer() {
    Runner runner = runner();
    runner.stopOnRequest();

    runner.run();

    assertThat(events).doesNotContain("start slips").containsOnlyOnce("cut wlan0,eth0");
  }

  private void waitFor(String event) throws InterruptedException {
    for (int i = 0; i < 500 && !events.contains(event); i++) {
      Thread.sleep(10);
    }
    assertThat(events).contains(event);
  }
}
