package org.slipsfailover.supervise;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.CutOutcome;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.ServiceTimings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.ContainerState;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.HandOver;

/**
 * What {@code cut-ap} does after every stop of the service (systemd's {@code ExecStopPost=}), even
 * when the runner was killed: the access point cut unless a hand-over is under way, a container
 * left without its runner stopped, and a warning when systemd is about to give up restarting.
 *
 * @param accessPoints as {@code cut-ap} cuts them (left up during an uninstall)
 * @param engine asked only when there is a container to look at
 * @param unit the service's unit name, for the messages
 */
public record AfterStop(
    AccessPoints accessPoints,
    Supplier<SlipsEngine> engine,
    HandOver handOver,
    Clock wallClock,
    String unit) {
  private static final Logger log = LoggerFactory.getLogger(AfterStop.class);

  /**
   * @param containerName the container to stop if it still runs (as given: checked after the cut),
   *     or empty to leave containers alone
   * @param serviceResult systemd's {@code SERVICE_RESULT}, or null
   * @param starts the runner's recent starts
   */
  public ExitCode check(
      InterfacePair pair,
      Optional<String> containerName,
      String serviceResult,
      StartHistory starts) {
    if (handOver.pending()) {
      // The gate is closed (this unit's script did it first); the new runner adopts Slips.
      log.info(
          "A hand-over to the new runner (an upgrade): the access point and Slips are left running;"
              + " the gate stays closed until the new runner sees Slips protect");
      return ExitCode.OK;
    }
    CutOutcome outcome = CutLog.cut(accessPoints, pair);
    CutLog.afterStop(pair, outcome);
    if (outcome.leftUp()) {
      return ExitCode.OK;
    }
    // Checked only now: a name that is bad input must not keep the access point up.
    containerName.map(Settings::containerName).ifPresent(this::stopContainer);
    warnWhenSystemdGivesUp(serviceResult, pair, starts);
    return outcome.down() ? ExitCode.OK : ExitCode.AP_MAY_BE_UP;
  }

  /**
   * After the cut, never before: the runner normally stopped it already, and this only matters when
   * the runner was killed (or hung and was killed by the watchdog) with Slips still running.
   */
  private void stopContainer(String name) {
    try {
      SlipsEngine docker = engine.get();
      Optional<ContainerState> state = docker.inspect(name);
      if (state.isEmpty() || !state.get().running()) {
        return;
      }
      log.warn(
          "Container '{}' still runs without its runner: stopping it (grace {} s)",
          name,
          ServiceTimings.CONTAINER_STOP_GRACE.toSeconds());
      docker.stop(name, ServiceTimings.CONTAINER_STOP_GRACE);
      log.info("Container '{}' stopped", name);
    } catch (EngineException e) {
      log.error("Could not stop container '{}': {}", name, e.getMessage());
    }
  }

  /**
   * "success" is a requested stop (systemctl stop: the runner ended by SIGTERM), after which
   * systemd does not restart; after any other result it restarts, unless the start limit is hit.
   */
  private void warnWhenSystemdGivesUp(
      String serviceResult, InterfacePair pair, StartHistory history) {
    if (serviceResult == null || serviceResult.equals("success")) {
      return;
    }
    Instant now = wallClock.instant();
    List<Instant> starts = history.starts();
    if (RestartPolicy.restartRefused(starts, now)) {
      log.error(
          "Slips keeps dying ({} starts within {} s), so systemd gives up restarting {}. The access"
              + " point of {} is cut and stays down. Find the cause above or with 'journalctl -u"
              + " {}', fix it, then run: sudo systemctl reset-failed {} && sudo systemctl start {}",
          ServiceTimings.START_LIMIT_BURST,
          ServiceTimings.START_LIMIT_INTERVAL.toSeconds(),
          unit,
          pair,
          unit,
          unit,
          unit);
    }
  }
}
