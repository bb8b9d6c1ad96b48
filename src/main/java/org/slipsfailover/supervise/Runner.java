package org.slipsfailover.supervise;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.ap.RunningAp;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.ServiceTimings;
import org.slipsfailover.docker.ContainerSpec;
import org.slipsfailover.docker.ContainerState;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.SlipsFolder;
import org.slipsfailover.host.UnsafePathException;
import org.slipsfailover.probe.RunnerStatus;
import org.slipsfailover.probe.SlipsProbe;
import org.slipsfailover.supervise.ProtectionEvents.Cause;

/**
 * Runs Slips while the access point runs, and fails closed: the access point is cut the moment
 * Slips stops protecting, before anything else.
 *
 * <p>The lifecycle: wait for the access point (Slips in {@code -ap} mode exits at once without
 * one); start Slips (or adopt it after a hand-over, {@link HandOverAdoption}); watch it ({@link
 * SupervisionLoop}) until it fails, which {@link FailClosedPolicy} handles; then wait for the
 * access point again. Its owner restarts it a minute or a day later and Slips comes back. A Slips
 * that fails {@link ServiceTimings#SLIPS_FAILURES_BEFORE_GIVING_UP} times in {@link
 * ServiceTimings#SLIPS_FAILURE_WINDOW} without protecting in between makes the runner give up
 * ({@link ExitCode#GAVE_UP}).
 *
 * <p>The runner feeds systemd's watchdog, also while the engine works ({@link WatchdogFedEngine});
 * a hung runner is killed and {@code ExecStopPost=} cuts. {@link #stopOnRequest()} is for the JVM's
 * shutdown hook ({@code systemctl stop}).
 */
public final class Runner {
  private static final Logger log = LoggerFactory.getLogger(Runner.class);

  private final RunnerParts parts;
  private final SlipsEngine engine;
  private final FailClosedPolicy policy;
  private final SupervisionLoop loop;
  private final HandOverAdoption adoption;
  private final PullKeepAlive images;
  private final EngineWait engineWait;
  private final PinnedImage pinned;
  private final FailureHistory failures =
      new FailureHistory(
          ServiceTimings.SLIPS_FAILURES_BEFORE_GIVING_UP, ServiceTimings.SLIPS_FAILURE_WINDOW);
  private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();

  private boolean stopping; // guarded by this: a stop request came, or the runner is done

  public Runner(RunnerParts parts) {
    this.parts = parts;
    this.engine =
        new WatchdogFedEngine(
            parts.engine(),
            parts.serviceManager(),
            parts.gate(),
            parts.clock(),
            parts.pause(),
            parts.timings().interval());
    this.policy = new FailClosedPolicy(parts, engine);
    this.pinned = new PinnedImage(parts.pins(), parts.wallClock());
    this.loop = new SupervisionLoop(parts, engine, new LoopHooks());
    this.adoption = new HandOverAdoption(parts.handOver(), engine, parts.stopGrace());
    this.images = new PullKeepAlive(engine, parts.serviceManager(), parts.clock());
    this.engineWait = new EngineWait(engine, parts);
  }

