package org.slipsfailover.units;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file in {@code templates/} with {@code @@NAME@@} placeholders. The marker never occurs in shell
 * or systemd syntax, so a placeholder cannot be mistaken for either; a placeholder the renderer has
 * no value for fails the whole file, loudly.
 */
public record Template(String name, String text) {
  private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Za-z0-9_]*)@@");

  public Syntax syntax() {
    return Syntax.forFileName(name);
  }

  /** Replaces every placeholder with its value, escaped for this file's syntax. */
  public String render(Map<String, String> values) {
    TreeSet<String> unknown = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        unknown.add(m.group(0));
        continue;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(syntax().escape(value)));
    }
    m.appendTail(out);
    if (!unknown.isEmpty()) {
      throw new TemplateException(
          "template " + name + " uses unknown placeholder(s) " + String.join(", ", unknown));
    }
    return out.toString();
  }
}
