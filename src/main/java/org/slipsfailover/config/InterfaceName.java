package org.slipsfailover.config;

/**
 * Checks a Linux network interface name before it goes anywhere near a shell, a unit file or a
 * regex. The names go through a shell inside the container (tmux's command line), so only what the
 * kernel and create_ap accept in practice is allowed: letters, digits, '.', '-' and '_', 1 to 15
 * bytes, not "." or "..". An allow-list, not a deny-list: '&|<>()*?' and whatever else a shell
 * reads stay out.
 */
public final class InterfaceName {
  private static final int MAX_LENGTH = 15;

  private InterfaceName() {}

  /** Returns the name unchanged, or throws with a message that names the bad value. */
  public static String check(String name) {
    if (name.isEmpty()) {
      throw new BadInputException("interface name is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      if (!allowed(name.charAt(i))) {
        throw new BadInputException(
            "interface name '"
                + printable(name)
                + "' may hold only letters, digits, '.', '-' and '_'");
      }
    }
    if (name.length() > MAX_LENGTH) {
      throw new BadInputException(
          "interface name '" + printable(name) + "' is longer than " + MAX_LENGTH + " characters");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new BadInputException("interface name '" + name + "' is not allowed");
    }
    return name;
  }

  private static boolean allowed(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '-'
        || c == '_';
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
