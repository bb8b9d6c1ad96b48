package org.slipsfailover.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.DockerJavaEngine;
import org.slipsfailover.supervise.DaemonLiveness;
import org.slipsfailover.supervise.Runner;
import org.slipsfailover.supervise.ServiceManager;
import org.slipsfailover.supervise.StartHistory;
import org.slipsfailover.supervise.SystemdNotifier;
import org.slipsfailover.supervise.WatcherRulesSaver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.slipsfailover.config.ServiceTimings;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run Slips in Docker and cut the access point the moment Slips stops, for any reason;"
          + " slips.service runs this. Logs to stdout and to <slips dir>/slips_container.log.",
      "On SIGTERM (systemctl stop) it cuts the access point, stops the container and saves the"
          + " iptables rules."
    },
    exitCodeListHeading = "%nExit codes (any of them makes systemd restart Slips):%n",
    exitCodeList = {
      "1:Slips' container ended (exit, crash, OOM, kill, removal); the access point is cut",
      "2:bad input: a wrong argument or option",
      "3:the Docker engine is unreachable or refused to start or watch Slips; the access point is cut",
      "4:the runner's own error (please report it); the access point is cut",
      "143:stopped by SIGTERM; Slips stopped, the access point cut"
    })
final class RunCommand implements Callable<Integer> {
  static final Path DEFAULT_STATE_DIR = Path.of("/run/slips-failover");
  /** Not a static field: picocli makes every command for any command line, and logging would
   *  start (hundreds of classes) for --version and --help too. */
  private static Logger log() {
    return LoggerFactory.getLogger(RunCommand.class);
  }

  @Mixin SettingsOptions options;

  @Option(names = "--docker-host", hidden = true, description = "Docker endpoint (for tests).")
  String dockerHost = DockerJavaEngine.DEFAULT_HOST;

  @Option(names = "--state-dir", hidden = true, description = "Where start times are kept (for tests).")
  Path stateDir = DEFAULT_STATE_DIR;

  @Option(names = "--stop-grace", hidden = true, description = "Seconds Slips gets to stop (for tests).")
  int stopGraceSeconds = ServiceTimings.CONTAINER_STOP_GRACE_SEC;

  private final SupervisionParts parts;

  RunCommand() {
    this(SupervisionParts.live());
  }

  RunCommand(SupervisionParts parts) {
    this.parts = parts;
  }

  @Override
  public Integer call() {
    Settings settings = options.toSettings();
    LogFile.attach(settings.logFile());
    recordStart();
    ServiceManager serviceManager =
        parts.environment().containsKey("NOTIFY_SOCKET")
            ? new SystemdNotifier(parts.commands(), ProcessHandle.current().pid())
            : ServiceManager.none();
    try (DockerJavaEngine engine = new DockerJavaEngine(dockerHost)) {
      Runner runner =
          new Runner(
              settings,
              engine,
              parts.accessPoints().get(),
              new WatcherRulesSaver(parts.commands(), parts.watcherScript()),
              serviceManager,
              Duration.ofSeconds(stopGraceSeconds),
              Clock.systemUTC(), DaemonLiveness.DEFAULT);
      Thread stopHook = new Thread(runner::stopOnRequest, "stop-slips");
      Runtime.getRuntime().addShutdownHook(stopHook);
      try {
        return runner.run();
      } finally {
        removeHook(stopHook);
      }
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
