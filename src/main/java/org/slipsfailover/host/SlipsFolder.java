package org.slipsfailover.host;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slipsfailover.config.SlipsFolderNames;

/**
 * The Slips folder, as root may use it: usually a clone owned by the Pi's login user, in which root
 * writes {@code slips_container.log} (and its rolled copies) and creates {@code output/}, which it
 * mounts into Slips' container. That user may own the folder; what root must never do is follow a
 * link that user planted, or trust a folder someone else could swap. The policy:
 *
 * <ul>
 *   <li>The folder and every folder above it are real folders, not links (give the real path).
 *   <li>Every folder above it is owned by root or by the folder's owner, and writable by nobody
 *       else, unless sticky like {@code /tmp} (there only an entry's owner may replace it).
 *   <li>The folder itself is writable by its owner only.
 *   <li>{@code output/}, if it exists, is a real folder (not a link), owned by root or the folder's
 *       owner; root creates it when missing.
 *   <li>{@code slips_container.log} and {@code .1} to {@code .4}, if they exist, are regular files
 *       (not links), owned by root, with one name each (no hard link to another file).
 * </ul>
 *
 * <p>The folder is opened once, one folder at a time from {@code /}, each opened without following
 * a link and checked to be the very folder whose owner and mode were read; the log is then opened,
 * created and rolled relative to that open folder, never by path ({@link SafeRollingLog}), and
 * {@code output/} bound from it ({@link OutputMount}). So renaming the folder and planting a link
 * in its place after the check redirects nothing root writes.
 */
public final class SlipsFolder implements Closeable {
  private static final String FIX =
      "root never writes, creates or mounts through a path someone else controls";

  private final Path dir;
  private final int ownerUid;
  private final SecureDirectoryStream<Path> handle;

  private SlipsFolder(Path dir, int ownerUid, SecureDirectoryStream<Path> handle) {
    this.dir = dir;
    this.ownerUid = ownerUid;
    this.handle = handle;
  }

  public Path path() {
    return dir;
  }

