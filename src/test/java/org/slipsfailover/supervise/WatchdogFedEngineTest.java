package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.TestSettings;
import org.slipsfailover.docker.ContainerSpec;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.host.Pause;

/**
 * The engine calls that can outlast the watchdog: fed while they run, given up on at their limit.
 * The limits pass on the fake clock; a hung call is a latch the test never opens (and releases at
 * the end).
 */
class WatchdogFedEngineTest extends RunnerFixture {
  @TempDir Path slipsDir;

  private final RecordingServiceManager serviceManager = new RecordingServiceManager(events);
  private final AtomicInteger feeds = serviceManager.watchdogFeeds;
  private final CountDownLatch hang = new CountDownLatch(1);
  private final RecordingGate gate = new RecordingGate(events);

  private final WatchdogFedEngine fed =
      new WatchdogFedEngine(engine, serviceManager, gate, clock, pause, Duration.ofSeconds(1));

  @AfterEach
  void releaseTheHungCall() {
    hang.countDown();
  }

  private void hangs() {
    try {
      hang.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ContainerSpec spec() {
    return ContainerSpec.from(TestSettings.defaults(slipsDir));
  }

  @Test
  void aQuickCallIsPassedThroughWithoutFeeding() {
    // A pause that waits for the call itself: the call always answers within the quick wait.
    Pause untilDone =
        (length, early) -> {
          try {
            early.get(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            // the caller reads it
          }
        };
    WatchdogFedEngine fed =
        new WatchdogFedEngine(
            engine, serviceManager, gate, clock, untilDone, Duration.ofSeconds(1));

    assertThat(fed.createAndStart(spec())).isEqualTo("c0ffee");
    assertThat(events).containsExactly("start slips");
    assertThat(feeds).hasValue(0);
    assertThat(gate.checks).hasValue(0);
  }

  @Test
  void aHungCreateFeedsTheWatchdogUntilTheLimitThenFails() {
    engine.duringStart = this::hangs;

    assertThatThrownBy(() -> fed.createAndStart(spec()))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "the Docker engine did not create and start the container within "
                + WatchdogFedEngine.CALL_LIMIT.toSeconds()
                + " s");
    // One feed a second (the fake clock's), for the whole limit; the gate checked as often (a
    // lease added by hand meanwhile does not wait for the start to end).
    assertThat(feeds.get()).isEqualTo((int) WatchdogFedEngine.CALL_LIMIT.toSeconds());
    assertThat(gate.checks.get()).isEqualTo((int) WatchdogFedEngine.CALL_LIMIT.toSeconds());
  }

  @Test
  void aHungStopIsGivenUpOnAfterTheGraceAndTheSlack() {
    engine.duringStop = this::hangs;

    assertThatThrownBy(() -> fed.stop("slips", Duration.ofSeconds(30)))
        .isInstanceOf(EngineException.class)
        .hasMessage("no answer within 45 s");
    assertThat(feeds.get()).isEqualTo(45);
  }

  @Test
  void aFailedCallThrowsItsOwnError() {
    engine.startFailure = new EngineException("no such image", null);

    assertThatThrownBy(() -> fed.createAndStart(spec())).hasMessage("no such image");
  }
}
