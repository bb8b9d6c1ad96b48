package org.slipsfailover.blocks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One rule of Slips' chain, as {@code iptables -S slipsBlocking} prints it: {@code -A slipsBlocking
 * -s 192.0.2.66/32 -m comment --comment "Slips rule" -j DROP}. The printed line is its identity
 * (the state file keys on it); {@link #deleteArguments()} removes exactly that rule.
 *
 * @param line the line as printed, without its end of line
 */
public record BlockRule(String line) {
  static final String CHAIN = "slipsBlocking";
  private static final String PREFIX = "-A " + CHAIN + " ";

  /** The rules in an {@code iptables -S slipsBlocking} listing; the chain's own line is skipped. */
  public static List<BlockRule> parseListing(String listing) {
    List<BlockRule> rules = new ArrayList<>();
    for (String line : listing.split("\n")) {
      of(line.strip()).ifPresent(rules::add);
    }
    return rules;
  }

  /** A rule line of the chain; empty for anything else (the {@code -N} line, other chains). */
  public static Optional<BlockRule> of(String line) {
    if (!line.startsWith(PREFIX) || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      return Optional.empty();
    }
    return Optional.of(new BlockRule(line));
  }

  /**
   * {@code iptables} arguments that delete this rule: {@code -D slipsBlocking} and the rule's own
   * words, the quotes of {@code iptables -S} undone ({@code "Slips rule"} is one word; {@code \"}
   * inside it a quote).
   */
  public List<String> deleteArguments() {
    List<String> words = words(line.substring(PREFIX.length()));
    List<String> args = new ArrayList<>(List.of("-D", CHAIN));
    args.addAll(words);
    return args;
  }

  /** The address the rule matches ({@code -s} or {@code -d}), without a host mask; for the log. */
  public String address() {
    List<String> words = words(line.substring(PREFIX.length()));
    for (int i = 0; i + 1 < words.size(); i++) {
      if (words.get(i).equals("-s") || words.get(i).equals("-d")) {
        return words.get(i + 1).replaceFirst("/(32|128)$", "");
      }
    }
    return "?";
  }

  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
        word = word == null ? new StringBuilder() : word;
      } else if (c == ' ' && !quoted) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
