package org.slipsfailover.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.config.GateSettings;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.config.ServiceTimings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.config.SlipsFolderNames;
import org.slipsfailover.host.DaemonThreads;
import org.slipsfailover.supervise.Runner;
import org.slipsfailover.supervise.RunnerParts;
import org.slipsfailover.supervise.StartHistory;
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
  long stopGraceSeconds = ServiceTimings.CONTAINER_STOP_GRACE.toSeconds();

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

  /** The composition root's part for {@code run}: the runner's parts from run's options. */
  @FunctionalInterface
  interface RunnerAssembly {
    /**
     * @throws org.slipsfailover.config.BadInputException when the gate's lease is too short
     */
    RunnerParts parts(
        Settings settings,
        ProbeTimings timings,
        Duration stopGrace,
        Duration gateLease,
        Path stateDir);
  }

  private final RunnerAssembly assembly;

  RunCommand(RunnerAssembly assembly) {
    this.assembly = assembly;
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
            assembly.parts(
                settings,
                timings,
                Duration.ofSeconds(stopGraceSeconds),
                Duration.ofMillis(Math.round(gateLeaseSeconds * 1000)),
                stateDir));
    Thread stopHook =
        DaemonThreads.unstarted(
            "stop-slips",
            () -> {
              runner.stopOnRequest();
              LogFile.flush();
            });
    Runtime.getRuntime().addShutdownHook(stopHook);
    try {
      return runner.run().number();
    } finally {
      removeHook(stopHook);
      LogFile.flush();
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

  static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs (or ran) and finds the work done.
    }
  }
}
