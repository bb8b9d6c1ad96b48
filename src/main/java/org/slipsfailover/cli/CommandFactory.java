package org.slipsfailover.cli;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.ProcAccessPoints;
import org.slipsfailover.blocks.RestoredBlocks;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.DockerJavaEngine;
import org.slipsfailover.docker.DockerJavaImages;
import org.slipsfailover.gate.Gate;
import org.slipsfailover.gate.NftKernel;
import org.slipsfailover.host.HandOver;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.Identity;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.host.MonotonicClock;
import org.slipsfailover.host.Pause;
import org.slipsfailover.host.ProcFs;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.host.RunningJar;
import org.slipsfailover.host.UninstallMarker;
import org.slipsfailover.install.InstalledSettings;
import org.slipsfailover.install.Machine;
import org.slipsfailover.metrics.Metrics;
import org.slipsfailover.notify.Notifications;
import org.slipsfailover.notify.NotifyStatus;
import org.slipsfailover.probe.LiveSlipsProbe;
import org.slipsfailover.status.Facts;
import org.slipsfailover.status.ProtectionWait;
import org.slipsfailover.status.StatusReader;
import org.slipsfailover.supervise.AfterStop;
import org.slipsfailover.supervise.CheckedOutputEngine;
import org.slipsfailover.supervise.DaemonLiveness;
import org.slipsfailover.supervise.GateHold;
import org.slipsfailover.supervise.LeaveApUpDuringUninstall;
import org.slipsfailover.supervise.NftGateHold;
import org.slipsfailover.supervise.ProtectionEvents;
import org.slipsfailover.supervise.RulesSaver;
import org.slipsfailover.supervise.RunnerParts;
import org.slipsfailover.supervise.ServiceManager;
import org.slipsfailover.supervise.SystemdNotifier;
import org.slipsfailover.supervise.WatcherRulesSaver;
import org.slipsfailover.units.HostFile;
import org.slipsfailover.update.Disk;
import org.slipsfailover.update.SystemdRunnerSwap;
import org.slipsfailover.update.UpdateParts;
import org.slipsfailover.update.Updater;
import picocli.CommandLine;

/**
 * The composition root: picocli makes every command through it, and each command gets what it acts
 * on through its constructor. It owns the process's one Docker engine client and closes it.
 * Production uses {@link #live}; tests pass a machine of their own.
 */
final class CommandFactory implements AutoCloseable {
  private final Machine machine;
  private final OwnedEngine engine;
  private final Path watcherScript;
  private final Map<String, String> environment;

  /**
   * @param machine the host, its commands, access points and engine (created when first asked)
   * @param watcherScript the rules-saving script the runner calls after a cut
   * @param environment what systemd passes the runner and {@code cut-ap} ({@code NOTIFY_SOCKET},
   *     {@code WATCHDOG_USEC}, {@code SERVICE_RESULT}, {@code EXIT_CODE}, {@code EXIT_STATUS})
   */
  CommandFactory(Machine machine, Path watcherScript, Map<String, String> environment) {
    this(
        machine,
        machine.accessPoints(),
        new OwnedEngine(machine.engine()),
        watcherScript,
        environment);
  }

  private CommandFactory(
      Machine machine,
      AccessPoints accessPoints,
      OwnedEngine engine,
      Path watcherScript,
      Map<String, String> environment) {
    this.engine = engine;
    this.machine =
        new Machine(
            machine.liveRoot(),
            machine.commands(),
            accessPoints,
            engine,
            machine.isRoot(),
            machine.jar(),
            machine.out(),
            machine.terminal(),
            machine.images());
    this.watcherScript = watcherScript;
    this.environment = environment;
  }

