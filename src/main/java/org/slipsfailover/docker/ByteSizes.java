package org.slipsfailover.docker;

import java.util.Locale;

/**
 * Docker's size notation ({@code 512m}, {@code 8g}): binary units, as the docker CLI reads them.
 */
final class ByteSizes {
  private ByteSizes() {}

  static long parse(String size) {
    String s = size.trim().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty size");
    }
    char unit = s.charAt(s.length() - 1);
    long factor =
        switch (unit) {
          case 'k' -> 1L << 10;
          case 'm' -> 1L << 20;
          case 'g' -> 1L << 30;
          default -> 1L;
        };
    String digits = Character.isDigit(unit) ? s : s.substring(0, s.length() - 1);
    return Math.multiplyExact(Long.parseLong(digits), factor);
  }
}
