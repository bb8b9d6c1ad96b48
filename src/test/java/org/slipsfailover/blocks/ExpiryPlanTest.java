package org.slipsfailover.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slipsfailover.blocks.ExpiryPlan.Seen;

class ExpiryPlanTest {
  static final Instant T0 = Instant.parse("2026-12-06T01:00:00Z");
  static final SlipsTimeWindow MINUTE = new SlipsTimeWindow(Duration.ofMinutes(1));
  final BlockRule rule = new BlockRule(BlockRuleTest.SOURCE);
  final AtomicInteger reads = new AtomicInteger();
  Set<String> takenOver = Set.of();

  ExpiryPlan plan(Map<BlockRule, Seen> known, String boot, Instant now) {
    return ExpiryPlan.of(
        List.of(rule),
        known,
        boot,
        now,
        () -> {
          reads.incrementAndGet();
          return MINUTE;
        },
        () -> {
          reads.incrementAndGet();
          return takenOver;
        });
  }

  @Test
  void aRestoredRuleThatSlipsBlockedAgainIsSlipsOwnFromThen() {
    takenOver = Set.of("192.0.2.66");
    Instant now = T0.plus(Duration.ofMinutes(10));
    ExpiryPlan plan = plan(Map.of(rule, new Seen(T0, "boot1")), "boot2", now);
    assertThat(plan.due()).isEmpty();
    assertThat(plan.seen()).containsEntry(rule, new Seen(now, "boot2"));
  }

  @Test
  void aNewRuleIsFirstSeenNowAndSlipsOwn() {
    ExpiryPlan plan = plan(Map.of(), "boot2", T0);
    assertThat(plan.seen()).containsExactly(Map.entry(rule, new Seen(T0, "boot2")));
    assertThat(plan.due()).isEmpty();
    assertThat(reads).as("the owner's file is not read without a restored rule").hasValue(0);
  }

  @Test
  void aRuleOfThisBootIsNeverDue() {
    ExpiryPlan plan =
        plan(Map.of(rule, new Seen(T0, "boot1")), "boot1", T0.plus(Duration.ofDays(9)));
    assertThat(plan.due()).isEmpty();
  }

  @Test
  void aRestoredRuleIsDueTwoWidthsAfterItWasFirstSeen() {
    Map<BlockRule, Seen> known = Map.of(rule, new Seen(T0, "boot1"));
    assertThat(plan(known, "boot2", T0.plusSeconds(119)).due()).isEmpty();
    ExpiryPlan due = plan(known, "boot2", T0.plusSeconds(120));
    assertThat(due.due())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.rule()).isEqualTo(rule);
              assertThat(d.at()).isEqualTo(T0.plusSeconds(120));
            });
    assertThat(due.seen())
        .as("the first sighting is kept")
        .containsEntry(rule, new Seen(T0, "boot1"));
  }

  @Test
  void goneRulesAreForgottenSoThatTheirReturnIsANewBlock() {
    BlockRule gone = new BlockRule(BlockRuleTest.DESTINATION);
    ExpiryPlan plan =
        plan(Map.of(gone, new Seen(T0, "boot1")), "boot2", T0.plus(Duration.ofHours(1)));
    assertThat(plan.seen()).doesNotContainKey(gone);
  }

  @Test
  void onlyOneWindowNeverEnds() {
    ExpiryPlan plan =
        ExpiryPlan.of(
            List.of(rule),
            Map.of(rule, new Seen(T0, "boot1")),
            "boot2",
            T0.plus(Duration.ofDays(365 * 100)),
            () -> SlipsTimeWindow.ONLY_ONE,
            Set::of);
    assertThat(plan.due()).isEmpty();
  }
}
