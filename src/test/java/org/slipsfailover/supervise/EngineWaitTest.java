package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slipsfailover.TestSettings;
import org.slipsfailover.docker.EngineException;

class EngineWaitTest extends RunnerFixture {
  /** The fixture's fakes; a ping a second for up to 180 s (the default timings). */
  private final EngineWait wait =
      new EngineWait(engine, parts(TestSettings.defaults(Path.of("/nonexistent"))).build());

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
