package org.slipsfailover.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.slipsfailover.host.AtomicFile;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.RootOwnedPath;

/**
 * Compares planned files with the host and writes them atomically: a temporary file in the same
 * folder, synced, given its mode, then renamed over the old one. A crash at any point leaves the
 * old file or the new one, never half of one.
 */
public final class FileInstaller {
  private final HostRoot root;

  public FileInstaller(HostRoot root) {
    this.root = root;
  }

  /**
   * Compares, after checking that the folders above the file are root's alone ({@link
   * RootOwnedPath}): the install refuses before writing anything otherwise. A link, or a file
   * someone else owns, in the file's place is replaced (a rename replaces the name, it never writes
   * through it).
   */
  public Change compare(PlannedFile file) {
    RootOwnedPath.checkFolders(root, file.path());
    Path target = root.resolve(file.path());
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return Change.NEW;
    }
    try {
      Map<String, Object> attributes =
          Files.readAttributes(target, "unix:uid,isRegularFile", LinkOption.NOFOLLOW_LINKS);
      if (!(Boolean) attributes.get("isRegularFile") || (Integer) attributes.get("uid") != 0) {
        return Change.CHANGED;
      }
      boolean sameBytes = Arrays.equals(Files.readAllBytes(target), file.content());
      boolean sameMode = Files.getPosixFilePermissions(target).equals(permissions(file.mode()));
      return sameBytes && sameMode ? Change.UNCHANGED : Change.CHANGED;
    } catch (IOException e) {
      // Unreadable (for example without root in a dry run): it will be rewritten.
      return Change.CHANGED;
    }
  }

  public void write(PlannedFile file) {
    Path target = root.resolve(file.path());
    try {
      createRootFolders(target.getParent());
      AtomicFile.replace(
          target,
          file.content(),
          PosixFilePermissions.toString(permissions(file.mode())),
          /* forceToDisk= */ true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Creates the missing folders, each mode 0755 whatever the umask, before anything goes in. */
  private static void createRootFolders(Path dir) throws IOException {
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isSymbolicLink(dir)) {
      return; // a root-owned link, checked by RootOwnedPath: its target exists
    }
    createRootFolders(dir.getParent());
    Files.createDirectory(dir);
    // The folder is new, in a folder only root can write: no one could have swapped it.
    Files.setPosixFilePermissions(dir, permissions(0755));
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }
}
