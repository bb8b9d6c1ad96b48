package org.slipsfailover.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.Settings;
import org.slipsfailover.host.HostRoot;

/**
 * The settings of the last install, kept so that {@code failover status} and {@code reinstall} (the
 * package's upgrade) need no arguments. Plain {@code key=value} lines; the runner does not read
 * them (it gets its settings on its command line).
 */
public final class InstalledSettings {
  private InstalledSettings() {}

  static String format(Settings s) {
    return "# Written by slips-failover install; read by status and reinstall.\n"
        + "interfaces="
        + s.pair()
        + "\n"
        + "slips-dir="
        + s.slipsDir()
        + "\n"
        + "image="
        + s.image()
        + "\n"
        + "container-name="
        + s.containerName()
        + "\n"
        + "blocking="
        + s.blocking()
        + "\n"
        + "memory="
        + s.memory()
        + "\n"
        + "cpu-shares="
        + s.cpuShares()
        + "\n"
        + "shm-size="
        + s.shmSize()
        + "\n"
        + "keep-ap="
        + s.keepAp()
        + "\n";
  }

  /** The installed settings, or empty when not installed (or the file is not readable). */
  public static Optional<Settings> read(HostRoot root) {
    Path file = root.resolve(FilePlanner.SETTINGS);
    if (!Files.isReadable(file)) {
      return Optional.empty();
    }
    // Not java.util.Properties: it would treat a '\' in the folder's name as an escape.
    Map<String, String> p = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          p.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    try {
      return Optional.of(
          new Settings(
              InterfacePair.parse(value(p, "interfaces")),
              value(p, "image"),
              value(p, "container-name"),
              bool("blocking", value(p, "blocking")),
              value(p, "memory"),
              number(p, "cpu-shares"),
              value(p, "shm-size"),
              Path.of(value(p, "slips-dir")),
              // Installs before --keep-ap existed did not write it; it was off for them.
              bool("keep-ap", p.getOrDefault("keep-ap", "false"))));
    } catch (BadInputException e) {
      throw new InstallException(file + ": " + e.getMessage() + "; run the install again");
    }
  }

  private static String value(Map<String, String> p, String key) {
    String value = p.get(key);
    if (value == null) {
      throw new BadInputException("no " + key + "= line");
    }
    return value;
  }

  private static boolean bool(String key, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new BadInputException(key + "=" + value + " is neither true nor false");
    };
  }

  private static int number(Map<String, String> p, String key) {
    String value = value(p, key);
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new BadInputException(key + "=" + value + " is not a number");
    }
  }
}
