package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.testing.MutableClock;

class EngineWaitTest {
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final FakeEngine engine = new FakeEngine(events);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));
  private final EngineWait wait =
      new EngineWait(
          engine,
          ServiceManager.none(),
          GateHold.none(),
          clock,
          RunnerFixture.movingOn(clock),
          Duration.ofSeconds(1),
          Duration.ofSeconds(180));

  @Test
  void anEngineThatAnswersIsNotWaitedFor() {
    assertThat(wait.await(new CompletableFuture<>())).isTrue();
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
  }

  @Test
  void anEngineBackWithinTheLimitIsWaitedFor() {
    Instant backAt = clock.instant().plusSeconds(179);
    engine.down = () -> clock.instant().isBefore(backAt);

    assertThat(wait.await(new CompletableFuture<>())).isTrue();

    assertThat(clock.instant()).isEqualTo(backAt);
    assertThat(events).filteredOn("ping refused"::equals).hasSize(179);
  }

  @Test
  void anEngineSilentForTheWholeLimitFailsTheStart() {
    engine.down = () -> true;

    assertThatThrownBy(() -> wait.await(new CompletableFuture<>()))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "the Docker engine did not answer within 180 s: ping at fake: Connection refused");
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-02T03:07:05Z"));
  }

  @Test
  void aStopEndsTheWait() {
    engine.down = () -> true;

    assertThat(wait.await(CompletableFuture.completedFuture(null))).isFalse();
  }
}
