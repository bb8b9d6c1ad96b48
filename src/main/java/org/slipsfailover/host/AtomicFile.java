package org.slipsfailover.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file whole: the bytes go to a new temporary file beside it, made root's alone ({@code
 * rw-------}) and given its final mode only when complete, which is then renamed over the target. A
 * reader (cut-ap, status, the next run) sees the old file or the new one, never half of one.
 *
 * <p>The temporary file is created with {@code O_CREAT|O_EXCL} (it never follows a link planted
 * under its name) and a random name (two writers never share one). On any failure it is removed:
 * the target is untouched and nothing is left beside it. The caller makes and checks the folder.
 *
 * <p>For a folder whose parents someone else controls, {@link NoFollowFolder} walks to it without
 * following links.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** Writes {@code text}, in UTF-8, as {@code target}'s new content: see below. */
  public static void replace(Path target, String text, String mode, boolean forceToDisk)
      throws IOException {
    replace(target, text.getBytes(StandardCharsets.UTF_8), mode, forceToDisk);
  }

  /**
   * Writes {@code bytes} as {@code target}'s new content.
   *
   * @param mode the new file's permissions, such as {@code rw-r--r--}, whatever the umask
   * @param forceToDisk whether the bytes reach the disk before the rename (a file a power cut must
   *     not leave empty); otherwise the rename alone makes it whole for readers
   */
  public static void replace(Path target, byte[] bytes, String mode, boolean forceToDisk)
      throws IOException {
    Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(mode);
    Path temp =
        Files.createTempFile(
            target.getParent(),
            "." + target.getFileName(),
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        if (forceToDisk) {
          out.force(true);
        }
      }
      Files.setPosixFilePermissions(temp, permissions);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot replace " + target + " atomically", e);
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException litter) {
        e.addSuppressed(litter); // the target is untouched either way
      }
      throw e;
    }
  }
}
