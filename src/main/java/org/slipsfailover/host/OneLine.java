package org.slipsfailover.host;

/**
 * Makes text from outside (container state, the engine's error messages, command output, file
 * contents) safe for one log line: a newline, a carriage return, an escape sequence or any other
 * control character is written as a visible escape ({@code \n}, {@code \x1b}), so that nothing read
 * from outside can start a forged log line or repaint a terminal. A backslash is doubled, so that
 * an escape we wrote cannot be told from one typed by someone else; Unicode's bidirectional
 * controls (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C), which reorder what a
 * terminal shows and so can make a line read as another, are written as {@code \u202e}.
 */
public final class OneLine {
  private OneLine() {}

  public static String of(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String escape = escape(c);
      if (escape != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (escape != null) {
          out.append(escape);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private static String escape(char c) {
    switch (c) {
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      case '\\':
        return "\\\\";
      default:
        break;
    }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return String.format("\\x%02x", (int) c);
    }
    // Unicode's line and paragraph separators end a line in some viewers.
    if (c == '\u2028' || c == '\u2029' || bidirectional(c)) {
      return String.format("\\u%04x", (int) c);
    }
    return null;
  }

  private static boolean bidirectional(char c) {
    return (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200e'
        || c == '\u200f'
        || c == '\u061c';
  }
}
