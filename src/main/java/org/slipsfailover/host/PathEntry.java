package org.slipsfailover.host;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One directory entry as {@code lstat} sees it: never following a link.
 *
 * @param fileKey device and inode, to tell whether what was checked is what was opened
 */
record PathEntry(
    Path path,
    boolean exists,
    boolean symlink,
    boolean directory,
    boolean regular,
    int uid,
    int mode,
    int links,
    Object fileKey) {
  private static final int GROUP_OR_OTHERS_WRITE = 0022;
  private static final int STICKY = 01000;

  static PathEntry of(Path path) {
    try {
      Map<String, Object> a =
          java.nio.file.Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
      return new PathEntry(
          path,
          true,
          (Boolean) a.get("isSymbolicLink"),
          (Boolean) a.get("isDirectory"),
          (Boolean) a.get("isRegularFile"),
          (Integer) a.get("uid"),
          (Integer) a.get("mode"),
          (Integer) a.get("nlink"),
          a.get("fileKey"));
    } catch (NoSuchFileException e) {
      return new PathEntry(path, false, false, false, false, -1, 0, 0, null);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new PathUnreadableException("cannot check " + path + ": permission denied");
    } catch (IOException e) {
      throw new UnsafePathException("cannot check " + path + ": " + e.getMessage());
    }
  }

  boolean ownedByRoot() {
    return uid == 0;
  }

  /** Writable by group or others. */
  boolean sharedWritable() {
    return (mode & GROUP_OR_OTHERS_WRITE) != 0;
  }

  /** Like /tmp: others may add entries, but only an entry's owner may rename or remove it. */
  boolean sticky() {
    return (mode & STICKY) != 0;
  }

  String modeText() {
    return String.format("%04o", mode & 07777);
  }
}
