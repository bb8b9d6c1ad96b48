package org.slipsfailover.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.slipsfailover.host.NoFollowFolder;
import org.slipsfailover.host.RootOnlyFiles;
import org.slipsfailover.supervise.ProtectionEvents.Cause;

/**
 * The counters that survive a runner's restart and a reboot (Prometheus' counters may only reset
 * when the process that counts starts anew; ours count the Pi's story, not one runner's): access
 * point cuts and Slips restarts by cause, kept in a small root-only file, {@value #FILE} under
 * {@code /var/lib/slips-failover/}, one line per counter: {@code cuts container_ended 3}. Read once
 * at the runner's start (root's file only, no link followed, at most a few KiB); written by the
 * metrics writer's thread, never the runner's. A line it does not know is dropped.
 */
final class Counters {
  static final String FILE = "metrics-counters";

  /** Which counter. */
  enum Kind {
    CUTS,
    RESTARTS;

    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Map<Kind, Map<Cause, Long>> counts = new EnumMap<>(Kind.class);

  Counters() {
    for (Kind k : Kind.values()) {
      Map<Cause, Long> byCause = new EnumMap<>(Cause.class);
      for (Cause c : Cause.values()) {
        byCause.put(c, 0L);
      }
      counts.put(k, byCause);
    }
  }

  void add(Kind kind, Cause cause) {
    counts.get(kind).merge(cause, 1L, Long::sum);
  }

  long get(Kind kind, Cause cause) {
    return counts.get(kind).get(cause);
  }

  Counters copy() {
    Counters c = new Counters();
    counts.forEach((k, m) -> c.counts.get(k).putAll(m));
    return c;
  }

  String text() {
    StringBuilder s = new StringBuilder();
    counts.forEach(
        (k, m) ->
            m.forEach(
                (c, n) ->
                    s.append(k.word())
                        .append(' ')
                        .append(c.label())
                        .append(' ')
                        .append(n)
                        .append('\n')));
    return s.toString();
  }

  /** The counters of {@code folder}'s file; zeros when there is none or it is not root's alone. */
  static Counters load(Path folder) {
    Counters c = new Counters();
    Optional<byte[]> bytes = RootOnlyFiles.read(folder, FILE);
    if (bytes.isEmpty()) {
      return c;
    }
    for (String line : new String(bytes.get(), StandardCharsets.UTF_8).lines().toList()) {
      String[] f = line.trim().split(" ");
      if (f.length != 3) {
        continue;
      }
      for (Kind k : Kind.values()) {
        for (Cause cause : Cause.values()) {
          if (k.word().equals(f[0]) && cause.label().equals(f[1])) {
            try {
              c.counts.get(k).put(cause, Math.max(0, Long.parseLong(f[2])));
            } catch (NumberFormatException e) {
              // a torn or edited line: that counter starts at zero
            }
          }
        }
      }
    }
    return c;
  }

  /** Replaces the file in {@code folder} (made root-only when missing), atomically. */
  void save(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    NoFollowFolder.replace(folder, FILE, text().getBytes(StandardCharsets.UTF_8), "rw-------");
  }
}
