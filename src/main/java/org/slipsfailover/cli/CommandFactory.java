package org.slipsfailover.cli;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.ProcAccessPoints;
import org.slipsfailover.docker.DockerJavaEngine;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.Identity;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.host.RunningJar;
import org.slipsfailover.host.UninstallMarker;
import org.slipsfailover.install.InstallContext;
import org.slipsfailover.supervise.LeaveApUpDuringUninstall;
import org.slipsfailover.units.HostFile;
import picocli.CommandLine;

/**
 * The composition root: picocli makes every command through it, and each command gets what it acts
 * on through its constructor. It owns the process's one Docker engine client and closes it.
 * Production uses {@link #live}; tests pass a machine of their own.
 */
final class CommandFactory implements CommandLine.IFactory, AutoCloseable {
  private final InstallContext machine;
  private final OwnedEngine engine;
  private final Path watcherScript;
  private final Map<String, String> environment;

  /**
   * @param machine the host, its commands, access points and engine (created when first asked)
   * @param watcherScript the rules-saving script the runner calls after a cut
   * @param environment what systemd passes the runner and {@code cut-ap} ({@code NOTIFY_SOCKET},
   *     {@code WATCHDOG_USEC}, {@code SERVICE_RESULT}, {@code EXIT_CODE}, {@code EXIT_STATUS})
   */
  CommandFactory(InstallContext machine, Path watcherScript, Map<String, String> environment) {
    this(
        machine,
        machine.accessPoints(),
        new OwnedEngine(machine.engine()),
        watcherScript,
        environment);
  }

  private CommandFactory(
      InstallContext machine,
      AccessPoints accessPoints,
      OwnedEngine engine,
      Path watcherScript,
      Map<String, String> environment) {
    this.engine = engine;
    this.machine =
        new InstallContext(
            machine.liveRoot(),
            machine.commands(),
            accessPoints,
            engine,
            machine.isRoot(),
            machine.jar(),
            machine.out(),
            machine.terminal());
    this.watcherScript = watcherScript;
    this.environment = environment;
  }

  /** This machine, as root runs the jar on it. */
  static CommandFactory live(PrintStream out) {
    HostRoot root = HostRoot.live();
    ProcessCommands commands =
        ProcessCommands.onSafePath(Map.of("DEBIAN_FRONTEND", "noninteractive"));
    InstallContext machine =
        new InstallContext(
            root,
            commands,
            new ProcAccessPoints(root, commands),
            () -> new DockerJavaEngine(DockerJavaEngine.DEFAULT_HOST),
            Identity::isRoot,
            CommandFactory::ownJar,
            out,
            System.console() != null);
    return new CommandFactory(machine, root.resolve(HostFile.WATCHER_SCRIPT), System.getenv());
  }

  /**
   * The same machine with other access points, rules-saving script and environment: a stand-in
   * create_ap's, for the integration tests and the benchmark, which otherwise run as production. It
   * takes over this factory's engine: close the new one, not both.
   */
  CommandFactory with(
      AccessPoints accessPoints, Path watcherScript, Map<String, String> environment) {
    return new CommandFactory(machine, accessPoints, engine, watcherScript, environment);
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    Object command;
    if (type == InstallCommand.class) {
      command = new InstallCommand(machine);
    } else if (type == ReinstallCommand.class) {
      command = new ReinstallCommand(machine);
    } else if (type == UninstallCommand.class) {
      command = new UninstallCommand(machine);
    } else if (type == StatusCommand.class) {
      command = new StatusCommand(machine);
    } else if (type == RunCommand.class) {
      command = new RunCommand(machine, supervisedAccessPoints(), watcherScript, environment);
    } else if (type == CutApCommand.class) {
      command = new CutApCommand(machine, supervisedAccessPoints(), environment);
    } else {
      // The root command, mixins, the version provider: nothing of the machine.
      return CommandLine.defaultFactory().create(type);
    }
    return type.cast(command);
  }

  /**
   * The access points as the runner and {@code cut-ap} cut them: left up while {@code failover
   * uninstall} stops the service, cut on every other stop.
   */
  private AccessPoints supervisedAccessPoints() {
    return new LeaveApUpDuringUninstall(
        machine.accessPoints(), new UninstallMarker(machine.liveRoot()));
  }

  @Override
  public void close() {
    engine.close();
  }

  /**
   * The bytes of the jar this code runs from, to be copied to a stable path: read through the JVM's
   * open descriptor of it, not by path (a swap after the start is refused).
   */
  static byte[] ownJar() {
    try {
      Path self =
          Path.of(CommandFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(self)) {
        throw new IllegalStateException("install must run from failover.jar, not from " + self);
      }
      return RunningJar.read(self);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
