package org.slipsfailover.notify;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slipsfailover.host.AtomicFile;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.RootOnlyFiles;

/**
 * The spool on disk: a small JSON file in a folder of root's alone, read with {@link RootOnlyFiles}
 * (no link followed, bounded) and replaced atomically (temporary file, rename), so that a crash
 * leaves the old spool or the new one. A read-modify-write holds a lock file for milliseconds; the
 * sender's own lock ({@link #trySendLock}) is another, held for a whole attempt.
 */
public final class SpoolFile {
  /**
   * Made at first use, not when a command is built: Jackson is some 370 classes, and {@code cut-ap}
   * (on the cut path) builds a spool it touches only when notifications are configured.
   */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  private final HostRoot root;

  public SpoolFile(HostRoot root) {
    this.root = root;
  }

  /** The spool as it is; empty when there is none yet, or it is unreadable or not root's. */
  public Spool read() {
    return RootOnlyFiles.read(root.root(), NotifyFiles.SPOOL.substring(1))
        .flatMap(SpoolFile::parse)
        .orElse(Spool.empty());
  }

  private static Optional<Spool> parse(byte[] bytes) {
    try {
      return Optional.of(Json.MAPPER.readValue(bytes, Spool.class));
    } catch (IOException e) {
      return Optional.empty(); // a torn or foreign file: start afresh rather than stop notifying
    }
  }

  /** Reads, changes and writes the spool under its lock; returns what was written. */
  Spool update(UnaryOperator<Spool> change) {
    try (FileChannel lock = open(NotifyFiles.SPOOL_LOCK);
        FileLock held = lock.lock()) {
      Spool before = read();
      Spool after = change.apply(before);
      if (!after.equals(before)) {
        write(after);
      }
      return after;
    } catch (IOException e) {
      throw new UncheckedIOException("notification spool: " + e.getMessage(), e);
    }
  }

  /** The sender's lock when no other sender holds it (close it to release); empty otherwise. */
  Optional<AutoCloseable> trySendLock() {
    try {
      FileChannel channel = open(NotifyFiles.SEND_LOCK);
      FileLock held = channel.tryLock();
      if (held == null) {
        channel.close();
        return Optional.empty();
      }
      return Optional.of(channel); // closing the channel releases the lock
    } catch (IOException e) {
      throw new UncheckedIOException("notification lock: " + e.getMessage(), e);
    }
  }

  private void write(Spool spool) throws IOException {
    AtomicFile.replace(
        root.resolve(NotifyFiles.SPOOL),
        Json.MAPPER.writeValueAsBytes(spool),
        "rw-------",
        /* forceToDisk= */ true);
  }

  /**
   * Opens (creating) a lock file, in the spool's folder (made root's alone, 0700, when missing).
   */
  private FileChannel open(String path) throws IOException {
    Path file = root.resolve(path);
    Path dir = file.getParent();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return FileChannel.open(
        file,
        java.util.Set.of(
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
  }
}