  /** This machine, as root runs the jar on it. */
  static CommandFactory live(PrintStream out) {
    HostRoot root = HostRoot.live();
    ProcessCommands commands =
        ProcessCommands.onSafePath(Map.of("DEBIAN_FRONTEND", "noninteractive"));
    Machine machine =
        new Machine(
            root,
            commands,
            new ProcAccessPoints(root, commands),
            () -> new DockerJavaEngine(DockerJavaEngine.DEFAULT_HOST),
            Identity::isRoot,
            CommandFactory::ownJar,
            out,
            System.console() != null,
            // One-shot commands (install, update) ask it once; its sockets end with the process.
            () -> new DockerJavaImages(DockerJavaEngine.DEFAULT_HOST));
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

  /**
   * Picocli's {@code IFactory}, which {@link FailoverCommand} passes as {@code factory::create}:
   * picocli's classes are Java 5 class files, which the install's class archive stores unverified,
   * and a class that implements one of its interfaces is not linked when the archive is made, so
   * none of its lambdas would be archived (each then made anew at every start).
   */
  <K> K create(Class<K> type) throws Exception {
    Object command;
    if (type == InstallCommand.class) {
      command = new InstallCommand(installAndWait());
    } else if (type == ReinstallCommand.class) {
      command = new ReinstallCommand(installAndWait());
    } else if (type == UninstallCommand.class) {
      command = new UninstallCommand(machine);
    } else if (type == StatusCommand.class) {
      command =
          new StatusCommand(
              machine,
              this::statusFacts,
              () -> NotifyStatus.read(machine.liveRoot()),
              Clock.systemUTC());
    } else if (type == UpdateCommand.class) {
      command = new UpdateCommand(machine, this::updater);
    } else if (type == RunCommand.class) {
      command = new RunCommand(this::runnerParts);
    } else if (type == NotifyCommand.class) {
      command = new NotifyCommand(machine);
    } else if (type == CutApCommand.class) {
      command =
          new CutApCommand(
              new AfterStop(
                  supervisedAccessPoints(),
                  machine.engine(),
                  HandOver.at(machine.liveRoot(), Clock.systemUTC()),
                  Clock.systemUTC(),
                  CutApCommand.UNIT),
              Notifications.afterStop(machine.liveRoot(), machine.commands(), Clock.systemUTC()),
              environment);
    } else {
      // The root command, mixins, the version provider: nothing of the machine.
      return CommandLine.defaultFactory().create(type);
    }
    return type.cast(command);
  }

  /** What {@code status} reads off the machine: the one way to judge whether Slips protects. */
  private Facts statusFacts() {
    StatusReader reader =
        new StatusReader(
            machine.liveRoot(),
            machine.commands(),
            machine.accessPoints(),
            name -> machine.engine().get().inspect(name),
            pair -> new LiveSlipsProbe(new ProcFs(machine.liveRoot()), pair, ProbeTimings.DEFAULT));
    return reader.read(InstalledSettings.read(machine.liveRoot()));
  }

  /** {@code update}'s parts, for the installed settings. */
  private Updater updater(Settings settings) {
    return new Updater(
        new UpdateParts(
            settings,
            machine.engine().get(),
            machine.images().get(),
            ImagePinFile.at(machine.liveRoot()),
            SystemdRunnerSwap.of(machine.commands(), machine.liveRoot(), CutApCommand.UNIT),
            Disk.real(),
            machine.out(),
            machine.terminal(),
            Clock.systemUTC(),
            Pause.real(),
            Duration.ofSeconds(1),
            Updater.VERDICT_LIMIT));
  }

  /** The installer, then its last line: the verdict of {@code status}, looked at every second. */
  private InstallAndWait installAndWait() {
    return new InstallAndWait(
        machine,
        () ->
            new ProtectionWait(
                this::statusFacts,
                MonotonicClock.INSTANCE,
                Pause.real(),
                Duration.ofSeconds(1),
                machine.out()));
  }

  /**
   * The access points as the runner and {@code cut-ap} cut them: left up while {@code failover
   * uninstall} stops the service, cut on every other stop.
   */
  private AccessPoints supervisedAccessPoints() {
    return new LeaveApUpDuringUninstall(
        machine.accessPoints(), new UninstallMarker(machine.liveRoot()));
  }

  /**
   * {@code run}'s runner: the machine's parts, with what run's options set. Its engine mounts the
   * checked output/, bound under {@code stateDir}, never a path the folder's owner could swap.
   */
  private RunnerParts runnerParts(
      Settings settings,
      ProbeTimings timings,
      Duration stopGrace,
      Duration gateLease,
      Path stateDir) {
    RulesSaver rules = new WatcherRulesSaver(machine.commands(), watcherScript);
    if (settings.blocking() && machine.liveRoot().isLive() && Files.isExecutable(watcherScript)) {
      RestoredBlocks.onHost(
              machine.liveRoot(),
              machine.commands(),
              settings.slipsDir(),
              stateDir,
              () -> {
                RulesSaver.Saved saved = rules.save();
                log().info(saved.how());
              })
          .start(Pause.real());
    }
    GateHold gate = gate(timings, gateLease); // bad input first, before any metrics are written
    Metrics metrics =
        Metrics.start(
            machine.liveRoot(),
            environment,
            settings,
            machine.commands(),
            ManifestVersion.number(),
            MonotonicClock.INSTANCE);
    return new RunnerParts(
        settings,
        new CheckedOutputEngine(
            machine.engine().get(),
            settings.slipsDir(),
            stateDir.resolve("mnt"),
            machine.commands()),
        supervisedAccessPoints(),
        rules,
        serviceManager(),
        stopGrace,
        MonotonicClock.INSTANCE,
        Clock.systemUTC(),
        DaemonLiveness.DEFAULT,
        new LiveSlipsProbe(new ProcFs(machine.liveRoot()), settings.pair(), timings),
        timings,
        Pause.real(),
        metrics.watch(gate),
        HandOver.at(machine.liveRoot(), Clock.systemUTC()),
        ProtectionEvents.all(
            List.of(
                metrics.events(),
                Notifications.forRunner(
                    machine.liveRoot(), machine.commands(), Clock.systemUTC()))),
        ImagePinFile.at(machine.liveRoot()));
  }

  /**
   * The gate, when the install put its ruleset in place; without it (an install of a version
   * without the gate) the access point's cut is the only lever.
   */
  private GateHold gate(ProbeTimings timings, Duration lease) {
    Path ruleset = machine.liveRoot().resolve(HostFile.GATE_RULESET_PATH);
    if (!Files.isRegularFile(ruleset)) {
      log()
          .warn(
              "No gate: {} is missing (install again to add it); only the access point's cut"
                  + " protects",
              ruleset);
      return GateHold.none();
    }
    if (lease.compareTo(timings.interval().multipliedBy(2)) < 0) {
      throw new BadInputException(
          "--gate-lease must be at least two probe intervals ("
              + timings.interval().multipliedBy(2).toMillis() / 1000.0
              + " s)");
    }
    NftKernel kernel = new NftKernel(ruleset, machine.commands());
    return new NftGateHold(new Gate(kernel, MonotonicClock.INSTANCE, lease));
  }

  /**
   * systemd's, when it runs us ({@code $NOTIFY_SOCKET}; {@code $WATCHDOG_USEC} with WatchdogSec=).
   */
  private ServiceManager serviceManager() {
    String socket = environment.get("NOTIFY_SOCKET");
    if (socket == null || socket.isEmpty()) {
      return ServiceManager.none();
    }
    Duration watchdog = Duration.ZERO;
    try {
      String usec = environment.get("WATCHDOG_USEC");
      watchdog = usec == null ? Duration.ZERO : Duration.ofNanos(Long.parseLong(usec) * 1000);
    } catch (NumberFormatException e) {
      log().warn("Ignoring WATCHDOG_USEC={}", environment.get("WATCHDOG_USEC"));
    }
    try {
      return SystemdNotifier.forSocket(socket, watchdog, MonotonicClock.INSTANCE);
    } catch (IllegalArgumentException e) {
      // Then the watchdog goes unfed and systemd restarts the runner: loud, and failing closed.
      log().error("Cannot talk to systemd: {}", e.getMessage());
      return ServiceManager.none();
    }
  }

  /** Not a static field: logging starts only for the commands that log (not --version). */
  private static Logger log() {
    return LoggerFactory.getLogger(RunCommand.class);
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
