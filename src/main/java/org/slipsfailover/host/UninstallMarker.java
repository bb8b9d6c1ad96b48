package org.slipsfailover.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

/**
 * Says "failover uninstall is taking slips-failover off right now", so that stopping slips.service
 * leaves the access point as it is instead of cutting it. It names the uninstalling process (pid
 * and start time) and counts only while that very process lives: an uninstall that crashed can
 * never leave a later stop failing open.
 */
public final class UninstallMarker {
  public static final String PATH = "/run/slips-failover/uninstalling";

  private final Path file;

  public UninstallMarker(HostRoot root) {
    this.file = root.resolve(PATH);
  }

  /** Marks this process as the uninstaller. */
  public void set() {
    ProcessHandle self = ProcessHandle.current();
    String text =
        self.pid() + " " + self.info().startInstant().map(Instant::toString).orElse("?") + "\n";
    try {
      Path dir =
          Files.createDirectories(
              file.getParent(),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      if (Files.isSymbolicLink(dir)) {
        throw new IOException(dir + " is a symlink");
      }
      AtomicFile.replace(file, text, "rw-------", /* forceToDisk= */ false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public void clear() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file, e);
    }
  }

  /** The pid of the uninstall in progress, if one is. */
  public Optional<Long> activeUninstall() {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      String[] parts = Files.readString(file).strip().split(" ");
      long pid = Long.parseLong(parts[0]);
      return ProcessHandle.of(pid)
          .filter(p -> p.info().startInstant().map(Instant::toString).orElse("?").equals(parts[1]))
          .map(ProcessHandle::pid);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
