package org.slipsfailover.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slipsfailover.config.SlipsFolderNames;

/**
 * {@code slips_container.log}, written as root without following links: opened and rolled relative
 * to the checked Slips folder ({@link SlipsFolder}, the path-safety policy), rolled at {@code
 * maxBytes} into {@code .1} to {@code .4}. The file opened is checked to be the file checked (its
 * device and inode, {@link OpenedFile}), not only its name. Not thread-safe: one writer thread owns
 * it.
 */
public final class SafeRollingLog implements AutoCloseable {
  private final Path slipsDir;
  private final long maxBytes;
  private SlipsFolder folder;
  private FileChannel out;
  private long size;

  /** A write failed part-way (a full disk): the next line starts on a line of its own. */
  private boolean midLine;

  public SafeRollingLog(Path slipsDir, long maxBytes) {
    this.slipsDir = slipsDir;
    this.maxBytes = maxBytes;
  }

  public Path file() {
    return slipsDir.resolve(SlipsFolderNames.LOG);
  }

  /**
   * Appends one line, opening (and checking) the log first if needed.
   *
   * @throws UnsafePathException when the log or its folder may not be written by root
   * @throws IOException when writing fails (a full disk): the next call tries again
   */
  public void append(byte[] line) throws IOException {
    if (out == null) {
      close();
      folder = SlipsFolder.open(slipsDir);
      folder.checkContents(); // the runner would refuse this folder: so does its log
      out = openLog(folder);
      size = out.size();
    }
    if (size > 0 && size + line.length > maxBytes) {
      out.close();
      out = null;
      out = rollLog(folder);
      size = 0;
    }
    ByteBuffer buffer = midLine ? ByteBuffer.wrap(withNewline(line)) : ByteBuffer.wrap(line);
    int start = buffer.position();
    try {
      while (buffer.hasRemaining()) {
        size += out.write(buffer);
      }
    } finally {
      midLine = buffer.hasRemaining() && (midLine || buffer.position() > start);
    }
  }

  /** Opens the log for appending; it is created (root's, mode 0644) when missing. */
  private static FileChannel openLog(SlipsFolder folder) {
    folder.checkLog(SlipsFolderNames.LOG);
    if (!folder.entry(SlipsFolderNames.LOG).exists()) {
      return createLog(folder);
    }
    return checked(
        folder,
        folder.openFile(
            SlipsFolderNames.LOG, Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND)));
  }

  /**
   * Rolls the log: {@code .3} becomes {@code .4} (the old {@code .4} goes), ..., the log becomes
   * {@code .1}, then a new log is created. Renames replace names, never write through them; the new
   * log is created exclusively, so a link planted meanwhile makes this fail, not follow it.
   */
  private static FileChannel rollLog(SlipsFolder folder) {
    try {
      for (int i = SlipsFolderNames.ROLLED_LOGS - 1; i >= 1; i--) {
        if (folder.entry(SlipsFolderNames.rolled(i)).exists()) {
          folder.rename(SlipsFolderNames.rolled(i), SlipsFolderNames.rolled(i + 1));
        }
      }
      if (folder.entry(SlipsFolderNames.LOG).exists()) {
        folder.rename(SlipsFolderNames.LOG, SlipsFolderNames.rolled(1));
      }
    } catch (IOException e) {
      throw new UnsafePathException(
          "cannot roll " + folder.path().resolve(SlipsFolderNames.LOG) + ": " + e.getMessage());
    }
    return createLog(folder);
  }

  private static FileChannel createLog(SlipsFolder folder) {
    return checked(
        folder,
        folder.openFile(
            SlipsFolderNames.LOG,
            Set.of(
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND,
                StandardOpenOption.CREATE_NEW)));
  }

  /**
   * The channel, if the file it opened is the log as checked now (a regular file of root's with one
   * name); closed and refused otherwise.
   */
  static FileChannel checked(SlipsFolder folder, FileChannel opened) {
    Path log = folder.path().resolve(SlipsFolderNames.LOG);
    try {
      folder.checkLog(SlipsFolderNames.LOG);
      Optional<OpenedFile.Identity> identity = OpenedFile.of(opened);
      if (identity.isEmpty() || !identity.get().equals(OpenedFile.of(log))) {
        throw new UnsafePathException(log + " was replaced while being opened: " + FIX);
      }
      return opened;
    } catch (IOException | RuntimeException e) {
      closeQuietly(opened);
      throw e instanceof UnsafePathException u
          ? u
          : new UnsafePathException("cannot check " + log + ": " + e.getMessage());
    }
  }

  private static final String FIX = "root never writes through a path someone else controls";

  /**
   * The last {@code lines} lines of the log, from its last {@code maxBytes} at most, read as root
   * for {@code status}: through the checked folder, never following a link, and only from the
   * regular file that was checked (read-write open: a FIFO would block a read-only one). Empty when
   * there is no log.
   *
   * @throws UnsafePathException when the folder or the log is not safe to read
   */
  public static List<String> tail(Path slipsDir, int lines, long maxBytes) {
    try (SlipsFolder folder = SlipsFolder.open(slipsDir)) {
      folder.checkLog(SlipsFolderNames.LOG);
      if (!folder.entry(SlipsFolderNames.LOG).exists()) {
        return List.of();
      }
      try (FileChannel in =
          checked(
              folder,
              folder.openFile(
                  SlipsFolderNames.LOG,
                  Set.<OpenOption>of(StandardOpenOption.READ, StandardOpenOption.WRITE)))) {
        long size = in.size();
        // One byte more than asked when cut: the line it starts in is dropped, unless that byte
        // ends the line before.
        long from = size > maxBytes ? size - maxBytes - 1 : 0;
        ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
        while (buffer.hasRemaining() && in.read(buffer, from + buffer.position()) >= 0) {
          // reads until full or the end
        }
        List<String> all =
            Arrays.asList(
                new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)
                    .split("\n", -1));
        if (from > 0) {
          all = all.subList(1, all.size()); // the first line is cut
        }
        if (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
          all = all.subList(0, all.size() - 1);
        }
        return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
      } catch (IOException e) {
        throw new UnsafePathException("cannot read " + folder.path() + ": " + e.getMessage());
      }
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing what we refuse to use: nothing to lose.
    }
  }

  private static byte[] withNewline(byte[] line) {
    byte[] out = new byte[line.length + 1];
    out[0] = '\n';
    System.arraycopy(line, 0, out, 1, line.length);
    return out;
  }

  @Override
  public void close() {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException ignored) {
      // Appends are not buffered here: nothing is lost by a failed close.
    } finally {
      out = null;
      if (folder != null) {
        folder.close();
        folder = null;
      }
    }
  }
}
