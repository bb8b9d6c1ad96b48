package org.slipsfailover.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file atomically in a folder that someone else may control, never following a link.
 *
 * <p>Debian's {@code /var/lib/prometheus/node-exporter} is root's, but its parent belongs to the
 * user {@code prometheus}, who may at any moment rename {@code node-exporter} away and put a link
 * to, say, {@code /etc/logrotate.d} in its place. A write by name would then make root create a
 * file there. So the path is walked from {@code /} one name at a time through open directories
 * (Java's {@link SecureDirectoryStream}: {@code openat} with {@code O_NOFOLLOW}), and the file is
 * created and renamed relative to the last one ({@code openat(O_CREAT|O_EXCL|O_NOFOLLOW)}, {@code
 * renameat}): whatever is swapped in after a name was opened, the write lands in the directory that
 * was opened, or fails. A link anywhere on the way fails it too (the caller logs it).
 */
public final class NoFollowFolder {
  private NoFollowFolder() {}

  /**
   * Writes {@code bytes} to {@code name} in {@code folder} (absolute): to a temporary file beside
   * it, then renamed over it, so a reader sees the old file or the new one, never half of one.
   *
   * @param mode the new file's permissions, such as {@code rw-r--r--}
   */
  public static void replace(Path folder, String name, byte[] bytes, String mode)
      throws IOException {
    if (!folder.isAbsolute() || name.contains("/")) {
      throw new IOException("not an absolute folder and a plain name: " + folder + ", " + name);
    }
    Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(mode);
    FileAttribute<Set<PosixFilePermission>> attribute =
        PosixFilePermissions.asFileAttribute(permissions);
    try (SecureDirectoryStream<Path> dir = open(folder)) {
      Path temp = Path.of("." + name + ".tmp");
      deleteIfThere(dir, temp); // left by a crash mid-write
      try (SeekableByteChannel out =
          dir.newByteChannel(
              temp,
              Set.of(
                  StandardOpenOption.WRITE,
                  StandardOpenOption.CREATE_NEW,
                  LinkOption.NOFOLLOW_LINKS),
              attribute)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
      // The umask may have taken bits off the mode: set it on the file just made (not a link).
      dir.getFileAttributeView(
              temp, java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setPermissions(permissions);
      dir.move(temp, dir, Path.of(name));
    }
  }

  /** {@code folder}, opened from {@code /} one name at a time, no name a link. */
  private static SecureDirectoryStream<Path> open(Path folder) throws IOException {
    SecureDirectoryStream<Path> at = secure(Files.newDirectoryStream(folder.getRoot()));
    try {
      for (Path name : folder) {
        SecureDirectoryStream<Path> next =
            secure(at.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS));
        at.close();
        at = next;
      }
      return at;
    } catch (IOException | RuntimeException e) {
      at.close();
      throw e;
    }
  }

  private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream)
      throws IOException {
    if (stream instanceof SecureDirectoryStream<Path> secure) {
      return secure;
    }
    stream.close();
    throw new IOException("this system cannot open a folder without following links");
  }

  private static void deleteIfThere(SecureDirectoryStream<Path> dir, Path name) throws IOException {
    try {
      dir.deleteFile(name);
    } catch (java.nio.file.NoSuchFileException e) {
      // nothing left behind
    }
  }
}
