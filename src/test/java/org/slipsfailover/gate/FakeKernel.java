package org.slipsfailover.gate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slipsfailover.testing.MutableClock;

/**
 * The kernel's side as the gate sees it: a table that may be there, changed or gone, and a lease
 * element that expires by the fake clock, as the kernel's does by its own.
 */
final class FakeKernel implements GateKernel {
  private final MutableClock clock;
  final List<String> calls = new ArrayList<>();
  boolean present;
  String shape = "ours";
  Instant expires = Instant.MIN;
  Instant addedByHandExpires = Instant.MIN; // an element somebody else added, with a timeout
  boolean loadFails;
  long generation = 41;
  boolean generationKnown = true;
  String commitOfSomebodyElseWithNextRenewal;

  FakeKernel(MutableClock clock) {
    this.clock = clock;
  }

  boolean open() {
    return present && clock.instant().isBefore(furthest());
  }

  private Instant furthest() {
    return expires.isAfter(addedByHandExpires) ? expires : addedByHandExpires;
  }

  /** "add element inet slips_failover lease { 0 timeout ... }" by somebody else: one commit. */
  void addedByHand(Duration timeout) {
    addedByHandExpires = clock.instant().plus(timeout);
    generation++;
  }

  @Override
  public boolean renew(Duration timeout) {
    calls.add("renew " + timeout.toMillis());
    if (!present) {
      return false;
    }
    expires = clock.instant().plus(timeout); // the set flushed first: only ours is left
    addedByHandExpires = Instant.MIN;
    generation++;
    if (commitOfSomebodyElseWithNextRenewal != null) {
      changedBySomebodyElse(commitOfSomebodyElseWithNextRenewal);
      commitOfSomebodyElseWithNextRenewal = null;
    }
    return true;
  }

  @Override
  public boolean revoke() {
    calls.add("revoke");
    if (!present) {
      return false;
    }
    if (open()) {
      generation++; // emptying an empty set commits nothing, as in the kernel
    }
    expires = Instant.MIN;
    addedByHandExpires = Instant.MIN;
    return true;
  }

  @Override
  public OptionalLong generation() {
    return generationKnown ? OptionalLong.of(generation) : OptionalLong.empty();
  }

  /** Somebody else changed the table (or anything else in the ruleset): a commit of theirs. */
  void changedBySomebodyElse(String newShape) {
    shape = newShape;
    generation++;
  }

  /** The table is gone, as after "nft flush ruleset". */
  void flushed() {
    present = false;
    generation++;
  }

  @Override
  public Optional<TableListing> read() {
    calls.add("read");
    if (!present) {
      return Optional.empty();
    }
    Optional<Duration> left =
        open() ? Optional.of(Duration.between(clock.instant(), furthest())) : Optional.empty();
    return Optional.of(new TableListing(shape, left, left, 0));
  }

  @Override
  public void load() throws GateException {
    calls.add("load");
    if (loadFails) {
      throw new GateException("nft -f: no nft");
    }
    present = true;
    generation++;
    shape = "ours";
    expires = Instant.MIN;
    addedByHandExpires = Instant.MIN;
  }
}
