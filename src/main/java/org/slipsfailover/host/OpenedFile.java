package org.slipsfailover.host;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which file an open channel is: device and inode. Java does not tell (no {@code fstat} of a
 * channel, no descriptor number), and a check by name says nothing of what was opened a moment
 * before or after: the folder's owner may rename another file into place and back. So the channel
 * takes a lock on one byte far past any real file's end, and the kernel's list of locks ({@code
 * /proc/locks}) names the file that lock is on: the open file itself, whatever its names.
 */
final class OpenedFile {
  /** A byte no real log reaches; nobody else locks it. */
  private static final long MARK = Long.MAX_VALUE - 2;

  private OpenedFile() {}

  /** Device (as the kernel prints it) and inode. */
  record Identity(long major, long minor, long inode) {}

  /** The identity of the open channel's file, or empty when it cannot be told. */
  static Optional<Identity> of(FileChannel channel) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock(MARK, 1, false);
    } catch (NonWritableChannelException e) {
      lock = channel.tryLock(MARK, 1, true); // read-only: a read lock names it just as well
    }
    if (lock == null) {
      return Optional.empty(); // someone else holds that byte: cannot tell
    }
    try {
      String pid = Long.toString(ProcessHandle.current().pid());
      for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
        // "3: POSIX  ADVISORY  WRITE 4242 b3:02:123456 9223372036854775805 9223372036854775805"
        String[] f = line.trim().split("\\s+");
        if (f.length == 8
            && f[1].equals("POSIX")
            && f[4].equals(pid)
            && f[6].equals(Long.toString(MARK))) {
          String[] id = f[5].split(":");
          return Optional.of(
              new Identity(
                  Long.parseLong(id[0], 16), Long.parseLong(id[1], 16), Long.parseLong(id[2])));
        }
      }
      return Optional.empty();
    } finally {
      lock.release();
    }
  }

  /** The identity of what {@code path} names, not following a link. */
  static Identity of(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
    long dev = (Long) a.get("dev");
    // glibc's encoding of st_dev: major in bits 8-19 and 32-43, minor in 0-7 and 20-31.
    long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & 0xfffff000L);
    long minor = (dev & 0xff) | ((dev >>> 12) & 0xffffff00L);
    return new Identity(major, minor, (Long) a.get("ino"));
  }
}
