package org.slipsfailover.gate;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The kernel side of the gate, as narrow as the gate needs. A listing is the table as it is, or
 * empty when it is not there (or nft could not be asked, which the gate treats the same: not ours).
 */
public interface GateKernel {
  /**
   * Puts both leases' element in, with this timeout, in one transaction.
   *
   * @return false when the kernel refused it (a table or its lease missing) or could not be asked
   */
  boolean renew(Duration timeout);

  /** Empties both leases in one transaction; false as for {@link #renew}. */
  boolean revoke();

  Optional<TableListing> read();

  /**
   * Loads the ruleset file: each table is replaced, closed, in a transaction of its own; the inet
   * one must load, the bridge one may be refused (a kernel without nftables' bridge family).
   */
  void load() throws GateException;

  /**
   * The ruleset's generation: every transaction anybody commits, to any table, adds one. Empty when
   * it cannot be had; the gate then lists the table at every check.
   */
  OptionalLong generation();
}