  /** Supervises Slips until a stop request, a runner error or giving up; returns the exit code. */
  public ExitCode run() {
    ContainerSpec spec = ContainerSpec.from(parts.settings());
    log.info(
        "Runner starting: Slips for {} in container '{}' from image {}",
        parts.settings().pair(),
        spec.name(),
        spec.image());
    try {
      SlipsFolder.prepare(parts.settings().slipsDir());
      images.ensureImage(pinned.peek(spec).image(), true);
    } catch (EngineException e) {
      failClosed(
          Cause.ENGINE_FAILED, () -> "Could not start Slips: " + e.getMessage(), false, false);
      return finish(ExitCode.DOCKER_UNREACHABLE);
    } catch (UnsafePathException e) {
      failClosed(
          Cause.UNSAFE_PATH,
          () -> "Refusing to start Slips: unsafe path: " + e.getMessage(),
          false,
          false);
      return finish(ExitCode.UNSAFE_PATH);
    } catch (RuntimeException e) {
      failClosed(Cause.RUNNER_ERROR, () -> "Runner error while starting Slips: " + e, false, false);
      log.error("The runner's error, for a bug report", e);
      return finish(ExitCode.INTERNAL_ERROR);
    }
    parts.gate().load();
    // Ready from here on: the runner may wait a day for the access point; STATUS= says what it
    // does.
    parts.serviceManager().ready();
    while (true) {
      if (!awaitAccessPoint()) {
        return finish(ExitCode.STOPPED_STARTING);
      }
      Outcome outcome = superviseOnce(spec);
      if (outcome == Outcome.STOPPED) {
        return finish(ExitCode.STOPPED_STARTING);
      }
      if (outcome == Outcome.RUNNER_ERROR) {
        return finish(ExitCode.INTERNAL_ERROR);
      }
      if (outcome == Outcome.UNSAFE_PATH) {
        return finish(ExitCode.UNSAFE_PATH);
      }
      if (outcome == Outcome.FAILED_PROTECTING) {
        failures.clear(); // it worked until now: not a Slips that cannot start
      } else if (failures.recordAndCheck(parts.clock().instant())) {
        log.error(
            "Slips failed to start protecting {} times within {} s while the access point ran:"
                + " giving up (the access point is cut). Find the cause above, fix it, start the"
                + " access point, then run: sudo systemctl restart slips.service",
            ServiceTimings.SLIPS_FAILURES_BEFORE_GIVING_UP,
            ServiceTimings.SLIPS_FAILURE_WINDOW.toSeconds());
        return finish(ExitCode.GAVE_UP);
      }
    }
  }

  /**
   * Waits until a create_ap of the pair serves (its hostapd runs), feeding the watchdog. Says so
   * once when it must wait. False when a stop was requested meanwhile.
   */
  private boolean awaitAccessPoint() {
    boolean said = false;
    boolean warned = false;
    while (!stopRequested.isDone()) {
      Optional<RunningAp> ap = Optional.empty();
      try {
        ap = parts.accessPoints().findServing(parts.settings().pair());
      } catch (RuntimeException e) {
        if (!warned) {
          warned = true;
          log.warn(
              "Could not look for the access point of {}: {}",
              parts.settings().pair(),
              e.toString());
        }
      }
      if (ap.isPresent()) {
        log.info(
            "Access point of {}: create_ap runs as pid {}",
            parts.settings().pair(),
            ap.get().pid());
        parts.events().accessPointUp();
        return true;
      }
      if (!said) {
        said = true;
        log.info(
            "Waiting for the access point: no create_ap runs for {}. Slips needs it to start; it"
                + " starts within a second of the access point coming up",
            parts.settings().pair());
        parts
            .serviceManager()
            .status(
                new RunnerStatus(RunnerStatus.Phase.WAITING_FOR_AP, parts.wallClock().instant())
                    .text());
      }
      parts.gate().check();
      parts.serviceManager().watchdog();
      parts.pause().pause(parts.timings().interval(), stopRequested);
    }
    return false;
  }

  /** Starts Slips once (or adopts it) and watches it until it fails (the AP then cut) or a stop. */
  private Outcome superviseOnce(ContainerSpec configured) {
    try {
      if (!engineWait.await(stopRequested)) {
        return Outcome.STOPPED;
      }
    } catch (EngineException e) {
      // No container to stop: the engine that would stop it does not answer.
      return failClosed(
              Cause.ENGINE_FAILED, () -> "Could not start Slips: " + e.getMessage(), false, false)
          ? Outcome.FAILED_STARTING
          : Outcome.STOPPED;
    }
    ContainerSpec spec = pinned.forStart(configured);
    Optional<ContainerState> adopted = adoption.adopt(spec);
    if (adopted.isPresent()) {
      return watch(spec.name(), () -> parts.probe().forContainer(adopted.get().pid()));
    }
    String id;
    SlipsProbe.Container probes;
    try {
      id = start(spec);
      if (id == null) {
        return Outcome.STOPPED;
      }
      probes = parts.probe().forContainer(engine.inspect(id).map(ContainerState::pid).orElse(0L));
    } catch (UnsafePathException e) {
      return failClosed(
              Cause.UNSAFE_PATH,
              () -> "Refusing to start Slips: unsafe path: " + e.getMessage(),
              true,
              false)
          ? Outcome.UNSAFE_PATH
          : Outcome.STOPPED;
    } catch (EngineException e) {
      return failClosed(
              Cause.ENGINE_FAILED, () -> "Could not start Slips: " + e.getMessage(), true, false)
          ? Outcome.FAILED_STARTING
          : Outcome.STOPPED;
    } catch (RuntimeException e) {
      return runnerError("Runner error while starting Slips: ", e);
    }
    return watch(id, () -> probes);
  }

