package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.slipsfailover.docker.PullProgress;

class PullReportTest {
  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    Instant now = Instant.parse("2026-11-24T08:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void aPullIsStalledOnlyWhenNoProgressCameForTheWholeLimit() {
    HandClock clock = new HandClock();
    PullReport report = new PullReport("slips", clock);
    Duration limit = PullKeepAlive.PULL_STALL;

    clock.now = clock.now.plus(limit);
    assertThat(report.stalled(limit)).isFalse();
    clock.now = clock.now.plusSeconds(1);
    assertThat(report.stalled(limit)).isTrue();

    report.accept(new PullProgress("Downloading", 1, 100));
    assertThat(report.stalled(limit)).isFalse();
  }
}
