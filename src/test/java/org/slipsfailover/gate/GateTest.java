package org.slipsfailover.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slipsfailover.testing.MutableClock;

/** The lease logic against a fake kernel whose lease expires by a fake clock. */
class GateTest {
  private static final Duration LEASE = Duration.ofSeconds(3);

  private final MutableClock clock = new MutableClock();
  private final FakeKernel kernel = new FakeKernel(clock);
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private final Gate gate = new Gate(kernel, clock, LEASE);

  @BeforeEach
  void load() throws GateException {
    gate.loadClosed();
    clock.advance(Duration.ofMillis(10));
  }

  @Test
  void loadedClosed() {
    assertThat(kernel.open()).isFalse();
  }

  @Test
  void aFreshProbeOpensForTheTimeoutCountedFromTheProbesStart() {
    Instant probe = clock.instant();
    clock.advance(Duration.ofMillis(200)); // the probe took 200 ms
    assertThat(gate.renew(probe)).isTrue();
    assertThat(kernel.calls).last().isEqualTo("renew 2800");
    assertThat(kernel.open()).isTrue();
    assertThat(kernel.read().orElseThrow().leaseLeft()).contains(Duration.ofMillis(2800));
  }

  @Test
  void withoutRenewalTheLeaseRunsOutInTheKernel() {
    gate.renew(clock.instant());
    clock.advance(Duration.ofMillis(2999));
    assertThat(kernel.open()).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(kernel.open()).isFalse();
  }

  @Test
  void renewalsEverySecondKeepItOpen() {
    for (int i = 0; i < 10; i++) {
      assertThat(gate.renew(clock.instant())).isTrue();
      clock.advance(Duration.ofSeconds(1));
      assertThat(kernel.open()).isTrue();
    }
  }

  @Test
  void aProbeOlderThanTheLeaseEarnsNothing() {
    Instant probe = clock.instant();
    clock.advance(LEASE.minus(Gate.MIN_RENEWAL).plusMillis(1));
    assertThat(gate.renew(probe)).isFalse();
    assertThat(kernel.calls).noneMatch(c -> c.startsWith("renew"));
    assertThat(kernel.open()).isFalse();
  }

  @Test
  void aProbeFromTheFutureEarnsNothingSoNoLeaseOutlivesTheTimeout() {
    Instant probe = clock.instant().plusSeconds(3600); // a clock that went back an hour since
    assertThat(gate.renew(probe)).isFalse();
    assertThat(kernel.calls).noneMatch(c -> c.startsWith("renew"));
    assertThat(kernel.open()).isFalse();
  }

  @Test
  void revokeClosesAtOnce() {
    gate.renew(clock.instant());
    clock.advance(Duration.ofMillis(5));
    gate.revoke("Slips died");
    assertThat(kernel.open()).isFalse();
  }

  @Test
  void aRevokeWithTheTableGoneLoadsItClosedAtOnce() {
    gate.renew(clock.instant());
    kernel.flushed(); // nft flush ruleset, then Slips dies before the next check
    kernel.calls.clear();
    gate.revoke("Slips died");
    assertThat(kernel.calls).containsExactly("revoke", "load", "read");
    assertThat(kernel.present).isTrue();
    assertThat(kernel.open()).isFalse();
    clock.advance(INTERVAL);
    assertThat(gate.heal()).as("the check finds it ours").isEqualTo(Gate.Health.OURS);
  }

