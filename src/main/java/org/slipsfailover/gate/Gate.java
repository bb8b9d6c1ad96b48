package org.slipsfailover.gate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's hold on the gate. The kernel keeps the truth (a lease element that expires by
 * itself); this class decides when to renew, revokes, and puts the table back when somebody removed
 * or changed it.
 *
 * <p>A lease never outlives the probe that earned it by more than the lease's timeout: the element
 * goes in with what is left of the timeout counted from the probe's start. A probe that started
 * before the last revoke earns nothing, so a probe still in flight when Slips died cannot open the
 * gate again after the runner closed it.
 *
 * <p>The table is listed only when it may have changed: every transaction anybody commits to the
 * ruleset adds one to its generation, so when the generation is the one the last listing saw, plus
 * our own transactions since, nobody else changed anything. Listing both tables every second cost
 * more CPU than everything else the gate does. A renewal trusts the last check (the runner checks
 * right after each one); one that follows a refused renewal lists first.
 */
public final class Gate {
  /** Less than this left of a lease is not worth a renewal: the probe is too old. */
  static final Duration MIN_RENEWAL = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(Gate.class);

  private final GateKernel kernel;
  private final Clock clock;
  private final Duration leaseTimeout;

  private Optional<String> ours = Optional.empty(); // the table's shape after our last load
  private Instant openUntil = Instant.MIN;
  private Instant revokedAt = Instant.MIN;
  private String closedWhy = "Slips has not protected yet";
  // The generation at which a listing found the table ours, plus our own transactions since; empty
  // when somebody else may have changed it since.
  private OptionalLong checkedGeneration = OptionalLong.empty();
  private long ownSinceChecked; // our own transactions since then
  private Set<String> listedInterfaces = Set.of(); // the AP interfaces in that listing

