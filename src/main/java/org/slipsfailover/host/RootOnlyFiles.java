package org.slipsfailover.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Small files that only root can have written, read without trusting anyone else: create_ap's state
 * folders in {@code /tmp} (where every local user may plant look-alikes) and a root process's
 * {@code --config} file. What it reads goes to the cut, so nothing here may hang, follow a planted
 * link or read without bound.
 *
 * <p>Below a base folder the caller trusts (the host's {@code /tmp}, a root process's {@code
 * /proc/<pid>/root}), every name on the way is looked at without following links ({@code lstat})
 * before anything is opened: each folder is a real folder owned by root and writable by nobody else
 * unless sticky (like {@code /tmp}: there only an entry's owner may rename or remove it); the file
 * is a regular file (no FIFO, device or socket, whose open or read may block forever) owned by root
 * and writable by nobody else. Only then is it opened, with {@code O_NOFOLLOW}, and at most {@link
 * #MAX_BYTES} are read: a larger file is refused whole.
 *
 * <p>Java cannot open with {@code O_NONBLOCK} nor {@code fstat} an opened channel, so the type is
 * checked just before the open. The window between them is harmless: every name on the way is
 * root's and writable by root alone, so only root could swap a FIFO in there.
 */
public final class RootOnlyFiles {
  /** create_ap's files are a few hundred bytes; its config file about two KiB. */
  public static final int MAX_BYTES = 16 * 1024;

  private RootOnlyFiles() {}

  /**
   * When {@code folder} is root's alone (see the class comment), when it was last changed; empty
   * for anything else, a link or a folder of another user included. Never follows a link.
   */
  public static Optional<Instant> folderModified(Path folder) {
    Optional<PathEntry> e = entry(folder);
    if (e.isEmpty() || !isRootFolder(e.get())) {
      return Optional.empty();
    }
    try {
      FileTime modified = Files.getLastModifiedTime(folder, LinkOption.NOFOLLOW_LINKS);
      return Optional.of(modified.toInstant());
    } catch (IOException gone) {
      return Optional.empty();
    }
  }

  /**
   * The bytes of {@code relative} (names separated by {@code /}) below {@code base}, when it and
   * every folder on the way below {@code base} are root's alone; empty otherwise, also when it is
   * gone or larger than {@link #MAX_BYTES}. {@code ..} is refused.
   */
  public static Optional<byte[]> read(Path base, String relative) {
    List<String> names = new ArrayList<>();
    for (String name : relative.split("/")) {
      if (name.equals("..")) {
        return Optional.empty();
      }
      if (!name.isEmpty() && !name.equals(".")) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      return Optional.empty();
    }
    Path at = base;
    for (String folder : names.subList(0, names.size() - 1)) {
      at = at.resolve(folder);
      if (!entry(at).filter(RootOnlyFiles::isRootFolder).isPresent()) {
        return Optional.empty();
      }
    }
    Path file = at.resolve(names.get(names.size() - 1));
    if (!entry(file).filter(RootOnlyFiles::isRootFile).isPresent()) {
      return Optional.empty();
    }
    try (SeekableByteChannel channel =
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = prefix(channel, MAX_BYTES + 1);
      return bytes.length > MAX_BYTES ? Optional.empty() : Optional.of(bytes);
    } catch (IOException e) {
      return Optional.empty(); // gone, or a link planted by root itself after the check (ELOOP)
    }
  }

  /** The first {@code max} bytes, or all when there are fewer: never reads more. */
  static byte[] prefix(SeekableByteChannel channel, int max) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(max);
    while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
      // until full or at the end
    }
    return Arrays.copyOf(buffer.array(), buffer.position());
  }

  private static boolean isRootFolder(PathEntry e) {
    return e.directory() && !e.symlink() && e.ownedByRoot() && (!e.sharedWritable() || e.sticky());
  }

  private static boolean isRootFile(PathEntry e) {
    return e.regular() && !e.symlink() && e.ownedByRoot() && !e.sharedWritable();
  }

  private static Optional<PathEntry> entry(Path path) {
    try {
      PathEntry e = PathEntry.of(path);
      return e.exists() ? Optional.of(e) : Optional.empty();
    } catch (UnsafePathException | PathUnreadableException e) {
      return Optional.empty();
    }
  }
}
