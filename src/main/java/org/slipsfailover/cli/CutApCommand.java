package org.slipsfailover.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.SlipsFolderNames;
import org.slipsfailover.notify.AfterStopNotice;
import org.slipsfailover.supervise.AfterStop;
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

  private final AfterStop afterStop;
  private final AfterStopNotice notice;
  private final Map<String, String> environment;

  CutApCommand(AfterStop afterStop, AfterStopNotice notice, Map<String, String> environment) {
    this.afterStop = afterStop;
    this.notice = notice;
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
    StartHistory starts = new StartHistory(stateDir);
    ExitCode code = afterStop.check(pair, Optional.ofNullable(containerName), result, starts);
    // After the cut, never before; the sending itself is another unit's, started without waiting.
    try {
      // systemd restarts no more: its start limit, or the runner gave up by itself (exit 5, which
      // the unit's RestartPreventExitStatus= keeps from a restart).
      boolean gaveUp =
          result != null
              && !result.equals("success")
              && (AfterStopNotice.runnerGaveUp(environment.get("EXIT_STATUS"))
                  || RestartPolicy.restartRefused(starts.starts(), Instant.now()));
      notice.afterStop(result, environment.get("EXIT_STATUS"), gaveUp, code == ExitCode.OK);
    } catch (RuntimeException e) {
      log().warn("Notifications: {}", e.getMessage());
    }
    return code.number();
  }
}
