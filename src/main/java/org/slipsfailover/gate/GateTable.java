package org.slipsfailover.gate;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The names in {@code templates/slips-gate.nft} and the nft commands on them. The commands are
 * single lines, so that a long-lived {@code nft -i} can take them one at a time.
 */
public final class GateTable {
  public static final String FAMILY = "inet";
  public static final String NAME = "slips_failover";
  public static final String QUALIFIED = FAMILY + " " + NAME;
  static final String LEASE_SET = "lease";
  static final String AP_SET = "ap_ifaces";

  /** create_ap names its virtual interfaces ap0, ap1...: matched by a rule, not by the set. */
  static final String VIRTUAL_PREFIX = "ap";

  /** The only names we put into the set ourselves: no wildcard, no quote, nothing to escape. */
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

  private GateTable() {}

  /** The lease's element, with a fresh timeout: open for that long. */
  static String renew(Duration timeout) {
    // Re-adding an element does not reset its timeout on older kernels (the Pi's): empty the set
    // and add the element afresh, in one transaction, so that no packet sees the set empty.
    return revoke()
        + "; add element "
        + QUALIFIED
        + " "
        + LEASE_SET
        + " { 0 timeout "
        + timeout.toMillis()
        + "ms }";
  }

  /** Empties the lease: closed at once. Also what the runner script's ExecStopPost= line runs. */
  static String revoke() {
    return "flush set " + QUALIFIED + " " + LEASE_SET;
  }

  static String list() {
    return "list table " + QUALIFIED;
  }

  static String addInterface(String name) {
    return "add element " + QUALIFIED + " " + AP_SET + " { \"" + checkedName(name) + "\" }";
  }

  /** True when the rules already cover this interface without it being in the set. */
  static boolean matchedByPrefix(String name) {
    return name.startsWith(VIRTUAL_PREFIX);
  }

  static String checkedName(String name) {
    if (!PLAIN_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a plain interface name: " + name);
    }
    return name;
  }
}
