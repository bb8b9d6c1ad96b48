package org.slipsfailover.units;

import java.util.regex.Pattern;

/**
 * The language of a rendered file, which decides how a value is quoted in it. A value made only of
 * characters that mean nothing in either language (numbers, plain paths, image names) goes in as it
 * is; anything else is quoted for the file it lands in.
 */
public enum Syntax {
  /** POSIX sh: single quotes, with embedded single quotes closed, escaped and reopened. */
  SHELL {
    @Override
    String quote(String value) {
      return "'" + value.replace("'", "'\\''") + "'";
    }
  },
  /**
   * A systemd unit: a double-quoted word (as ExecStart= and RequiresMountsFor= take them), with
   * backslash and double quote escaped and every {@code %} doubled so it is not a specifier. Values
   * with a {@code $} never go into Exec lines: they reach the runner through the runner script,
   * where shell quoting applies.
   */
  SYSTEMD {
    @Override
    String quote(String value) {
      String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%");
      return "\"" + escaped + "\"";
    }
  },
  /**
   * An nft ruleset: values go inside double-quoted strings, where a {@code *} would be a wildcard
   * and a quote would end the string. There is no escaping in nft strings, so a value that is not a
   * plain word is refused.
   */
  NFT {
    @Override
    String quote(String value) {
      throw new TemplateException("value cannot go into an nft ruleset: " + value);
    }
  };

  private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_./:=+,@-]+");

  abstract String quote(String value);

  /** The value as one word of this language. */
  public String escape(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        // No quoting keeps a newline from starting a new directive or command: refuse it.
        throw new TemplateException("value contains a control character: " + value.strip());
      }
    }
    return SAFE_WORD.matcher(value).matches() ? value : quote(value);
  }

  /** Units and timers are systemd, {@code .nft} files rulesets; the rest are shell scripts. */
  public static Syntax forFileName(String name) {
    if (name.endsWith(".nft")) {
      return NFT;
    }
    return name.endsWith(".service") || name.endsWith(".timer") ? SYSTEMD : SHELL;
  }
}
