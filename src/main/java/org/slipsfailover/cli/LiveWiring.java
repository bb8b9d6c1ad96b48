package org.slipsfailover.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.Identity;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.install.InstallContext;

/** The real machine. */
final class LiveWiring implements Wiring {

  @Override
  public InstallContext installContext(PrintStream out) {
    HostRoot root = HostRoot.live();
    return new InstallContext(
        root,
        new ProcessCommands(Map.of("DEBIAN_FRONTEND", "noninteractive")),
        LiveParts.accessPoints(root),
        LiveParts::engine,
        Identity::isRoot,
        LiveWiring::ownJar,
        out,
        System.console() != null);
  }

  /** The bytes of the jar this code runs from, to be copied to a stable path. */
  static byte[] ownJar() {
    try {
      Path self = Path.of(LiveWiring.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(self)) {
        throw new IllegalStateException("install must run from failover.jar, not from " + self);
      }
      return Files.readAllBytes(self);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
