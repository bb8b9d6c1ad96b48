package org.slipsfailover.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.CutOutcome;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.ServiceTimings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.config.SlipsFolderNames;
import org.slipsfailover.docker.ContainerState;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.HandOver;
import org.slipsfailover.install.InstallContext;
import org.slipsfailover.supervise.CutLog;
import org.slipsfailover.supervise.RestartPolicy;
import org.slipsfailover.supervise.StartHistory;
import org.slipsfailover.units.HostFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "cut-ap",
    mixinStandardHelpOptions = true,
    description = {
      "Cut the access point of <wifi>,<eth> if it still runs; a no-op when it is down."
          + " slips.service runs this after every stop (ExecStopPost=), even when the runner was"
          + " killed.",
      "With --container-name, then stops that container if it still runs (a killed runner leaves"
          + " it behind): no Slips runs unsupervised.",
      "Logs systemd's SERVICE_RESULT, EXIT_CODE and EXIT_STATUS, and says so when systemd is about"
          + " to give up restarting a Slips that keeps dying."
    })
final class CutApCommand implements Callable<Integer> {
  static final String UNIT = HostFile.SLIPS_SERVICE.fileName();

  /**
   * Not a static field: picocli makes every command for any command line, and logging would start
   * (hundreds of classes) for --version and --help too.
   */
  private static Logger log() {
    return LoggerFactory.getLogger(CutApCommand.class);
  }

  @Parameters(
      index = "0",
      paramLabel = "<wifi>,<eth>",
      description = "The access point's interfaces, e.g. wlan0,eth0.")
  String interfaces;

  @Option(
      names = "--slips-dir",
      paramLabel = "DIR",
      description = "Also log to DIR/" + SlipsFolderNames.LOG + " (default: only stdout).")
  Path slipsDir;

  @Option(
      names = "--container-name",
      paramLabel = "NAME",
      description =
          "After the cut, stop this container if it still runs (default: leave containers alone).")
  String containerName;

  @Option(
      names = "--state-dir",
      hidden = true,
      description = "Where run keeps start times (for tests).")
  Path stateDir = RunCommand.DEFAULT_STATE_DIR;

  private final InstallContext machine;
  private final AccessPoints accessPoints;
  private final Map<String, String> environment;

  /**
   * @param accessPoints as {@code cut-ap} cuts them (left up during an uninstall)
   */
  CutApCommand(InstallContext machine, AccessPoints accessPoints, Map<String, String> environment) {
    this.machine = machine;
    this.accessPoints = accessPoints;
    this.environment = environment;
  }

  @Override
  public Integer call() {
    try {
      return cutAndReport();
    } finally {
      LogFile.flush();
    }
  }

  private int cutAndReport() {
    InterfacePair pair = InterfacePair.parse(interfaces);
    if (slipsDir != null) {
      LogFile.attach(slipsDir.toAbsolutePath().resolve(SlipsFolderNames.LOG));
    }
    String result = environment.get("SERVICE_RESULT");
    log()
        .info(
            "{} stopped: SERVICE_RESULT={} EXIT_CODE={} EXIT_STATUS={}; making sure the access"
                + " point of {} is cut",
            UNIT,
            result,
            environment.get("EXIT_CODE"),
            environment.get("EXIT_STATUS"),
            pair);
    if (HandOver.at(machine.liveRoot(), Clock.systemUTC()).pending()) {
      // The gate is closed (this unit's script did it first); the new runner adopts Slips.
      log()
          .info(
              "A hand-over to the new runner (an upgrade): the access point and Slips are left"
                  + " running; the gate stays closed until the new runner sees Slips protect");
      return ExitCode.OK.number();
    }
    CutOutcome outcome = CutLog.cut(accessPoints, pair);
    CutLog.afterStop(pair, outcome);
    if (outcome.leftUp()) {
      return ExitCode.OK.number();
    }
    if (containerName != null) {
      stopContainer(Settings.containerName(containerName));
    }
    warnWhenSystemdGivesUp(result, pair);
    return (outcome.down() ? ExitCode.OK : ExitCode.AP_MAY_BE_UP).number();
  }

  /**
   * After the cut, never before: the runner normally stopped it already, and this only matters when
   * the runner was killed (or hung and was killed by the watchdog) with Slips still running.
   */
  private void stopContainer(String name) {
    try {
      SlipsEngine engine = machine.engine().get();
      Optional<ContainerState> state = engine.inspect(name);
      if (state.isEmpty() || !state.get().running()) {
        return;
      }
      log()
          .warn(
              "Container '{}' still runs without its runner: stopping it (grace {} s)",
              name,
              ServiceTimings.CONTAINER_STOP_GRACE_SEC);
      engine.stop(name, Duration.ofSeconds(ServiceTimings.CONTAINER_STOP_GRACE_SEC));
      log().info("Container '{}' stopped", name);
    } catch (EngineException e) {
      log().error("Could not stop container '{}': {}", name, e.getMessage());
    }
  }

  /**
   * "success" is a requested stop (systemctl stop: the runner ended by SIGTERM), after which
   * systemd does not restart; after any other result it restarts, unless the start limit is hit.
   */
  private void warnWhenSystemdGivesUp(String serviceResult, InterfacePair pair) {
    if (serviceResult == null || serviceResult.equals("success")) {
      return;
    }
    Instant now = Clock.systemUTC().instant();
    List<Instant> starts = new StartHistory(stateDir).starts();
    if (RestartPolicy.restartRefused(starts, now)) {
      log()
          .error(
              "Slips keeps dying ({} starts within {} s), so systemd gives up restarting {}. The"
                  + " access point of {} is cut and stays down. Find the cause above or with"
                  + " 'journalctl -u {}', fix it, then run: sudo systemctl reset-failed {} && sudo"
                  + " systemctl start {}",
              ServiceTimings.START_LIMIT_BURST,
              ServiceTimings.START_LIMIT_INTERVAL_SEC,
              UNIT,
              pair,
              UNIT,
              UNIT,
              UNIT);
    }
  }
}
