package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slipsfailover.config.ServiceTimings;

class RestartPolicyTest {
  private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

  /** Starts every {@code gap} seconds from T0. */
  private static List<Instant> starts(int count, int gap) {
    return IntStream.range(0, count).mapToObj(i -> T0.plusSeconds((long) i * gap)).toList();
  }

  @Test
  void aSlipsThatDiesAtOnceUsesUpTheBurst() {
    // Each cycle: start, die at once, RESTART_SEC pause.
    List<Instant> five =
        starts(ServiceTimings.START_LIMIT_BURST, (int) ServiceTimings.RESTART.toSeconds());
    assertThat(RestartPolicy.restartRefused(five, five.get(4).plusSeconds(1))).isTrue();
  }

  @Test
  void oneStartFewerIsStillRestarted() {
    List<Instant> four =
        starts(ServiceTimings.START_LIMIT_BURST - 1, (int) ServiceTimings.RESTART.toSeconds());
    assertThat(RestartPolicy.restartRefused(four, four.get(3).plusSeconds(1))).isFalse();
  }

  @Test
  void aSlipsThatDiesOnceAnHourIsAlwaysRestarted() {
    List<Instant> hourly = starts(20, 3600);
    assertThat(RestartPolicy.restartRefused(hourly, hourly.get(19).plusSeconds(60))).isFalse();
  }

  @Test
  void theWindowIsFixedFromItsFirstStartAsInSystemd() {
    // Starts at 0, 100, 110, 115, 118: all in the window opened at 0 (120 s), 5 of them.
    List<Instant> starts =
        List.of(
            T0, T0.plusSeconds(100), T0.plusSeconds(110), T0.plusSeconds(115), T0.plusSeconds(118));
    // The restart would come at 119 + 5 = 124 s: the window has closed, a new one opens.
    assertThat(RestartPolicy.restartRefused(starts, T0.plusSeconds(119))).isFalse();
    // At 110 + 5 = 115 s it is still inside, and the burst is used up.
    assertThat(RestartPolicy.restartRefused(starts, T0.plusSeconds(110))).isTrue();
  }

  @Test
  void noHistoryMeansNoPrediction() {
    assertThat(RestartPolicy.restartRefused(List.of(), T0)).isFalse();
  }
}
