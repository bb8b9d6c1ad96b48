package org.slipsfailover.host;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slipsfailover.config.SlipsFolderNames;

/**
 * The Slips folder's {@code output/}, bound onto a root-only path for Docker to mount. Docker
 * mounts a path seconds after the check (creating a container takes over 10 s on a Pi); the
 * folder's owner could swap {@code output/} for a link meanwhile and get any folder of the machine
 * mounted, writable, into a root container. So the folder is opened without following a link,
 * checked to be the folder just checked, and bound by its open descriptor ({@code mount --bind
 * /proc/<jvm>/fd/N}, which the kernel resolves to the open folder, not to a name) onto {@code
 * <state dir>/mnt/output}, whose parent only root may enter. Docker is handed that path. The bind
 * is then checked to be the same folder (device and inode), and undone once the container started:
 * the container keeps its own mount.
 */
public final class OutputMount implements Closeable {
  private final Path target;
  private final Commands commands;

  private OutputMount(Path target, Commands commands) {
    this.target = target;
    this.commands = commands;
  }

  /** What Docker mounts: the checked {@code output/}, bound. */
  public Path path() {
    return target;
  }

  /**
   * Checks the Slips folder and binds its {@code output/} onto {@code <mounts>/output}. A bind left
   * there by a runner that died is undone first.
   *
   * @param mounts a folder under root's state folder ({@code /run/slips-failover/mnt})
   * @throws UnsafePathException when the folder is not safe or changed while being bound
   */
  public static OutputMount bind(Path slipsDir, Path mounts, Commands commands) {
    Path target = rootOnlyFolder(mounts).resolve(SlipsFolderNames.OUTPUT);
    unmountAll(target, commands);
    mkdir(target);
    try (SlipsFolder folder = SlipsFolder.open(slipsDir);
        OpenOutput output = openOutput(folder)) {
      String byDescriptor =
          "/proc/" + ProcessHandle.current().pid() + "/fd/" + descriptorOf(output.fileKey());
      // --no-canonicalize: mount(8) would otherwise resolve the magic link to a name, and mount
      // whatever that name points to by then.
      CommandResult mounted =
          commands.run("mount", "--no-canonicalize", "--bind", byDescriptor, target.toString());
      if (!mounted.ok()) {
        throw new UnsafePathException(
            "cannot bind "
                + folder.path().resolve(SlipsFolderNames.OUTPUT)
                + ": "
                + mounted.failure());
      }
      OutputMount mount = new OutputMount(target, commands);
      if (!output.fileKey().equals(keyOf(target))) {
        mount.close();
        throw new UnsafePathException(
            folder.path().resolve(SlipsFolderNames.OUTPUT) + " changed while being bound");
      }
      return mount;
    }
  }

  /** {@code output/}, open; {@code fileKey} is its device and inode. */
  private record OpenOutput(SecureDirectoryStream<Path> folder, Object fileKey)
      implements Closeable {
    @Override
    public void close() {
      SlipsFolder.closeQuietly(folder);
    }
  }

  /**
   * Opens {@code output/} without following a link and checks that the folder opened is the one
   * checked: what is mounted into the container must be this very folder, not whatever the name
   * points to a moment later.
   */
  private static OpenOutput openOutput(SlipsFolder slips) {
    SecureDirectoryStream<Path> output = slips.openFolder(SlipsFolderNames.OUTPUT);
    try {
      Object key =
          output.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
      slips.checkContents();
      if (!key.equals(slips.entry(SlipsFolderNames.OUTPUT).fileKey())) {
        throw new UnsafePathException(
            slips.path().resolve(SlipsFolderNames.OUTPUT) + " changed while being opened");
      }
      return new OpenOutput(output, key);
    } catch (IOException | RuntimeException e) {
      SlipsFolder.closeQuietly(output);
      throw e instanceof UnsafePathException u
          ? u
          : new UnsafePathException("cannot check " + slips.path() + ": " + e.getMessage());
    }
  }

  /** Undoes the bind; the container that mounted it keeps its own mount. */
  @Override
  public void close() {
    unmountAll(target, commands);
  }

  private static void unmountAll(Path target, Commands commands) {
    // Binds stack: undo every one (a runner killed twice between bind and start leaves two).
    for (int i = 0; i < 8 && mounted(target); i++) {
      CommandResult r = commands.run("umount", target.toString());
      if (!r.ok()) {
        throw new UnsafePathException("cannot unmount " + target + ": " + r.failure());
      }
    }
  }

  /** Whether something is mounted on {@code target}, as this process's mount table says. */
  static boolean mounted(Path target) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] fields = line.split(" ");
        if (fields.length > 4 && unescape(fields[4]).equals(target.toString())) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UnsafePathException("cannot read the mount table: " + e.getMessage());
    }
  }

  /** The mount table writes space, tab, newline and backslash as octal escapes. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The number of a descriptor of this JVM open on the folder {@code key}: the open folder's own,
   * or another on the same folder (any one names that very folder). Java does not say which number
   * it gave the folder it opened; the bind is checked afterwards all the same.
   */
  private static int descriptorOf(Object key) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        Optional<Object> opened = keyIfFolder(fd);
        if (opened.isPresent() && opened.get().equals(key)) {
          return Integer.parseInt(fd.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new UnsafePathException("cannot read /proc/self/fd: " + e.getMessage());
    }
    throw new UnsafePathException("the open output/ folder has no descriptor in /proc/self/fd");
  }

  private static Optional<Object> keyIfFolder(Path fd) {
    try {
      BasicFileAttributes a = Files.readAttributes(fd, BasicFileAttributes.class);
      return a.isDirectory() ? Optional.of(a.fileKey()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // closed meanwhile, or not a file
    }
  }

  private static Object keyOf(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (IOException e) {
      throw new UnsafePathException("cannot check " + path + ": " + e.getMessage());
    }
  }

  /** {@code mounts}, made root's with mode 0700 when missing, and checked to be so. */
  private static Path rootOnlyFolder(Path mounts) {
    mkdir(mounts);
    PathEntry e = PathEntry.of(mounts);
    if (e.symlink() || !e.directory() || !e.ownedByRoot() || (e.mode() & 077) != 0) {
      throw new UnsafePathException(
          mounts + " must be a folder only root may enter (mode 0700), mode " + e.modeText());
    }
    return mounts;
  }

  private static void mkdir(Path folder) {
    try {
      Files.createDirectories(folder.getParent());
      Files.createDirectory(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      // There already: checked by the caller.
    } catch (IOException e) {
      throw new UnsafePathException("cannot create " + folder + ": " + e.getMessage());
    }
  }
}
