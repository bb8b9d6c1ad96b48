package org.slipsfailover.config;

/**
 * Checks a Linux network interface name before it goes anywhere near a shell, a unit file or a
 * regex. The kernel allows 1 to 15 bytes and forbids '/', whitespace and ':' (alias syntax); we
 * also refuse characters that mean something to a shell or to our own "wifi,eth" syntax.
 */
public final class InterfaceName {
  private static final int MAX_LENGTH = 15;
  private static final String FORBIDDEN = "/,:'\"$;`\\";

  private InterfaceName() {}

  /** Returns the name unchanged, or throws with a message that names the bad value. */
  public static String check(String name) {
    if (name.isEmpty()) {
      throw new BadInputException("interface name is empty");
    }
    if (name.length() > MAX_LENGTH) {
      throw new BadInputException(
          "interface name '" + printable(name) + "' is longer than " + MAX_LENGTH + " characters");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new BadInputException("interface name '" + name + "' is not allowed");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || FORBIDDEN.indexOf(c) >= 0) {
        throw new BadInputException(
            "interface name '" + printable(name) + "' contains a forbidden character");
      }
      if (c > 0x7e) {
        throw new BadInputException(
            "interface name '" + printable(name) + "' contains a non-ASCII character");
      }
    }
    return name;
  }

  /** The name with control characters made visible, so an error message stays one line. */
  static String printable(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
