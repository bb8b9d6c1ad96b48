package org.slipsfailover.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The gate's table as {@code nft -j list table inet slips_failover} shows it, or both of its tables
 * (inet and bridge) together ({@link #combine}).
 *
 * @param shape the table without what changes while it works (handles, counters, the lease's
 *     element, nft's version line): two listings with the same shape are the same ruleset
 * @param leaseLeft how long the lease holds yet (whole seconds, as nft's JSON rounds), empty when
 *     closed
 * @param furthestLease how long the lease element that expires last, in any table, holds yet
 *     (whatever put it there); empty when no table holds one
 * @param dropped packets the gate dropped since the table was loaded
 */
public record TableListing(
    String shape, Optional<Duration> leaseLeft, Optional<Duration> furthestLease, long dropped) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public boolean open() {
    return leaseLeft.isPresent();
  }

  /** Parses one line of {@code nft -j} output; throws when it is not the gate's table. */
  public static TableListing parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not nft JSON: " + e.getMessage());
    }
    JsonNode items = root.path("nftables");
    if (!items.isArray()) {
      throw new IllegalArgumentException("not nft JSON: no \"nftables\" array");
    }
    ArrayNode shape = JSON.createArrayNode();
    Optional<Duration> lease = Optional.empty();
    long dropped = 0;
    boolean table = false;
    for (JsonNode item : items) {
      if (item.has("metainfo")) {
        continue;
      }
      ObjectNode copy = item.deepCopy();
      table |= item.has("table");
      JsonNode set = copy.path("set");
      if (set instanceof ObjectNode s) {
        if (GateTable.LEASE_SET.equals(s.path("name").asText())) {
          lease = leaseOf(s.path("elem"));
          if (onlyTimedElements(s.path("elem"))) {
            // Elements we gave come and go; one without a timeout never expires: that one stays
            // in the shape, so the table no longer looks like ours and is put back closed.
            s.remove("elem");
          }
        }
      }
      JsonNode rule = copy.path("rule");
      if (rule instanceof ObjectNode r) {
        dropped += removeCounters(r.path("expr"));
      }
      stripHandles(copy);
      shape.add(copy);
    }
    if (!table) {
      throw new IllegalArgumentException("nft JSON without a table");
    }
    return new TableListing(shape.toString(), lease, lease, dropped);
  }

  /**
   * The gate's tables (inet, then bridge) as one: its shape is theirs together; it is open only
   * while every table's lease holds (for the shortest rest); its furthest lease is any table's.
   */
  public static TableListing combine(List<TableListing> tables) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("no table");
    }
    StringBuilder shape = new StringBuilder();
    Optional<Duration> lease = tables.get(0).leaseLeft();
    Optional<Duration> furthest = Optional.empty();
    long dropped = 0;
    for (TableListing t : tables) {
      shape.append(t.shape()).append('\n');
      lease =
          lease.isPresent() && t.leaseLeft().isPresent()
              ? Optional.of(min(lease.get(), t.leaseLeft().get()))
              : Optional.empty();
      if (t.furthestLease().isPresent()) {
        furthest =
            Optional.of(
                furthest.map(f -> max(f, t.furthestLease().get())).orElse(t.furthestLease().get()));
      }
      dropped += t.dropped();
    }
    return new TableListing(shape.toString(), lease, furthest, dropped);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The lease's elements' furthest expiry (forever for one without a timeout). */
  private static Optional<Duration> leaseOf(JsonNode elems) {
    Optional<Duration> furthest = Optional.empty();
    for (JsonNode e : elems) {
      double seconds = e.path("elem").path("expires").asDouble(Double.POSITIVE_INFINITY);
      Duration left =
          Double.isInfinite(seconds)
              ? ChronoUnit.FOREVER.getDuration()
              : Duration.ofMillis(Math.round(seconds * 1000));
      furthest = Optional.of(furthest.map(f -> max(f, left)).orElse(left));
    }
    return furthest;
  }

  private static boolean onlyTimedElements(JsonNode elems) {
    for (JsonNode e : elems) {
      if (!e.path("elem").has("timeout")) {
        return false;
      }
    }
    return true;
  }

  /** Removes counter statements from a rule's expressions; returns their packets. */
  private static long removeCounters(JsonNode exprs) {
    long packets = 0;
    if (exprs instanceof ArrayNode list) {
      List<Integer> counters = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).has("counter")) {
          packets += list.get(i).path("counter").path("packets").asLong();
          counters.add(i);
        }
      }
      for (int i = counters.size() - 1; i >= 0; i--) {
        // Keep the counter's place (its presence is part of the ruleset), not its numbers.
        list.set(counters.get(i), JSON.createObjectNode().put("counter", "present"));
      }
    }
    return packets;
  }

  private static void stripHandles(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove("handle");
      for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
        stripHandles(it.next());
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(TableListing::stripHandles);
    }
  }
}