  /**
   * Why root must not use this Slips folder, or empty when it may. Changes nothing.
   *
   * @throws PathUnreadableException when this user may not look (not root)
   */
  public static Optional<String> problem(Path dir) {
    try (SlipsFolder folder = open(dir)) {
      folder.checkContents();
      return Optional.empty();
    } catch (UnsafePathException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** For the runner and the install: checks everything and creates {@code output/} if missing. */
  public static void prepare(Path dir) {
    try (SlipsFolder folder = open(dir)) {
      folder.checkContents();
      folder.createOutput();
    }
  }

  /** Opens the folder without following any link on the way, checking each folder. */
  public static SlipsFolder open(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    List<PathEntry> chain = new ArrayList<>();
    Path at = Path.of("/");
    SecureDirectoryStream<Path> current = openRoot();
    try {
      chain.add(sameAs(PathEntry.of(at), current));
      for (Path name : absolute) {
        at = at.resolve(name);
        PathEntry e = PathEntry.of(at);
        if (!e.exists()) {
          throw new UnsafePathException("Slips folder " + at + " does not exist");
        }
        if (e.symlink()) {
          throw new UnsafePathException(
              at
                  + " is a symlink: "
                  + FIX
                  + "; give the Slips folder by its real"
                  + " path (readlink -f "
                  + absolute
                  + ")");
        }
        if (!e.directory()) {
          throw new UnsafePathException(at + " is not a folder");
        }
        SecureDirectoryStream<Path> next = openChild(current, name, at);
        current.close();
        current = next;
        chain.add(sameAs(e, current));
      }
      PathEntry folder = chain.get(chain.size() - 1);
      checkChain(chain, folder);
      SlipsFolder opened = new SlipsFolder(absolute, folder.uid(), current);
      current = null;
      return opened;
    } catch (java.nio.file.AccessDeniedException e) {
      throw new PathUnreadableException("cannot check " + at + ": permission denied");
    } catch (IOException e) {
      throw new UnsafePathException("cannot check " + at + ": " + e.getMessage());
    } finally {
      closeQuietly(current);
    }
  }

  private static void checkChain(List<PathEntry> chain, PathEntry folder) {
    for (PathEntry e : chain.subList(0, chain.size() - 1)) {
      if (!e.ownedByRoot() && e.uid() != folder.uid()) {
        throw new UnsafePathException(
            e.path()
                + " (above the Slips folder) is owned by uid "
                + e.uid()
                + ", neither root nor the folder's owner: "
                + FIX);
      }
      if (e.sharedWritable() && !e.sticky()) {
        throw new UnsafePathException(
            e.path()
                + " (above the Slips folder) is writable by group or others"
                + " (mode "
                + e.modeText()
                + "): "
                + FIX
                + ". Fix:  sudo chmod go-w "
                + e.path());
      }
    }
    if (folder.sharedWritable()) {
      throw new UnsafePathException(
          "the Slips folder "
              + folder.path()
              + " is writable by group or others"
              + " (mode "
              + folder.modeText()
              + "): "
              + FIX
              + ". Fix:  chmod go-w "
              + folder.path());
    }
  }

  /** Checks output/, the log and the rolled logs. */
  public void checkContents() {
    PathEntry output = entry(SlipsFolderNames.OUTPUT);
    if (output.exists()) {
      if (output.symlink()) {
        throw new UnsafePathException(
            output.path()
                + " is a symlink: "
                + FIX
                + ". Remove the link; root"
                + " creates a real output/ folder");
      }
      if (!output.directory()) {
        throw new UnsafePathException(output.path() + " is not a folder");
      }
      if (!output.ownedByRoot() && output.uid() != ownerUid) {
        throw new UnsafePathException(
            output.path()
                + " is owned by uid "
                + output.uid()
                + ", neither root nor the Slips folder's owner");
      }
    }
    checkLog(SlipsFolderNames.LOG);
    for (int i = 1; i <= SlipsFolderNames.ROLLED_LOGS; i++) {
      checkLog(SlipsFolderNames.rolled(i));
    }
  }

  /** A log's name, if it exists: a regular file of root's with one name. */
  void checkLog(String name) {
    PathEntry e = entry(name);
    if (!e.exists()) {
      return;
    }
    if (e.symlink()) {
      throw new UnsafePathException(
          e.path() + " is a symlink: " + FIX + ". Remove it; root creates the log");
    }
    if (!e.regular()) {
      throw new UnsafePathException(
          e.path() + " is not a regular file; remove it, root creates the log");
    }
    if (!e.ownedByRoot()) {
      throw new UnsafePathException(
          e.path()
              + " is owned by uid "
              + e.uid()
              + ", not root, which writes it;"
              + " remove it, root creates the log");
    }
    if (e.links() != 1) {
      throw new UnsafePathException(
          e.path()
              + " has "
              + e.links()
              + " names (a hard link): root would write"
              + " into another file; remove it, root creates the log");
    }
  }

  /** Creates {@code output/} (root's, mode 0755) when missing. */
  public void createOutput() {
    if (entry(SlipsFolderNames.OUTPUT).exists()) {
      return;
    }
    Path output = dir.resolve(SlipsFolderNames.OUTPUT);
    try {
      // mkdir never follows a link at its last name; the folder was checked just now. No chmod
      // after it: a chmod by path would follow a link swapped in meanwhile.
      Files.createDirectory(
          output,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    } catch (FileAlreadyExistsException e) {
      // Someone made it in between: it is checked below like any other.
    } catch (IOException e) {
      throw new UnsafePathException("cannot create " + output + ": " + e.getMessage());
    }
    checkContents();
    if (!entry(SlipsFolderNames.OUTPUT).directory()) {
      throw new UnsafePathException(output + " is not a folder");
    }
  }

  /** Opens a folder of the folder by its name in the open folder, never following a link. */
  SecureDirectoryStream<Path> openFolder(String name) {
    try {
      return handle.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      // ELOOP: a link swapped in; ENOTDIR: a file.
      throw new UnsafePathException(
          "cannot open " + dir.resolve(name) + " without following links: " + e.getMessage());
    }
  }

  /**
   * Opens a file of the folder by its name in the open folder, never following a link; created
   * (root's, mode 0644) when {@code options} say so.
   */
  FileChannel openFile(String name, Set<OpenOption> options) {
    Set<OpenOption> noFollow = new java.util.HashSet<>(options);
    noFollow.add(LinkOption.NOFOLLOW_LINKS);
    try {
      return (FileChannel)
          handle.newByteChannel(
              Path.of(name),
              noFollow,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    } catch (FileAlreadyExistsException e) {
      throw new UnsafePathException(dir.resolve(name) + " appeared while root created it: " + FIX);
    } catch (IOException e) {
      // O_NOFOLLOW on a link fails with ELOOP: a link planted after the check.
      throw new UnsafePathException(
          "cannot open " + dir.resolve(name) + " without following links: " + e.getMessage());
    }
  }

  /** Renames within the open folder: renames replace names, never write through them. */
  void rename(String from, String to) throws IOException {
    handle.move(Path.of(from), handle, Path.of(to));
  }

  /**
   * An entry of the open folder, by its name in that very folder (not by path). The two reads are
   * not atomic: an entry that appears or goes between them (the runner's own log being created, a
   * file Slips writes) is read again, a few times; only two different entries mean the folder was
   * replaced.
   */
  PathEntry entry(String name) {
    for (int attempt = 1; ; attempt++) {
      PathEntry byPath = PathEntry.of(dir.resolve(name));
      Object key = keyInFolder(name);
      Object pathKey = byPath.fileKey();
      if (java.util.Objects.equals(key, pathKey)) {
        return byPath;
      }
      boolean cameOrWent = key == null || pathKey == null;
      if (!cameOrWent || attempt == ENTRY_READS) {
        throw new UnsafePathException(dir + " was replaced while being checked: " + FIX);
      }
    }
  }

  private static final int ENTRY_READS = 3;

  private Object keyInFolder(String name) {
    Object key;
    try {
      key =
          handle
              .getFileAttributeView(
                  Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes()
              .fileKey();
    } catch (java.nio.file.NoSuchFileException e) {
      key = null;
    } catch (IOException e) {
      throw new UnsafePathException("cannot check " + dir.resolve(name) + ": " + e.getMessage());
    }
    return key;
  }

  private static SecureDirectoryStream<Path> openRoot() {
    try {
      DirectoryStream<Path> root = Files.newDirectoryStream(Path.of("/"));
      if (root instanceof SecureDirectoryStream<Path> secure) {
        return secure;
      }
      root.close();
      throw new UnsafePathException("this platform cannot open folders without following links");
    } catch (IOException e) {
      throw new UnsafePathException("cannot open /: " + e.getMessage());
    }
  }

  private static SecureDirectoryStream<Path> openChild(
      SecureDirectoryStream<Path> parent, Path name, Path at) {
    try {
      return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new PathUnreadableException("cannot check " + at + ": permission denied");
    } catch (IOException e) {
      throw new UnsafePathException(
          at + " changed while being checked (" + e.getMessage() + "): " + FIX);
    }
  }

  /** The entry checked by path is the folder just opened by name. */
  private static PathEntry sameAs(PathEntry checked, SecureDirectoryStream<Path> opened)
      throws IOException {
    Object key =
        opened.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
    if (!key.equals(checked.fileKey())) {
      throw new UnsafePathException(checked.path() + " changed while being checked: " + FIX);
    }
    return checked;
  }

  static void closeQuietly(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // Closing a read-only handle: nothing to lose.
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(handle);
  }
}
