package org.slipsfailover.gate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rendered {@code slips-gate.nft} cut into one part per table, so that each loads in a
 * transaction of its own: a kernel without nftables' bridge family refuses the bridge table, and
 * the inet one must load all the same (one file in one transaction would load nothing at all).
 *
 * <p>A top-level statement belongs to the table it names ({@code table inet slips_failover}, {@code
 * delete table bridge slips_failover}), a block to the statement that opened it; a table of another
 * family goes with the inet one (which must load), and any other top-level statement (a {@code
 * define}, say) into every part. Comments at the top level are left out.
 */
final class GateRuleset {
  private GateRuleset() {}

  /**
   * @return each family's part (of {@link GateTable#FAMILIES}, in that order); a family the file
   *     does not name has no part
   */
  static Map<String, String> split(String file) {
    Map<String, StringBuilder> parts = new LinkedHashMap<>();
    GateTable.FAMILIES.forEach(f -> parts.put(f, new StringBuilder()));
    List<StringBuilder> current = List.of();
    int depth = 0;
    for (String line : file.split("\n", -1)) {
      String code = withoutComment(line).strip();
      if (depth == 0) {
        if (code.isEmpty()) {
          continue;
        }
        String family = familyNamed(code);
        current =
            family == null
                ? List.copyOf(parts.values())
                : List.of(parts.getOrDefault(family, parts.get(GateTable.FAMILY)));
      }
      for (StringBuilder part : current) {
        part.append(line).append('\n');
      }
      depth = Math.max(0, depth + count(code, '{') - count(code, '}'));
    }
    Map<String, String> result = new LinkedHashMap<>();
    parts.forEach(
        (family, text) -> {
          if (text.length() > 0 && mentions(text, family)) {
            result.put(family, text.toString());
          }
        });
    return result;
  }

  /** The family of the table a top-level statement names; null when it names none. */
  private static String familyNamed(String code) {
    String[] words = code.split("\\s+");
    int at = words[0].equals("table") ? 1 : words.length > 1 && words[1].equals("table") ? 2 : -1;
    return at > 0 && words.length > at ? words[at] : null;
  }

  private static boolean mentions(StringBuilder text, String family) {
    return text.indexOf("table " + family + " ") >= 0;
  }

  private static String withoutComment(String line) {
    int hash = line.indexOf('#');
    return hash < 0 ? line : line.substring(0, hash);
  }

  private static int count(String s, char c) {
    return (int) s.chars().filter(x -> x == c).count();
  }
}
