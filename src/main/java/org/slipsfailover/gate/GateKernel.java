package org.slipsfailover.gate;

import java.time.Duration;
import java.util.Optional;

/**
 * The kernel side of the gate, as narrow as the gate needs. Each call answers with the table as it
 * is afterwards, or empty when the table is not there (or nft could not be asked, which the gate
 * treats the same: not ours).
 */
public interface GateKernel {
  /** Puts the lease's element in, with this timeout. */
  Optional<TableListing> renew(Duration timeout);

  /** Empties the lease. */
  Optional<TableListing> revoke();

  Optional<TableListing> read();

  /** Adds an interface to the set of AP interfaces. */
  Optional<TableListing> addInterface(String name);

  /** Loads the ruleset file: the table is replaced, closed, in one transaction. */
  void load() throws GateException;
}
