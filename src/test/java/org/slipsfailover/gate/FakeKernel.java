package org.slipsfailover.gate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
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
  final Set<String> interfaces = new TreeSet<>(Set.of("wlan0"));
  Instant expires = Instant.MIN;
  boolean loadFails;
  long generation = 41;
  boolean generationKnown = true;
  String commitOfSomebodyElseWithNextRenewal;

  FakeKernel(MutableClock clock) {
    this.clock = clock;
  }

  boolean open() {
    return present && clock.instant().isBefore(expires);
  }

  @Override
  public boolean renew(Duration timeout) {
    calls.add("renew " + timeout.toMillis());
    if (!present) {
      return false;
    }
    expires = clock.instant().plus(timeout);
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
    expires = Instant.MIN;
    generation++;
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
        open() ? Optional.of(Duration.between(clock.instant(), expires)) : Optional.empty();
    return Optional.of(new TableListing(shape + interfaces, left, Set.copyOf(interfaces), 0));
  }

  @Override
  public Optional<TableListing> addInterface(String name) {
    calls.add("add " + name);
    interfaces.add(name);
    generation++;
    return read();
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
    interfaces.clear();
    interfaces.add("wlan0");
    expires = Instant.MIN;
  }
}
