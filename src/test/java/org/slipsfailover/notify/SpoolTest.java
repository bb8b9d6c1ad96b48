package org.slipsfailover.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The spool's rules: only changes are news, bounded, coalesced, rate-limited, backing off. */
class SpoolTest {
  private static final Pacing PACING = Pacing.DEFAULT;
  private static final long T0 = 1_000_000_000_000L;

  private static Spool down(Spool s, long at) {
    return s.record(ProtectionChange.down(at, "container_ended", "why", true), false);
  }

  private static Spool up(Spool s, long at) {
    return s.record(ProtectionChange.up(at), false);
  }

  @Test
  void onlyAChangeOfStateIsNews() {
    Spool s = down(Spool.empty(), T0);
    assertThat(down(s, T0 + 5).pending()).hasSize(1);
    assertThat(up(up(s, T0 + 10), T0 + 20).pending()).hasSize(2);
    // systemd giving up is news even after a "not protected".
    assertThat(s.record(ProtectionChange.down(T0 + 30, "gave_up", "", true), true).pending())
        .hasSize(2);
  }

  @Test
  void protectingAgainCarriesTheOutageFromTheFirstDown() {
    Spool s = down(Spool.empty(), T0);
    s = s.sent(T0, 0, T0 + 1000, "t", PACING); // the "down" went out; the outage goes on
    s = down(s, T0 + 2000); // no news
    s = up(s, T0 + 125_000);
    assertThat(s.pending())
        .singleElement()
        .satisfies(c -> assertThat(c.downMillis()).isEqualTo(125_000));
    assertThat(Message.of("pi", s).title()).isEqualTo("pi: protecting again after 2 min 5 s");
  }

  @Test
  void fullSpoolFoldsTheOldestIntoACount() {
    Spool s = Spool.empty();
    for (int i = 0; i < 50; i++) {
      s = i % 2 == 0 ? down(s, T0 + i) : up(s, T0 + i);
    }
    assertThat(s.pending()).hasSize(Spool.MAX_PENDING);
    assertThat(s.dropped()).isEqualTo(50 - Spool.MAX_PENDING);
    Message m = Message.of("pi", s);
    assertThat(m.title()).endsWith("(50 changes)");
    assertThat(m.body()).startsWith("50 changes of protection folded").contains("30 earlier");
    Spool after = s.sent(m.upToMillis(), m.dropped(), T0 + 100, m.title(), PACING);
    assertThat(after.pending()).isEmpty();
    assertThat(after.dropped()).isZero();
  }

  @Test
  void aChangeWaitsTheGatherWindowThenTheBurstLimitHolds() {
    Spool s = down(Spool.empty(), T0);
    assertThat(s.dueMillis(PACING)).isEqualTo(T0 + PACING.gather().toMillis());
    for (int i = 0; i < PACING.burst(); i++) {
      long now = T0 + i * 10_000;
      s = (i % 2 == 0 ? down(s, now) : up(s, now)).sent(now, 0, now + 1000, "t", PACING);
    }
    // The burst is spent: the next change waits until the oldest send is a period old.
    s = up(s, T0 + 30_000);
    assertThat(s.dueMillis(PACING)).isEqualTo(T0 + 1000 + PACING.period().toMillis());
  }

  @Test
  void failuresBackOffDoublingUpToTheCap() {
    assertThat(PACING.retryAfter(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(PACING.retryAfter(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(PACING.retryAfter(7)).isEqualTo(Duration.ofMinutes(5));
    assertThat(PACING.retryAfter(100)).isEqualTo(Duration.ofMinutes(5));
    Spool s = down(Spool.empty(), T0).failed(T0 + 2000, "apprise exit 1", PACING);
    s = s.failed(T0 + 7000, "apprise exit 1", PACING);
    assertThat(s.dueMillis(PACING)).isEqualTo(T0 + 17_000);
    assertThat(s.sent(T0, 0, T0 + 20_000, "t", PACING).failures()).isZero();
  }

  @Test
  void changesSpooledDuringASendStayPending() {
    Spool s = down(Spool.empty(), T0);
    Message m = Message.of("pi", s);
    s = up(s, T0 + 500); // arrived while apprise ran
    Spool after = s.sent(m.upToMillis(), m.dropped(), T0 + 900, m.title(), PACING);
    assertThat(after.pending()).singleElement().satisfies(c -> assertThat(c.protecting()).isTrue());
  }
}
