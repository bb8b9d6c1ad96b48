package org.slipsfailover.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of the jar this JVM runs, for the install to copy (and checksum, from the same bytes).
 * Read through the JVM's own open descriptor of it, not by path: the JVM opened the jar when it
 * started, and a user who owns its folder could swap the file at that path afterwards (after the
 * checksum the Pi's owner checked) and have root install another jar as its runner.
 */
public final class RunningJar {
  private RunningJar() {}

  /**
   * The bytes of {@code jar} as this JVM holds it open.
   *
   * @throws UnsafePathException when this JVM holds no file open under that name any more (it was
   *     renamed, replaced or removed since the JVM started)
   */
  public static byte[] read(Path jar) {
    String name;
    try {
      name = jar.toRealPath().toString();
    } catch (IOException e) {
      throw new UnsafePathException("cannot read " + jar + ": " + e.getMessage());
    }
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        if (name.equals(target(fd)) && Files.isRegularFile(fd)) {
          // Opening the descriptor's link opens the very file it holds, whatever its name now.
          return Files.readAllBytes(fd);
        }
      }
    } catch (IOException e) {
      throw new UnsafePathException("cannot read " + jar + " as it runs: " + e.getMessage());
    }
    throw new UnsafePathException(
        jar
            + " is not the file this program started from (replaced or moved since):"
            + " check its checksum and run the install again");
  }

  private static String target(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException e) {
      return ""; // closed meanwhile
    }
  }
}
