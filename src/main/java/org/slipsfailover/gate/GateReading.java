package org.slipsfailover.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;

/**
 * The gate as {@code status} and the install see it: {@code nft -j list table} of its two tables
 * (inet and bridge), read only.
 *
 * @param state open, closed, absent, or unreadable
 * @param leaseLeft how long the lease holds yet, when open
 * @param dropped packets the gate dropped since it was loaded, when loaded
 * @param detail why it could not be read, when unreadable; the missing table, when absent
 * @param bridgeLoaded false when the inet table is there and the bridge one is not (a kernel
 *     without nftables' bridge family): what the Pi bridges is not gated
 */
public record GateReading(
    State state, Optional<Duration> leaseLeft, long dropped, String detail, boolean bridgeLoaded) {

  /** What {@code status} says when the bridge table is not there beside the inet one. */
  public static final String BRIDGE_NOT_LOADED =
      "bridge table not loaded: bridged clients are not gated";

  public GateReading(State state, Optional<Duration> leaseLeft, long dropped, String detail) {
    this(state, leaseLeft, dropped, detail, true);
  }

  public enum State {
    OPEN,
    CLOSED,
    ABSENT,
    UNREADABLE
  }

  /**
   * Reads both tables (inet and bridge): open only when both leases hold, or the inet one's when
   * the bridge table is not there (the runner loads the inet one alone where the kernel refuses the
   * bridge one).
   */
  public static GateReading read(Commands commands) {
    List<TableListing> tables = new ArrayList<>();
    boolean bridgeLoaded = true;
    for (String family : GateTable.FAMILIES) {
      CommandResult r = commands.run("nft", "-j", "list", "table", family, GateTable.NAME);
      if (!r.ok()) {
        String err = r.stderr().strip();
        if (err.contains("No such file or directory") && !err.contains("Operation not permitted")) {
          if (family.equals(GateTable.BRIDGE_FAMILY) && !tables.isEmpty()) {
            bridgeLoaded = false;
            continue;
          }
          return new GateReading(State.ABSENT, Optional.empty(), 0, family + " " + GateTable.NAME);
        }
        return new GateReading(State.UNREADABLE, Optional.empty(), 0, "nft: " + r.failure());
      }
      try {
        tables.add(TableListing.parse(r.stdout().strip()));
      } catch (IllegalArgumentException e) {
        return new GateReading(State.UNREADABLE, Optional.empty(), 0, e.getMessage());
      }
    }
    TableListing t = TableListing.combine(tables);
    return new GateReading(
        t.open() ? State.OPEN : State.CLOSED, t.leaseLeft(), t.dropped(), "", bridgeLoaded);
  }

  public boolean open() {
    return state == State.OPEN;
  }

  /** One line for people. */
  public String describe() {
    return switch (state) {
      case OPEN ->
          "open: Slips protects; clients reach beyond the Pi (lease "
              + leaseLeft.map(d -> d.toSeconds() + " s left").orElse("held")
              + ")";
      case CLOSED ->
          "closed: Slips is not protecting (or not yet): clients get the Wi-Fi and an"
              + " address, nothing beyond the Pi"
              + (dropped > 0 ? " (" + dropped + " packets dropped)" : "");
      case ABSENT ->
          "NOT LOADED: table "
              + (detail.isEmpty() ? GateTable.QUALIFIED : detail)
              + " is missing (install again, or"
              + " start slips-gate.service)";
      case UNREADABLE -> "unknown (" + detail + ")";
    };
  }
}
