package org.slipsfailover.gate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
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
 * our own transactions since, nobody else changed anything. Only what the kernel committed counts
 * as ours: a renewal always commits one transaction (it adds an element); a revoke of an empty
 * lease commits none, so a revoke reads the generation on both sides. Listing both tables every
 * second cost more CPU than everything else the gate does. A renewal trusts the last check (the
 * runner checks right after each one); one that follows a refused renewal lists first.
 *
 * <p>A listing that finds a lease element the runner did not put there (one that outlives its
 * lease, or any while it holds none: added by hand, or by the container's {@code NET_ADMIN}) puts
 * the tables back, closed, as for any other change.
 */
public final class Gate {
  /** Less than this left of a lease is not worth a renewal: the probe is too old. */
  static final Duration MIN_RENEWAL = Duration.ofMillis(100);

  /**
   * nft lists an element's expiry in whole seconds, and our renewal commits a little after we
   * reckon it: an element that outlives our lease by less than this may be ours.
   */
  static final Duration LISTING_SLACK = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(Gate.class);

  private final GateKernel kernel;
  private final Clock clock;
  private final Duration leaseTimeout;

  private Optional<String> ours = Optional.empty(); // the table's shape after our last load
  private Instant openUntil = Instant.MIN;
  private Instant revokedAt = Instant.MIN;
  // The generation at which a listing found the table ours, plus our own transactions since; empty
  // when somebody else may have changed it since.
  private OptionalLong checkedGeneration = OptionalLong.empty();
  private long ownSinceChecked; // our own transactions since then

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
  public synchronized void loadClosed() throws GateException {
    markClosed();
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
    return true;
  }

  /** Closes the gate at once. Call it before anything else when Slips stops protecting. */
  public synchronized void revoke(String why) {
    boolean wasOpen = isOpen(clock.instant());
    // A revoke of an empty lease commits nothing (no new generation); one that emptied it commits
    // one: only the generation before and after tells which, so it is read on both sides.
    boolean vouched = unchangedSinceChecked();
    OptionalLong before = vouched ? checkedGeneration : OptionalLong.empty();
    boolean revoked = kernel.revoke();
    markClosed();
    if (wasOpen) {
      log.warn("gate closed: {}", why);
    }
    if (revoked) {
      if (before.isEmpty() || !before.equals(kernel.generation())) {
        // Ours moved it, or somebody else's did meanwhile: they cannot be told apart, so the
        // next check lists the tables.
        checkedGeneration = OptionalLong.empty();
      }
      return;
    }
    // Gone (nft flush ruleset, nftables restarted): nothing drops the clients' traffic. Put it
    // back closed now; the next check would be up to a probe interval late.
    log.warn("gate: the table was not there to revoke the lease in; putting it back, closed");
    try {
      loadClosed();
    } catch (GateException e) {
      log.error("gate: could not put the table back: {}", e.getMessage());
    }
  }

  /**
   * Once per probe interval: the tables must be there and exactly ours, and hold no lease element
   * the runner did not put there. Otherwise they are put back, closed, and that is logged.
   *
   * @return what was found
   */
  public synchronized Health heal() {
    if (!unchangedSinceChecked()) {
      Optional<TableListing> table = list(false);
      if (!isOurs(table)) {
        return putBack(table.isEmpty() ? Health.MISSING : Health.CHANGED);
      }
      if (leaseNotOurs(table.get())) {
        log.warn("gate: a lease element the runner did not put there (added by hand?)");
        return putBack(Health.CHANGED);
      }
    }
    return Health.OURS;
  }

  /**
   * True when a lease element outlives what our last renewal gave (nothing, when the runner holds
   * no lease), beyond nft's rounding to whole seconds: somebody else put it there.
   */
  private boolean leaseNotOurs(TableListing table) {
    return table
        .furthestLease()
        .map(
            left ->
                openUntil.equals(Instant.MIN)
                    || clock.instant().plus(left).isAfter(openUntil.plus(LISTING_SLACK)))
        .orElse(false);
  }

  private Health putBack(Health found) {
    log.warn("gate: tables {}: {}; putting them back, closed", GateTable.BOTH, found.text);
    try {
      loadClosed();
      return found;
    } catch (GateException e) {
      log.error("gate: could not put the table back: {}", e.getMessage());
      return Health.BROKEN;
    }
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
    if (isOurs(table) && before.isPresent() && before.equals(after)) {
      checkedGeneration = after;
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

  /** Our renewal, taken by the kernel, was one transaction: one generation. */
  private void countOwnTransaction() {
    ownSinceChecked++;
  }

  private boolean isOpen(Instant now) {
    return now.isBefore(openUntil);
  }

  private void markClosed() {
    openUntil = Instant.MIN;
    revokedAt = clock.instant();
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
