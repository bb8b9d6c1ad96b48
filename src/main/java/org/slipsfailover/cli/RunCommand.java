package org.slipsfailover.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.config.GateSettings;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.config.ServiceTimings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.config.SlipsFolderNames;
import org.slipsfailover.gate.Gate;
import org.slipsfailover.gate.NftKernel;
import org.slipsfailover.host.HandOver;
import org.slipsfailover.host.MonotonicClock;
import org.slipsfailover.host.ProcFs;
import org.slipsfailover.install.InstallContext;
import org.slipsfailover.probe.LiveSlipsProbe;
import org.slipsfailover.supervise.CheckedOutputEngine;
import org.slipsfailover.supervise.DaemonLiveness;
import org.slipsfailover.supervise.GateHold;
import org.slipsfailover.supervise.NftGateHold;
import org.slipsfailover.supervise.Runner;
import org.slipsfailover.supervise.ServiceManager;
import org.slipsfailover.supervise.StartHistory;
import org.slipsfailover.supervise.SystemdNotifier;
import org.slipsfailover.supervise.WatcherRulesSaver;
import org.slipsfailover.units.HostFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run Slips in Docker while the access point runs, and cut the access point the moment Slips"
          + " stops protecting (its container ends, or its Redis or a Zeek stops answering probes);"
          + " then wait for the access point to come back and start Slips again."
          + " slips.service runs this. Logs to stdout and to <slips dir>/"
          + SlipsFolderNames.LOG
          + ".",
      "On SIGTERM (systemctl stop) it cuts the access point, stops the container and saves the"
          + " iptables rules."
    })
final class RunCommand implements Callable<Integer> {
  static final Path DEFAULT_STATE_DIR = Path.of("/run/slips-failover");

  /**
   * Not a static field: picocli makes every command for any command line, and logging would start
   * (hundreds of classes) for --version and --help too.
   */
  private static Logger log() {
    return LoggerFactory.getLogger(RunCommand.class);
  }

  @Mixin SettingsOptions options;

  @Option(
      names = "--state-dir",
      hidden = true,
      description = "Where start times are kept (for tests).")
  Path stateDir = DEFAULT_STATE_DIR;

  @Option(
      names = "--stop-grace",
      hidden = true,
      description = "Seconds Slips gets to stop (for tests).")
  int stopGraceSeconds = ServiceTimings.CONTAINER_STOP_GRACE_SEC;

  @Option(
      names = "--redis-port",
      paramLabel = "PORT",
      description = "Port of Slips' Redis on 127.0.0.1, probed every second [${DEFAULT-VALUE}].")
  int redisPort = ProbeTimings.DEFAULT_REDIS_PORT;

  @Option(
      names = "--probe-interval-ms",
      hidden = true,
      description = "Time between probes (for tests).")
  long probeIntervalMs = ProbeTimings.DEFAULT.interval().toMillis();

  @Option(
      names = "--probe-failures",
      hidden = true,
      description = "Failed probes in a row that count as a death.")
  int probeFailures = ProbeTimings.DEFAULT.failuresInARow();

  @Option(
      names = "--protect-within",
      hidden = true,
      description = "Seconds Slips may take to start protecting.")
  long protectWithinSeconds = ProbeTimings.DEFAULT.protectWithin().toSeconds();

  @Option(
      names = "--gate-lease",
      paramLabel = "SECONDS",
      description =
          "How long a good probe keeps the gate open without the next one [${DEFAULT-VALUE}].")
  double gateLeaseSeconds = GateSettings.DEFAULT_LEASE.toMillis() / 1000.0;

  private final InstallContext machine;
  private final AccessPoints accessPoints;
  private final Path watcherScript;
  private final Map<String, String> environment;

  /**
   * @param accessPoints as the runner cuts them (left up during an uninstall)
   * @param watcherScript the rules-saving script, run after each cut
   */
  RunCommand(
      InstallContext machine,
      AccessPoints accessPoints,
      Path watcherScript,
      Map<String, String> environment) {
    this.machine = machine;
    this.accessPoints = accessPoints;
    this.watcherScript = watcherScript;
    this.environment = environment;
  }

  @Override
  public Integer call() {
    Settings settings = options.toSettings();
    ProbeTimings timings =
        new ProbeTimings(
            Duration.ofMillis(probeIntervalMs),
            probeFailures,
            Duration.ofSeconds(protectWithinSeconds),
            redisPort,
            ProbeTimings.DEFAULT.redisTimeout());
    LogFile.attach(settings.logFile());
    recordStart();
    Runner runner =
        new Runner(
            settings,
            new CheckedOutputEngine(
                machine.engine().get(),
                settings.slipsDir(),
                stateDir.resolve("mnt"),
                machine.commands()),
            accessPoints,
            new WatcherRulesSaver(machine.commands(), watcherScript),
            serviceManager(),
            Duration.ofSeconds(stopGraceSeconds),
            MonotonicClock.INSTANCE,
            Clock.systemUTC(),
            DaemonLiveness.DEFAULT,
            new LiveSlipsProbe(new ProcFs(machine.liveRoot()), settings.pair(), timings),
            timings);
    runner.gatedBy(gate(timings)).handingOver(HandOver.at(machine.liveRoot(), Clock.systemUTC()));
    Thread stopHook =
        new Thread(
            () -> {
              runner.stopOnRequest();
              LogFile.flush();
            },
            "stop-slips");
    Runtime.getRuntime().addShutdownHook(stopHook);
    try {
      return runner.run().number();
    } finally {
      removeHook(stopHook);
      LogFile.flush();
    }
  }

  /**
   * The gate, when the install put its ruleset in place; without it (an install of a version
   * without the gate) the access point's cut is the only lever.
   */
  private GateHold gate(ProbeTimings timings) {
    Path ruleset = machine.liveRoot().resolve(HostFile.GATE_RULESET_PATH);
    if (!Files.isRegularFile(ruleset)) {
      log()
          .warn(
              "No gate: {} is missing (install again to add it); only the access point's cut"
                  + " protects",
              ruleset);
      return GateHold.none();
    }
    Duration lease = Duration.ofMillis(Math.round(gateLeaseSeconds * 1000));
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

  private void recordStart() {
    try {
      new StartHistory(stateDir).recordStart(Clock.systemUTC().instant());
    } catch (UncheckedIOException e) {
      // Only cut-ap's crash-loop message depends on it.
      log().warn("Could not record this start: {}", e.getMessage());
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs (or ran) and finds the work done.
    }
  }
}
