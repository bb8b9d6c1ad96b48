package org.slipsfailover.metrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Prometheus' text format back, strictly (as node_exporter's parser does for what we write):
 * every sample's metric has HELP and TYPE before it, names and labels are well formed, no
 * timestamps. Throws on anything else.
 */
final class ExpositionParser {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? (\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

  private ExpositionParser() {}

  /** "name{a=\"x\"}" (labels unescaped, in the file's order) to value; types in {@code types}. */
  static Map<String, Double> parse(String text, Map<String, String> types) {
    Map<String, Double> samples = new LinkedHashMap<>();
    Map<String, Boolean> helped = new HashMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# HELP ")) {
        helped.put(line.split(" ")[2], true);
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] f = line.split(" ");
        if (f.length != 4 || !f[3].matches("gauge|counter") || !helped.containsKey(f[2])) {
          throw new IllegalArgumentException("bad TYPE line: " + line);
        }
        types.put(f[2], f[3]);
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a sample (or has a timestamp): " + line);
      }
      if (!types.containsKey(m.group(1))) {
        throw new IllegalArgumentException("no TYPE before " + line);
      }
      StringBuilder key = new StringBuilder(m.group(1));
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        key.append('{');
        boolean first = true;
        while (l.find()) {
          key.append(first ? "" : ",").append(l.group(1)).append("=\"");
          key.append(l.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"))
              .append('"');
          first = false;
        }
        key.append('}');
      }
      samples.put(key.toString(), Double.parseDouble(m.group(4)));
    }
    return samples;
  }
}
