package org.slipsfailover.metrics;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Prometheus' text exposition format (version 0.0.4), as node_exporter's textfile collector reads
 * it: per metric a {@code # HELP} and a {@code # TYPE} line, then its samples, without timestamps
 * (the collector refuses them). A name or a label name that breaks Prometheus' rules is a bug here,
 * and throws: node_exporter would refuse the whole file.
 */
final class Exposition {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final StringBuilder text = new StringBuilder();
  private String family = "";

  /** Starts a metric: its HELP and TYPE lines. */
  Exposition family(String name, String type, String help) {
    if (!METRIC_NAME.matcher(name).matches() || name.startsWith("__")) {
      throw new IllegalArgumentException("not a Prometheus metric name: " + name);
    }
    family = name;
    text.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  /** A sample of the current metric; {@code labels} are name, value, name, value... */
  Exposition sample(double value, String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in pairs: " + String.join(",", labels));
    }
    text.append(family);
    if (labels.length > 0) {
      text.append('{');
      for (int i = 0; i < labels.length; i += 2) {
        if (!LABEL_NAME.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
          throw new IllegalArgumentException("not a Prometheus label name: " + labels[i]);
        }
        text.append(i == 0 ? "" : ",").append(labels[i]).append("=\"");
        text.append(escapeLabelValue(labels[i + 1])).append('"');
      }
      text.append('}');
    }
    return this.value(value);
  }

  private Exposition value(double v) {
    text.append(' ');
    if (Double.isNaN(v)) {
      text.append("NaN");
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      text.append((long) v);
    } else {
      text.append(String.format(Locale.ROOT, "%.6f", v));
    }
    text.append('\n');
    return this;
  }

  String text() {
    return text.toString();
  }

  /** Label values may hold anything: backslash, double quote and line feed are escaped. */
  static String escapeLabelValue(String raw) {
    return raw.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String raw) {
    return raw.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** Compiled once: {@link #word} runs for every check of every probe (once a second). */
  private static final Pattern NOT_A_WORD_CHARACTER = Pattern.compile("[^a-zA-Z0-9_]");

  /** A word fit for a label value of ours: "zeek wlan0" gives "zeek_wlan0". */
  static String word(String raw) {
    return NOT_A_WORD_CHARACTER.matcher(raw).replaceAll("_");
  }
}