  private Outcome watch(String id, Supplier<SlipsProbe.Container> probes) {
    try {
      return loop.watch(id, probes.get());
    } catch (RuntimeException e) {
      return runnerError("Runner error while watching Slips: ", e);
    }
  }

  /** Starts a fresh container; its id, or null when a stop request came first. */
  private String start(ContainerSpec spec) {
    if (engine.removeIfExists(spec.name())) {
      log.info("Removed leftover container '{}'", spec.name());
    }
    images.ensureImage(spec.image(), false);
    SlipsFolder.prepare(
        parts.settings().slipsDir()); // again at each start: a link may have been planted
    String id;
    // Under the lock that failClosed and the stop hook take: a stop either comes first (and no
    // container is made) or waits for the container to exist, and then stops it.
    synchronized (this) {
      if (stopping) {
        return null;
      }
      id = engine.createAndStart(spec);
    }
    log.info("Started container '{}' ({}): {}", spec.name(), shortId(id), spec.describe());
    parts.events().slipsStarted(spec.name());
    return id;
  }

  private Outcome runnerError(String what, RuntimeException e) {
    boolean closed = failClosed(Cause.RUNNER_ERROR, () -> what + e, true, false);
    log.error("The runner's error, for a bug report", e);
    return closed ? Outcome.RUNNER_ERROR : Outcome.STOPPED;
  }

  /**
   * For the shutdown hook: cuts the AP, stops the container gracefully and saves the rules. Does
   * nothing once the runner has finished.
   */
  public void stopOnRequest() {
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
      stopRequested.complete(null);
      if (parts.handOver().pending()) {
        // A new runner takes over Slips as it runs: no cut, no stop; only the gate closes until the
        // new runner sees Slips protect.
        parts.gate().revoke("hand-over to the new runner");
        log.info(
            "Stop requested during a hand-over (an upgrade): the gate is closed; Slips and the"
                + " access point are left running for the new runner");
      } else {
        policy.fail(
            Cause.STOP_REQUESTED, () -> "Stop requested (SIGTERM): stopping Slips", true, true);
      }
      log.info("Runner finished");
    }
  }

  /**
   * The one place where the runner fails closed ({@link FailClosedPolicy}). False, doing nothing,
   * when a stop request came first: the stop hook cuts and stops itself.
   *
   * @param mustCut cut the access point even with --keep-ap
   */
  private synchronized boolean failClosed(
      Cause cause, Supplier<String> why, boolean stopContainer, boolean mustCut) {
    if (stopping) {
      return false;
    }
    if (pinned.onTrial()) {
      // An update's new image: the previous one is started next, with the access point up.
      pinned.rollBack(policy.failUpdateTrial(cause, why, stopContainer));
    } else {
      policy.fail(cause, why, stopContainer, mustCut);
    }
    return true;
  }

  /**
   * Renews the gate's lease, under the lock the stop hook takes: a probe that was good just before
   * a stop came must not open the gate the stop hook has closed.
   */
  private synchronized void renewUnlessStopping(Instant probeStarted) {
    if (!stopping) {
      parts.gate().renew(probeStarted);
    }
  }

  /** The runner as its supervision loop sees it. */
  private final class LoopHooks implements SupervisionLoop.RunnerHooks {
    @Override
    public boolean stopRequested() {
      return stopRequested.isDone();
    }

    @Override
    public boolean failClosed(
        Cause cause, Supplier<String> why, boolean stopContainer, boolean mustCut) {
      return Runner.this.failClosed(cause, why, stopContainer, mustCut);
    }

    @Override
    public void renew(Instant probeStarted) {
      renewUnlessStopping(probeStarted);
    }

    @Override
    public void nowProtecting() {
      pinned.protecting();
    }
  }

  private ExitCode finish(ExitCode code) {
    synchronized (this) {
      stopping = true;
    }
    if (code != ExitCode.STOPPED_STARTING) {
      log.info("Runner finished (exit code {})", code.number());
    }
    parts.events().runnerEnded(code);
    return code;
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
