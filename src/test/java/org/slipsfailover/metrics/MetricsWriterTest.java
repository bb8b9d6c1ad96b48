package org.slipsfailover.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slipsfailover.probe.Check;
import org.slipsfailover.probe.ProbeReport;
import org.slipsfailover.supervise.ProtectionEvents.Cause;
import org.slipsfailover.testing.MutableClock;

/** The refresh rules, on a clock the test moves. */
class MetricsWriterTest {
  private final MutableClock clock = new MutableClock();
  private final List<String> written = new ArrayList<>();
  private final List<String> saved = new ArrayList<>();
  private final AtomicInteger findingsRead = new AtomicInteger();
  private final AtomicInteger wakes = new AtomicInteger();
  private final MetricsWriter writer =
      new MetricsWriter(
          written::add,
          c -> saved.add(c.text()),
          () -> {
            findingsRead.incrementAndGet();
            return new MetricsText.Found(Optional.of(findingsRead.get()), Optional.empty());
          },
          "img",
          "v",
          clock,
          clock);
  private final MetricsState state =
      new MetricsState(clock, List.of("container"), new Counters(), wakes::incrementAndGet);

  private static final ProbeReport GOOD =
      new ProbeReport(List.of(new Check("container", true, "runs")));

  private double last(String metric) {
    return ExpositionParser.parse(written.get(written.size() - 1), new HashMap<>()).get(metric);
  }

  @Test
  void writesAtOnceOnEveryChangeAndOtherwiseEvery15Seconds() {
    assertThat(writer.step(state)).isEqualTo(MetricsWriter.REFRESH);
    assertThat(written).hasSize(1);

    clock.advance(Duration.ofSeconds(3));
    assertThat(writer.step(state)).isEqualTo(Duration.ofSeconds(12));
    assertThat(written).as("nothing changed, no refresh due").hasSize(1);

    state.protecting();
    assertThat(wakes.get()).as("a change wakes the writer").isEqualTo(1);
    writer.step(state);
    assertThat(written).hasSize(2);
    assertThat(last("slips_failover_protected")).isEqualTo(1.0);

    clock.advance(Duration.ofSeconds(11));
    assertThat(writer.step(state)).isEqualTo(Duration.ofSeconds(1));
    assertThat(written).hasSize(2);
    clock.advance(Duration.ofSeconds(1));
    writer.step(state);
    assertThat(written).as("15 s after the last refresh: another").hasSize(3);
  }

  @Test
  void aProbeEverySecondWakesNobodyAndSlipsFindingsAreReadOnlyOnRefreshes() {
    writer.step(state);
    state.probed(GOOD, Duration.ofMillis(5)); // the check goes from unknown-bad to good: a change
    int afterFirst = wakes.get();
    for (int i = 0; i < 14; i++) {
      clock.advance(Duration.ofSeconds(1));
      state.probed(GOOD, Duration.ofMillis(5 + i));
    }
    assertThat(wakes.get()).as("the same checks every second: no change").isEqualTo(afterFirst);
    writer.step(state); // the check's change
    state.notProtecting(Cause.CONTAINER_ENDED, "ended", true);
    writer.step(state); // the failure
    assertThat(written).hasSize(3);
    assertThat(findingsRead.get()).as("changes do not read Slips' files").isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    writer.step(state);
    assertThat(findingsRead.get()).isEqualTo(2);
    assertThat(last("slips_failover_slips_alerts")).isEqualTo(2.0);
  }

  @Test
  void countersAreSavedOnlyWhenTheyChanged() {
    writer.step(state);
    state.protecting();
    writer.step(state);
    assertThat(saved).hasSize(1);
    state.notProtecting(Cause.PROBES_FAILED, "probes", true);
    writer.step(state);
    assertThat(saved).hasSize(2);
    assertThat(saved.get(1)).contains("cuts probes_failed 1");
  }

  @Test
  void aFailedWriteIsTriedAgainAtTheNextRefresh() {
    List<String> attempts = new ArrayList<>();
    MetricsWriter failing =
        new MetricsWriter(
            text -> {
              attempts.add(text);
              throw new java.io.IOException("folder gone");
            },
            c -> {},
            () -> MetricsText.Found.NOTHING,
            "img",
            "v",
            clock,
            clock);
    failing.step(state);
    clock.advance(Duration.ofSeconds(5));
    failing.step(state);
    assertThat(attempts).hasSize(1);
    clock.advance(Duration.ofSeconds(10));
    failing.step(state);
    assertThat(attempts).hasSize(2);
  }
}
