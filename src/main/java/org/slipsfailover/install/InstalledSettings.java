package org.slipsfailover.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.HashMap;
import java.util.Map;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.Settings;
import org.slipsfailover.host.HostRoot;

/**
 * The settings of the last install, kept so that {@code failover status} and {@code reinstall}
 * (the package's upgrade) need no arguments. Plain {@code key=value} lines; the runner does not
 * read them (it gets its settings on its command line).
 */
public final class InstalledSettings {
  private InstalledSettings() {}

  static String format(Settings s) {
    return "# Written by slips-failover install; read by status and reinstall.\n"
        + "interfaces=" + s.pair() + "\n"
        + "slips-dir=" + s.slipsDir() + "\n"
        + "image=" + s.image() + "\n"
        + "container-name=" + s.containerName() + "\n"
        + "blocking=" + s.blocking() + "\n"
        + "memory=" + s.memory() + "\n"
        + "cpu-shares=" + s.cpuShares() + "\n"
        + "shm-size=" + s.shmSize() + "\n";
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
    return Optional.of(new Settings(
        InterfacePair.parse(p.getOrDefault("interfaces", "")),
        p.getOrDefault("image", Settings.DEFAULT_IMAGE),
        p.getOrDefault("container-name", Settings.DEFAULT_CONTAINER_NAME),
        Boolean.parseBoolean(p.getOrDefault("blocking", "false")),
        p.getOrDefault("memory", Settings.DEFAULT_MEMORY),
        cpuShares(p.get("cpu-shares")),
        p.getOrDefault("shm-size", Settings.DEFAULT_SHM_SIZE),
        Path.of(p.getOrDefault("slips-dir", "/"))));
  }

  private static int cpuShares(String value) {
    try {
      return value == null ? Settings.DEFAULT_CPU_SHARES : Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      return Settings.DEFAULT_CPU_SHARES;
    }
  }
}
