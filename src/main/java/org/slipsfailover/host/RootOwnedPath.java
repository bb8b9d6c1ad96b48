package org.slipsfailover.host;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Checks that a path of root's own (a unit, a script, the jar, {@code /etc/slips-failover/}, a
 * template the user overrides) is root's alone: every existing folder on the way is owned by root
 * and writable by nobody else, and so is the file. What such a file says becomes a root unit or
 * script; anyone else able to change it, or a folder above it, could run code as root.
 *
 * <p>A link on the way is accepted only when root owns it (root put it there); then the folders it
 * leads to are checked the same way.
 */
public final class RootOwnedPath {
  private RootOwnedPath() {}

  /** Checks the existing folders from {@code root} down to {@code absolutePath}'s parent. */
  public static void checkFolders(HostRoot root, String absolutePath) {
    Path target = root.resolve(absolutePath);
    checkChain(root.root(), target.getParent());
  }

  /**
   * Checks a file root reads as configuration (an override template): the folders above it, and the
   * file itself, which must be a regular file (not a link), owned by root, not writable by group or
   * others.
   */
  public static void checkFile(HostRoot root, String absolutePath) {
    checkFolders(root, absolutePath);
    PathEntry file = PathEntry.of(root.resolve(absolutePath));
    if (!file.exists()) {
      return;
    }
    if (file.symlink()) {
      throw new UnsafePathException(
          file.path()
              + " is a symlink; root reads only a real file there."
              + " Replace it with a copy: sudo cp --remove-destination \"$(readlink -f "
              + file.path()
              + ")\" "
              + file.path());
    }
    if (!file.regular()) {
      throw new UnsafePathException(file.path() + " is not a regular file");
    }
    requireRootOnly(file);
  }

  private static void checkChain(Path from, Path to) {
    Path at = from;
    for (Path name : from.relativize(to)) {
      if (name.toString().isEmpty()) {
        continue;
      }
      at = at.resolve(name);
      PathEntry e = PathEntry.of(at);
      if (!e.exists()) {
        return; // the install creates the rest, root-owned
      }
      if (e.symlink()) {
        if (!e.ownedByRoot()) {
          throw new UnsafePathException(
              at
                  + " is a symlink owned by uid "
                  + e.uid()
                  + ", not root; root"
                  + " writes nothing through it");
        }
        Path real = realPath(at);
        checkChain(Path.of("/"), real);
        continue;
      }
      if (!e.directory()) {
        throw new UnsafePathException(at + " is not a folder");
      }
      requireRootOnly(e);
    }
  }

  private static void requireRootOnly(PathEntry e) {
    if (!e.ownedByRoot()) {
      throw new UnsafePathException(
          e.path()
              + " is owned by uid "
              + e.uid()
              + ", not root: whoever owns it"
              + " could make root run anything. Fix:  sudo chown root:root "
              + e.path());
    }
    if (e.sharedWritable()) {
      throw new UnsafePathException(
          e.path()
              + " is writable by group or others (mode "
              + e.modeText()
              + "): they could make root run anything. Fix:  sudo chmod go-w "
              + e.path());
    }
  }

  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      throw new UnsafePathException("cannot resolve " + p + ": " + e.getMessage());
    }
  }
}
