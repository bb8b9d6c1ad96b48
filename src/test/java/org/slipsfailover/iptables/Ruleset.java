package org.slipsfailover.iptables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ruleset as {@code iptables-save} prints it, as "table: line" entries for each chain declaration
 * (without its counters) and each rule, so a line in the nat table is told from the same line in
 * filter.
 */
record Ruleset(List<String> entries) {

  static Ruleset parse(String save) {
    List<String> entries = new ArrayList<>();
    String table = "";
    for (String line : save.split("\n")) {
      if (line.startsWith("*")) {
        table = line.substring(1);
      } else if (line.startsWith(":")) {
        entries.add(table + ": " + line.substring(0, line.lastIndexOf(' ')));
      } else if (line.startsWith("-A ")) {
        entries.add(table + ": " + line);
      }
    }
    return new Ruleset(List.copyOf(entries));
  }

  int count(String entry) {
    return (int) entries.stream().filter(entry::equals).count();
  }

  /** The first rule of a chain, as an entry; empty when the chain has none. */
  String firstRule(String table, String chain) {
    String prefix = table + ": -A " + chain + " ";
    return entries.stream().filter(e -> e.startsWith(prefix)).findFirst().orElse("");
  }

  /** Every entry found more than once, with how often. */
  Map<String, Integer> duplicates() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    entries.forEach(e -> counts.merge(e, 1, Integer::sum));
    counts.values().removeIf(n -> n == 1);
    return counts;
  }

  /** The rule entries of this ruleset that {@code before} did not have. */
  List<String> rulesAddedSince(Ruleset before) {
    return entries.stream()
        .filter(e -> e.contains(": -A ") && !before.entries.contains(e))
        .toList();
  }
}