  /**
   * @param leaseTimeout how long a lease holds without renewal
   */
  public Gate(GateKernel kernel, Clock clock, Duration leaseTimeout) {
    if (leaseTimeout.compareTo(MIN_RENEWAL.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("lease timeout too short: " + leaseTimeout);
    }
    this.kernel = kernel;
    this.clock = clock;
    this.leaseTimeout = leaseTimeout;
  }

  public Duration leaseTimeout() {
    return leaseTimeout;
  }

  /** Loads the table, closed, and takes it as ours from now on. */
  public synchronized void loadClosed(String why) throws GateException {
    markClosed(why);
    kernel.load();
    if (list(true).isEmpty()) {
      throw new GateException("nft loaded the gate but does not list it");
    }
  }

  /**
   * Right after a probe found Slips protecting.
   *
   * @param probeStarted when that probe started
   * @return true when the gate is open now
   */
  public synchronized boolean renew(Instant probeStarted) {
    Instant now = clock.instant();
    if (!probeStarted.isAfter(revokedAt)) {
      return false; // evidence from before the gate was closed
    }
    Duration age = Duration.between(probeStarted, now);
    if (age.isNegative()) {
      return false; // a clock that went back: the probe's age is unknown, it earns nothing
    }
    Duration left = leaseTimeout.minus(age);
    if (left.compareTo(MIN_RENEWAL) < 0) {
      return false;
    }
    if (!kernel.renew(left)) {
      // A table or its lease is missing: the heal check puts them back (closed).
      checkedGeneration = OptionalLong.empty();
      return false;
    }
    countOwnTransaction();
    if (checkedGeneration.isEmpty()) {
      Optional<TableListing> table = list(false);
      if (!isOurs(table) || !table.get().open()) {
        // Not our table: the heal check puts it back (closed); renewing into it proves nothing.
        return false;
      }
    }
    if (!isOpen(now)) {
      log.info("gate open: Slips protects; clients reach beyond the Pi");
    }
    openUntil = now.plus(left);
    closedWhy = "";
    return true;
  }

  /** Closes the gate at once. Call it before anything else when Slips stops protecting. */
  public synchronized void revoke(String why) {
    boolean wasOpen = isOpen(clock.instant());
    boolean revoked = kernel.revoke();
    markClosed(why);
    if (wasOpen) {
      log.warn("gate closed: {}", why);
    }
    if (revoked) {
      countOwnTransaction();
      return;
    }
    // Gone (nft flush ruleset, nftables restarted): nothing drops the clients' traffic. Put it
    // back closed now; the next check would be up to a probe interval late.
    log.warn("gate: the table was not there to revoke the lease in; putting it back, closed");
    try {
      loadClosed(why);
    } catch (GateException e) {
      log.error("gate: could not put the table back: {}", e.getMessage());
    }
  }

  /**
   * Once per probe interval: the table must be there and exactly ours, and cover the AP's virtual
   * interface. Otherwise it is put back, closed, and that is logged.
   *
   * @param apInterfaces the interfaces create_ap serves on now (its state folder's wifi_iface)
   * @return what was found
   */
  public synchronized Health heal(Set<String> apInterfaces) {
    if (!unchangedSinceChecked()) {
      Optional<TableListing> table = list(false);
      if (!isOurs(table)) {
        return putBack(table.isEmpty() ? Health.MISSING : Health.CHANGED, apInterfaces);
      }
    }
    for (String name : apInterfaces) {
      if (!GateTable.matchedByPrefix(name) && !listedInterfaces.contains(name)) {
        ours = kernel.addInterface(name).map(TableListing::shape);
        checkedGeneration = OptionalLong.empty(); // listed at the next check
        log.info("gate: the access point serves on {}; added to the gate", name);
      }
    }
    return Health.OURS;
  }

  private Health putBack(Health found, Set<String> apInterfaces) {
    log.warn("gate: tables {}: {}; putting them back, closed", GateTable.BOTH, found.text);
    try {
      loadClosed("the gate's table was " + found.text + " and put back");
      for (String name : apInterfaces) {
        if (!GateTable.matchedByPrefix(name)) {
          ours = kernel.addInterface(name).map(TableListing::shape);
          checkedGeneration = OptionalLong.empty();
        }
      }
      return found;
    } catch (GateException e) {
      log.error("gate: could not put the table back: {}", e.getMessage());
      return Health.BROKEN;
    }
  }

  public synchronized GateState state() {
    Instant now = clock.instant();
    if (isOpen(now)) {
      return new GateState(true, Duration.between(now, openUntil), "");
    }
    return new GateState(
        false, Duration.ZERO, closedWhy.isEmpty() ? "the lease expired" : closedWhy);
  }

  /**
   * Lists the tables between two readings of the generation. When they are ours and nobody
   * committed anything while they were listed, that generation vouches for them until somebody else
   * commits.
   *
   * @param adopt take what is listed as ours (right after our load)
   */
  private Optional<TableListing> list(boolean adopt) {
    OptionalLong before = kernel.generation();
    Optional<TableListing> table = kernel.read();
    OptionalLong after = kernel.generation();
    if (adopt) {
      ours = table.map(TableListing::shape);
    }
    checkedGeneration = OptionalLong.empty();
    ownSinceChecked = 0;
    if (isOurs(table)) {
      listedInterfaces = table.get().interfaces();
      if (before.isPresent() && before.equals(after)) {
        checkedGeneration = after;
      }
    }
    return table;
  }

  private boolean isOurs(Optional<TableListing> table) {
    return table.isPresent() && table.map(TableListing::shape).equals(ours);
  }

  /**
   * True when the generation moved by our own transactions alone since the table was listed; it
   * then vouches for the table from this generation on.
   */
  private boolean unchangedSinceChecked() {
    if (checkedGeneration.isEmpty()) {
      return false;
    }
    OptionalLong now = kernel.generation();
    if (now.isEmpty() || now.getAsLong() != checkedGeneration.getAsLong() + ownSinceChecked) {
      return false;
    }
    checkedGeneration = now;
    ownSinceChecked = 0;
    return true;
  }

  /** Our renewal or revoke, taken by the kernel, was one transaction: one generation. */
  private void countOwnTransaction() {
    ownSinceChecked++;
  }

  private boolean isOpen(Instant now) {
    return now.isBefore(openUntil);
  }

  private void markClosed(String why) {
    openUntil = Instant.MIN;
    revokedAt = clock.instant();
    closedWhy = why;
  }

  /** What the heal check found. */
  public enum Health {
    OURS("ours"),
    MISSING("missing"),
    CHANGED("changed by someone else"),
    BROKEN("could not be put back");

    final String text;

    Health(String text) {
      this.text = text;
    }
  }
}
