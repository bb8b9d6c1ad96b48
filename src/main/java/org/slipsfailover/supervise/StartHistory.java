package org.slipsfailover.supervise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slipsfailover.host.AtomicFile;

/**
 * When the runner started, kept in a small root-only file under {@code /run/slips-failover/} (so it
 * starts empty at each boot, like systemd's own counter). {@code cut-ap} replays it through {@link
 * RestartPolicy} to tell whether systemd is about to give up restarting Slips.
 *
 * <p>One line per start, {@code start <epoch ms>}; only the last {@link #KEEP} are kept.
 */
public final class StartHistory {
  static final int KEEP = 50;
  private static final String START = "start ";

  private final Path file;

  public StartHistory(Path stateDir) {
    this.file = stateDir.resolve("starts");
  }

  public void recordStart(Instant at) {
    List<String> lines = new ArrayList<>(lines());
    lines.add(START + at.toEpochMilli());
    write(lines.subList(Math.max(0, lines.size() - KEEP), lines.size()));
  }

  /** Every recorded start, oldest first; an absent or unreadable file reads as none. */
  public List<Instant> starts() {
    List<Instant> starts = new ArrayList<>();
    for (String line : lines()) {
      try {
        if (line.startsWith(START)) {
          starts.add(Instant.ofEpochMilli(Long.parseLong(line.substring(START.length()))));
        }
      } catch (NumberFormatException e) {
        // A torn line from a crash mid-write: skip it.
      }
    }
    return List.copyOf(starts);
  }

  private List<String> lines() {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  private void write(List<String> lines) {
    try {
      Path dir = file.getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      StringBuilder text = new StringBuilder();
      lines.forEach(line -> text.append(line).append('\n'));
      // Whole, so that cut-ap never reads half a file.
      AtomicFile.replace(file, text.toString(), "rw-------", /* forceToDisk= */ false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
