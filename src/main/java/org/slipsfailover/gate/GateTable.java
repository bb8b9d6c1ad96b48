package org.slipsfailover.gate;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The names in {@code templates/slips-gate.nft} and the nft commands on them. The commands are
 * single lines, so that a long-lived {@code nft -i} can take them one at a time.
 */
public final class GateTable {
  public static final String FAMILY = "inet";
  public static final String NAME = "slips_failover";
  public static final String QUALIFIED = FAMILY + " " + NAME;

  /**
   * The same gate for bridged frames (create_ap -m bridge), which never reach the inet forward
   * hook: same name, same sets, its own lease, loaded from the same file.
   */
  public static final String BRIDGE_FAMILY = "bridge";

  public static final String BRIDGE_QUALIFIED = BRIDGE_FAMILY + " " + NAME;

  /** Both tables' families, inet first: every command below acts on both, in one transaction. */
  static final List<String> FAMILIES = List.of(FAMILY, BRIDGE_FAMILY);

  /** For people: "inet slips_failover and bridge slips_failover". */
  public static final String BOTH = QUALIFIED + " and " + BRIDGE_QUALIFIED;

  static final String LEASE_SET = "lease";

  private GateTable() {}

  /** The lease's element, with a fresh timeout: open for that long. */
  static String renew(Duration timeout) {
    return renew(timeout, FAMILIES);
  }

  /** The same in the tables of these families only: those loaded. */
  static String renew(Duration timeout, List<String> families) {
    // Re-adding an element does not reset its timeout on older kernels (the Pi's): empty the set
    // and add the element afresh, in one transaction, so that no packet sees the set empty. One
    // line, so one transaction for both tables too: they are open together or not at all (a
    // missing table fails the whole line).
    return qualified(families)
        .map(
            t ->
                "flush set "
                    + t
                    + " "
                    + LEASE_SET
                    + "; add element "
                    + t
                    + " "
                    + LEASE_SET
                    + " { 0 timeout "
                    + timeout.toMillis()
                    + "ms }")
        .collect(Collectors.joining("; "));
  }

  /** Empties both leases: closed at once. The runner script's ExecStopPost= line runs the same. */
  static String revoke() {
    return revoke(FAMILIES);
  }

  static String revoke(List<String> families) {
    return qualified(families)
        .map(t -> "flush set " + t + " " + LEASE_SET)
        .collect(Collectors.joining("; "));
  }

  /** One list command per table, each a line of its own (nft answers each with a JSON line). */
  static List<String> lists() {
    return lists(FAMILIES);
  }

  static List<String> lists(List<String> families) {
    return qualified(families).map(t -> "list table " + t).toList();
  }

  private static Stream<String> qualified(List<String> families) {
    return families.stream().map(f -> f + " " + NAME);
  }
}