  @Test
  void aProbeInFlightWhenSlipsDiedCannotReopen() {
    Instant probe = clock.instant(); // the probe starts; Slips is still fine
    clock.advance(Duration.ofMillis(50));
    gate.revoke("Slips died"); // the die event, while the probe is in flight
    clock.advance(Duration.ofMillis(50));
    assertThat(gate.renew(probe)).isFalse();
    assertThat(kernel.open()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(gate.renew(clock.instant())).as("a probe after the revoke may").isTrue();
  }

  @Test
  void healLeavesOurTableAlone() {
    gate.renew(clock.instant());
    kernel.calls.clear();
    assertThat(gate.heal()).isEqualTo(Gate.Health.OURS);
    assertThat(kernel.calls).isEmpty();
    assertThat(kernel.open()).isTrue();
  }

  @Test
  void whileNobodyElseCommitsTheTableIsNotListed() {
    kernel.calls.clear();
    for (int i = 0; i < 10; i++) {
      assertThat(gate.renew(clock.instant())).isTrue();
      assertThat(gate.heal()).isEqualTo(Gate.Health.OURS);
      clock.advance(INTERVAL);
    }
    assertThat(kernel.calls).doesNotContain("read").hasSize(10);
  }

  @Test
  void aCommitElsewhereInTheRulesetCostsOneListing() {
    gate.renew(clock.instant());
    kernel.changedBySomebodyElse("ours"); // e.g. Docker adding its iptables rules
    kernel.calls.clear();
    assertThat(gate.heal()).isEqualTo(Gate.Health.OURS);
    assertThat(gate.heal()).isEqualTo(Gate.Health.OURS);
    assertThat(kernel.calls).containsExactly("read");
    assertThat(kernel.open()).isTrue();
  }

  @Test
  void aCommitOfSomebodyElseBesideOurRenewalIsCaughtByTheNextCheck() {
    gate.renew(clock.instant());
    kernel.commitOfSomebodyElseWithNextRenewal = "someone added accept";
    clock.advance(INTERVAL);
    gate.renew(clock.instant());
    kernel.calls.clear();
    assertThat(gate.heal()).isEqualTo(Gate.Health.CHANGED);
    assertThat(kernel.calls).startsWith("read", "load");
    assertThat(kernel.open()).isFalse();
  }

  @Test
  void withoutTheGenerationEveryCheckLists() {
    kernel.generationKnown = false;
    gate.renew(clock.instant());
    kernel.calls.clear();
    gate.heal();
    gate.heal();
    assertThat(kernel.calls).containsExactly("read", "read");
    kernel.present = false; // gone without a trace in any generation
    assertThat(gate.heal()).isEqualTo(Gate.Health.MISSING);
  }

  @Test
  void healPutsAMissingTableBackClosed() {
    gate.renew(clock.instant());
    kernel.flushed(); // nft flush ruleset
    clock.advance(INTERVAL);
    assertThat(gate.heal()).isEqualTo(Gate.Health.MISSING);
    assertThat(kernel.present).isTrue();
    assertThat(kernel.open()).isFalse();
  }

  @Test
  void healPutsAChangedTableBackClosed() {
    kernel.changedBySomebodyElse("someone added accept");
    kernel.expires = clock.instant().plusSeconds(3600); // and opened it
    assertThat(gate.heal()).isEqualTo(Gate.Health.CHANGED);
    assertThat(kernel.shape).isEqualTo("ours");
    assertThat(kernel.open()).isFalse();
  }

  @Test
  void aRenewalIntoAForeignTableIsUndoneByTheCheckThatFollowsIt() {
    kernel.changedBySomebodyElse("someone else's");
    gate.renew(clock.instant()); // trusts the last check: the runner checks right after
    assertThat(gate.heal()).isEqualTo(Gate.Health.CHANGED);
    assertThat(kernel.shape).isEqualTo("ours");
    assertThat(kernel.open()).isFalse();
  }

  @Test
  void aRenewalAfterAFailedOneListsBeforeItSaysOpen() {
    kernel.flushed();
    assertThat(gate.renew(clock.instant())).isFalse();
    kernel.present = true; // back, but not ours: somebody else's
    kernel.shape = "someone else's";
    clock.advance(Duration.ofMillis(10));
    assertThat(gate.renew(clock.instant())).isFalse();
  }

  @Test
  void anOutsideCommitRightAfterARevokeOfAnEmptyLeaseIsSeen() {
    kernel.calls.clear();
    gate.revoke("Slips died"); // the lease is empty already: the kernel commits nothing
    kernel.flushed(); // then nft flush ruleset: one commit, not ours
    assertThat(gate.heal()).isEqualTo(Gate.Health.MISSING);
    assertThat(kernel.present).isTrue();
  }

  @Test
  void aRevokeThatEmptiedTheLeaseCostsOneListingAndNoMore() {
    gate.renew(clock.instant());
    gate.revoke("Slips died");
    kernel.calls.clear();
    assertThat(gate.heal()).isEqualTo(Gate.Health.OURS);
    assertThat(gate.heal()).isEqualTo(Gate.Health.OURS);
    assertThat(kernel.calls).containsExactly("read");
  }

  @Test
  void aLeaseAddedByHandWhileTheRunnerHoldsNoneIsRemovedByTheCheck() {
    kernel.addedByHand(Duration.ofDays(1));
    assertThat(kernel.open()).isTrue();
    assertThat(gate.heal()).isEqualTo(Gate.Health.CHANGED);
    assertThat(kernel.open()).isFalse();
  }

  @Test
  void aLeaseAddedByHandThatOutlivesOursIsRemovedByTheCheck() {
    gate.renew(clock.instant());
    gate.heal();
    kernel.addedByHand(LEASE.plus(Gate.LISTING_SLACK).plusMillis(1));
    assertThat(gate.heal()).isEqualTo(Gate.Health.CHANGED);
    assertThat(kernel.open()).isFalse();
  }

  @Test
  void ourOwnLeaseLingeringPastOurReckoningIsNotTakenForAForeignOne() {
    gate.renew(clock.instant());
    kernel.addedByHand(LEASE.plus(Gate.LISTING_SLACK)); // as long as ours may seem to last
    assertThat(gate.heal()).isEqualTo(Gate.Health.OURS);
  }

  @Test
  void aTableThatCannotBePutBackIsReported() {
    kernel.flushed();
    kernel.loadFails = true;
    assertThat(gate.heal()).isEqualTo(Gate.Health.BROKEN);
  }

  @Test
  void aLeaseShorterThanTwoRenewalMarginsIsRefused() {
    assertThatThrownBy(() -> new Gate(kernel, clock, Duration.ofMillis(150)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
