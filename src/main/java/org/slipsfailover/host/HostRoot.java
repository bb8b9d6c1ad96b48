package org.slipsfailover.host;

import java.nio.file.Path;

/**
 * Every host path goes through here, so that tests and {@code --root} installs never touch the real
 * {@code /etc}. {@code HostRoot.of("/")} is the live machine.
 */
public record HostRoot(Path root) {

  public static HostRoot live() {
    return new HostRoot(Path.of("/"));
  }

  public static HostRoot of(Path root) {
    return new HostRoot(root.toAbsolutePath().normalize());
  }

  /** Resolves an absolute host path such as {@code /etc/systemd/system} under this root. */
  public Path resolve(String absolutePath) {
    if (!absolutePath.startsWith("/")) {
      throw new IllegalArgumentException("not an absolute path: " + absolutePath);
    }
    return root.resolve(absolutePath.substring(1));
  }

  public boolean isLive() {
    return root.equals(Path.of("/"));
  }
}
