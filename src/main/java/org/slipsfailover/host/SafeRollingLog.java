package org.slipsfailover.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;

/**
 * {@code slips_container.log}, written as root without following links: opened and rolled relative
 * to the checked Slips folder ({@link SlipsFolder}), rolled at {@code maxBytes} into {@code .1} to
 * {@code .4}. Not thread-safe: one writer thread owns it.
 */
public final class SafeRollingLog implements AutoCloseable {
  private final Path slipsDir;
  private final long maxBytes;
  private SlipsFolder folder;
  private SeekableByteChannel out;
  private long size;

  /** A write failed part-way (a full disk): the next line starts on a line of its own. */
  private boolean midLine;

  public SafeRollingLog(Path slipsDir, long maxBytes) {
    this.slipsDir = slipsDir;
    this.maxBytes = maxBytes;
  }

  public Path file() {
    return slipsDir.resolve(SlipsFolder.LOG);
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
      out = folder.appendLog();
      size = out.size();
    }
    if (size > 0 && size + line.length > maxBytes) {
      out.close();
      out = null;
      SeekableByteChannel fresh = folder.rollLog();
      out = fresh;
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
