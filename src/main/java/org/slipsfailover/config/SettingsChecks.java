package org.slipsfailover.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** The checks {@link Settings} makes of itself; each failure names the option and the value. */
final class SettingsChecks {
  // Docker's own grammar for names: [a-zA-Z0-9][a-zA-Z0-9_.-]+
  private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
  // A reference: lowercase path components, optional registry host:port, tag or digest.
  private static final Pattern IMAGE =
      Pattern.compile("[a-z0-9][a-z0-9._/:-]{0,254}(@sha256:[a-f0-9]{64})?");
  private static final Pattern SIZE = Pattern.compile("[1-9][0-9]{0,12}[bkmgBKMG]?");

  private SettingsChecks() {}

  static String containerName(String value) {
    if (!CONTAINER_NAME.matcher(value).matches()) {
      throw new BadInputException("--container-name '" + value + "' is not a valid container name");
    }
    return value;
  }

  static String image(String value) {
    if (!IMAGE.matcher(value).matches() || value.endsWith(":") || value.contains("//")) {
      throw new BadInputException("--image '" + value + "' is not a valid image reference");
    }
    return value;
  }

  static String size(String option, String value) {
    if (!SIZE.matcher(value).matches()) {
      throw new BadInputException(option + " '" + value + "' is not a size such as 512m or 8g");
    }
    return value.toLowerCase(java.util.Locale.ROOT);
  }

  static int cpuShares(int value) {
    if (value < 2 || value > 262144) {
      throw new BadInputException("--cpu-shares " + value + " is outside 2..262144");
    }
    return value;
  }

  static Path slipsDir(Path value) {
    if (!value.isAbsolute()) {
      throw new BadInputException("--slips-dir '" + value + "' must be an absolute path");
    }
    if (value.toString().chars().anyMatch(Character::isISOControl)) {
      throw new BadInputException("--slips-dir must not contain control characters");
    }
    return value.normalize();
  }
}
