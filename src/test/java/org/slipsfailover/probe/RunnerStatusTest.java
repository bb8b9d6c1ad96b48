package org.slipsfailover.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunnerStatusTest {
  @Test
  void eachPhaseReadsBack() {
    for (RunnerStatus.Phase phase : RunnerStatus.Phase.values()) {
      RunnerStatus status = new RunnerStatus(phase, Instant.parse("2026-01-02T03:04:05Z"));
      assertThat(RunnerStatus.parse(status.text())).contains(status);
    }
    assertThat(new RunnerStatus(RunnerStatus.Phase.WAITING_FOR_AP, Instant.EPOCH).text())
        .isEqualTo("Waiting for the access point since 1970-01-01T00:00:00Z");
  }

  @Test
  void anythingElseIsUnknown() {
    assertThat(RunnerStatus.parse(null)).isEmpty();
    assertThat(RunnerStatus.parse("")).isEmpty();
    assertThat(RunnerStatus.parse("Protecting since yesterday")).isEmpty();
  }
}
