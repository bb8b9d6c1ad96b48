package org.slipsfailover.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slipsfailover.host.HostRoot;

/** The list of files the install wrote, each with the SHA-256 it had then. */
record Manifest(List<Entry> entries) {

  record Entry(String sha256, String path) {}

  /** The manifest on this host, if slips-failover is installed. */
  static Optional<Manifest> read(HostRoot root) {
    Path file = root.resolve(FilePlanner.MANIFEST);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      List<Entry> entries = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int gap = line.indexOf("  ");
        if (gap != 64 || !line.substring(gap + 2).startsWith("/")) {
          throw new InstallException(file + " is damaged at: " + line);
        }
        entries.add(new Entry(line.substring(0, gap), line.substring(gap + 2)));
      }
      return Optional.of(new Manifest(entries));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
