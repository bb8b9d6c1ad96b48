package org.slipsfailover.ap;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a create_ap {@code --config} file ({@code /etc/create_ap.conf}): {@code KEY=value} lines,
 * read as create_ap's {@code while read line} loop reads them.
 */
final class CreateApConfig {

  private CreateApConfig() {}

  /**
   * The keys and values, the last assignment of a key winning.
   *
   * @param lines the file's lines; the last one only if it ended with a newline, as {@code while
   *     read} skips an unterminated last line (callers split with {@link #lines(String)})
   */
  static Map<String, String> parse(List<String> lines) {
    Map<String, String> values = new HashMap<>();
    StringBuilder pending = new StringBuilder();
    for (String raw : lines) {
      // read without -r: a backslash at the end joins the next line, other backslashes escape.
      if (endsWithOddBackslashes(raw)) {
        pending.append(raw, 0, raw.length() - 1);
        continue;
      }
      pending.append(raw);
      String line = unescape(pending.toString()).strip();
      pending.setLength(0);
      int eq = line.indexOf('=');
      String name = eq < 0 ? line : line.substring(0, eq);
      String value = eq < 0 ? line : line.substring(eq + 1);
      values.put(name, unquote(value));
    }
    return values;
  }

  /** Splits file text into the lines {@code while read} sees. */
  static List<String> lines(String text) {
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
  }

  /**
   * create_ap itself assigns the value verbatim, quotes included (and then fails on such an
   * interface name); hand-written files often quote anyway. Taking the quotes off can only make us
   * recognise a live create_ap, never invent one, so we are lenient here.
   */
  private static String unquote(String value) {
    if (value.length() >= 2) {
      char first = value.charAt(0);
      if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
        return value.substring(1, value.length() - 1);
      }
    }
    return value;
  }

  private static boolean endsWithOddBackslashes(String s) {
    int n = 0;
    for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        out.append(s.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
