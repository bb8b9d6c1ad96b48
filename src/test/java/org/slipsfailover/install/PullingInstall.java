package org.slipsfailover.install;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slipsfailover.TestSettings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.DockerJavaEngine;

/**
 * The install on a {@link FakeMachine} in a folder, with the real Docker engine: its pull is the
 * product's pull path (docker-java, the progress bar or plain lines, the error), the rest of the
 * machine is a fake. Run as its own process by {@link FirstPullIT}, on a terminal (tmux) or not, so
 * that it can be interrupted like an owner's install.
 *
 * <p>Usage: {@code PullingInstall ROOT IMAGE [STALL-SECONDS]}; prints as the CLI does; exits 0, or
 * 1 with the CLI's one-line error.
 */
public final class PullingInstall {
  private PullingInstall() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Files.createDirectories(root);
    FakeMachine machine = new FakeMachine(root);
    java.time.Duration stall =
        args.length > 2
            ? java.time.Duration.ofSeconds(Long.parseLong(args[2]))
            : DockerJavaEngine.PULL_STALL_LIMIT;
    try (DockerJavaEngine engine = new DockerJavaEngine(DockerJavaEngine.DEFAULT_HOST, stall)) {
      machine.engine = engine;
      machine.out = new PrintStream(System.out, true);
      // As the CLI decides it: a console means a terminal on both ends.
      machine.terminal = System.console() != null;
      Settings d = TestSettings.defaults(Path.of(FakeMachine.SLIPS_DIR));
      Settings settings =
          new Settings(
              d.pair(),
              args[1],
              d.containerName(),
              d.blocking(),
              d.memory(),
              d.cpuShares(),
              d.shmSize(),
              d.slipsDir(),
              false);
      try {
        new Installer(machine.context())
            .install(new InstallOptions(settings, false, Optional.empty(), false));
      } catch (InstallException e) {
        System.err.println("failover: " + e.getMessage());
        System.exit(1);
      }
    }
    System.exit(0);
  }
}
