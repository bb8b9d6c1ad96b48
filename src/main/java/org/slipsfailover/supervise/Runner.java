package org.slipsfailover.supervise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.CutOutcome;
import org.slipsfailover.ap.RunningAp;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.config.ServiceTimings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.ContainerEnd;
import org.slipsfailover.docker.ContainerSpec;
import org.slipsfailover.docker.ContainerState;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.DaemonThreads;
import org.slipsfailover.host.HandOver;
import org.slipsfailover.host.SlipsFolder;
import org.slipsfailover.host.UnsafePathException;
import org.slipsfailover.probe.ProbeReport;
import org.slipsfailover.probe.RunnerStatus;
import org.slipsfailover.probe.SlipsProbe;

/**
 * Runs Slips while the access point runs, and fails closed: the access point is cut the moment
 * Slips stops protecting, before anything else.
 *
 * <p>The loop: wait for the access point (Slips in {@code -ap} mode exits at once without one);
 * start Slips; probe it every second ({@link SlipsProbe}): "starting" until the first good probe,
 * then "protecting". The container's end (the engine's wait), a few failed probes in a row, or a
 * start that never protects: cut the access point, log why, stop the container, save the rules, and
 * wait for the access point again. Its owner restarts it a minute or a day later and Slips comes
 * back. A Slips that fails {@link ServiceTimings#SLIPS_FAILURES_BEFORE_GIVING_UP} times in {@link
 * ServiceTimings#SLIPS_FAILURE_WINDOW_SEC} s without protecting in between makes the runner give up
 * ({@link ExitCode#GAVE_UP}).
 *
 * <p>The loop feeds systemd's watchdog; a hung runner is killed and {@code ExecStopPost=} cuts.
 * {@link #stopOnRequest()} is for the JVM's shutdown hook ({@code systemctl stop}).
 */
public final class Runner {
  static final Duration PULL_TICK = Duration.ofSeconds(2);
  static final Duration PULL_EXTEND_BY = Duration.ofSeconds(60);

  /** A pull silent this long is stuck: stop extending, and let systemd's start timeout end it. */
  static final Duration PULL_STALL = Duration.ofMinutes(3);

  /** While starting, a line on what is still missing this often (a Pi takes about 30 s). */
  static final Duration STARTING_REPORT = Duration.ofSeconds(15);

  /**
   * How long, after the cut, the engine may take to say why a container whose process is gone
   * ended.
   */
  static final Duration ENGINE_CATCH_UP = Duration.ofSeconds(3);

  /** How much longer than the grace a stop may take before the runner moves on. */
  static final Duration STOP_SLACK = Duration.ofSeconds(15);

  /**
   * How long a container's removal, or its creation and start, may take before it counts as hung.
   */
  static final Duration ENGINE_CALL_LIMIT = Duration.ofSeconds(120);

  /** Real time an engine call gets to answer before the runner starts feeding the watchdog. */
  private static final Duration QUICK_ENGINE_ANSWER = Duration.ofMillis(200);

  /** With --keep-ap, this many failures within {@link #KEEP_AP_WINDOW} cut the access point. */
  static final int KEEP_AP_FAILURES = 3;

  static final Duration KEEP_AP_WINDOW = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(Runner.class);

  private final Settings settings;
  private final SlipsEngine engine;
  private final AccessPoints accessPoints;
  private final RulesSaver rules;
  private final ServiceManager serviceManager;
  private final Duration stopGrace;
  // Times waits, deadlines and failures; monotonic in production, so that the wall clock set from
  // the network after boot (a Pi has no battery clock) neither ends a wait early nor stretches one.
  private final Clock clock;
  // Only for the date people read in the status line.
  private final Clock wallClock;
  private final DaemonLiveness liveness;
  private final SlipsProbe probe;
  private final ProbeTimings timings;
  private final Pause pause;
  private final FailureHistory failures =
      new FailureHistory(
          ServiceTimings.SLIPS_FAILURES_BEFORE_GIVING_UP,
          Duration.ofSeconds(ServiceTimings.SLIPS_FAILURE_WINDOW_SEC));
  private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();

  private boolean stopping; // guarded by this: a stop request came, or the runner is done
  private volatile GateHold gate = GateHold.none();
  private HandOver handOver = HandOver.none();

  /** Whether this runner's first start looked for a hand-over (only the first one may adopt). */
  private boolean adoptionAsked;

  /** With --keep-ap: failures that left the access point up; too many within the window cut it. */
  private final FailureHistory keptApFailures =
      new FailureHistory(KEEP_AP_FAILURES, KEEP_AP_WINDOW);

  public Runner(
      Settings settings,
      SlipsEngine engine,
      AccessPoints accessPoints,
      RulesSaver rules,
      ServiceManager serviceManager,
      Duration stopGrace,
      Clock clock,
      Clock wallClock,
      DaemonLiveness liveness,
      SlipsProbe probe,
      ProbeTimings timings) {
    this(
        settings,
        engine,
        accessPoints,
        rules,
        serviceManager,
        stopGrace,
        clock,
        wallClock,
        liveness,
        probe,
        timings,
        Pause.real());
  }

  Runner(
      Settings settings,
      SlipsEngine engine,
      AccessPoints accessPoints,
      RulesSaver rules,
      ServiceManager serviceManager,
      Duration stopGrace,
      Clock clock,
      Clock wallClock,
      DaemonLiveness liveness,
      SlipsProbe probe,
      ProbeTimings timings,
      Pause pause) {
    this.settings = settings;
    this.engine = engine;
    this.accessPoints = accessPoints;
    this.rules = rules;
    this.serviceManager = serviceManager;
    this.stopGrace = stopGrace;
    this.clock = clock;
    this.wallClock = wallClock;
    this.liveness = liveness;
    this.probe = probe;
    this.timings = timings;
    this.pause = pause;
  }

  /**
   * Puts the gate under this runner: loaded closed at start, renewed after each good probe, revoked
   * first on every failure and stop, checked every probe interval. Call before {@link #run()}.
   */
  public Runner gatedBy(GateHold gate) {
    this.gate = gate;
    return this;
  }

  /**
   * Takes part in hand-overs (package upgrades): stopping during one leaves Slips and the access
   * point up with the gate closed; starting after one adopts the running Slips. Call before {@link
   * #run()}.
   */
  public Runner handingOver(HandOver handOver) {
    this.handOver = handOver;
    return this;
  }

  /** What one start of Slips came to. */
  private enum Outcome {
    /**
     * Slips failed before it ever protected (the AP cut): a broken image or configuration looks so.
     */
    FAILED_STARTING,
    /** Slips protected, then failed (the AP cut). */
    FAILED_PROTECTING,
    STOPPED,
    RUNNER_ERROR,
    /** The Slips folder became unsafe (a link planted since the start): Slips is not started. */
    UNSAFE_PATH
  }

  /** Supervises Slips until a stop request, a runner error or giving up; returns the exit code. */
  public ExitCode run() {
    ContainerSpec spec = ContainerSpec.from(settings);
    log.info(
        "Runner starting: Slips for {} in container '{}' from image {}",
        settings.pair(),
        spec.name(),
        spec.image());
    try {
      createOutputDir();
      ensureImage(spec.image(), true);
    } catch (EngineException e) {
      failClosed(() -> "Could not start Slips: " + e.getMessage(), false);
      return finish(ExitCode.DOCKER_UNREACHABLE);
    } catch (UnsafePathException e) {
      failClosed(() -> "Refusing to start Slips: unsafe path: " + e.getMessage(), false);
      return finish(ExitCode.UNSAFE_PATH);
    } catch (RuntimeException e) {
      failClosed(() -> "Runner error while starting Slips: " + e, false);
      log.error("The runner's error, for a bug report", e);
      return finish(ExitCode.INTERNAL_ERROR);
    }
    gate.load();
    // Ready from here on: the runner may wait a day for the access point; STATUS= says what it
    // does.
    serviceManager.ready();
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
      } else if (failures.recordAndCheck(clock.instant())) {
        log.error(
            "Slips failed to start protecting {} times within {} s while the access point ran:"
                + " giving up (the access point is cut). Find the cause above, fix it, start the"
                + " access point, then run: sudo systemctl restart slips.service",
            ServiceTimings.SLIPS_FAILURES_BEFORE_GIVING_UP,
            ServiceTimings.SLIPS_FAILURE_WINDOW_SEC);
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
        ap = accessPoints.findServing(settings.pair());
      } catch (RuntimeException e) {
        if (!warned) {
          warned = true;
          log.warn("Could not look for the access point of {}: {}", settings.pair(), e.toString());
        }
      }
      if (ap.isPresent()) {
        log.info("Access point of {}: create_ap runs as pid {}", settings.pair(), ap.get().pid());
        return true;
      }
      if (!said) {
        said = true;
        log.info(
            "Waiting for the access point: no create_ap runs for {}. Slips needs it to start; it"
                + " starts within a second of the access point coming up",
            settings.pair());
        status(RunnerStatus.Phase.WAITING_FOR_AP);
      }
      gate.check();
      serviceManager.watchdog();
      pause.pause(timings.interval(), stopRequested);
    }
    return false;
  }

  /** Starts Slips once and supervises it until it fails (the AP then cut) or a stop comes. */
  private Outcome superviseOnce(ContainerSpec spec) {
    String id;
    SlipsProbe.Container probes;
    Optional<ContainerState> adopted = adoptAfterHandOver(spec);
    if (adopted.isPresent()) {
      try {
        return watch(spec.name(), probe.forContainer(adopted.get().pid()));
      } catch (RuntimeException e) {
        boolean closed = failClosed(() -> "Runner error while watching Slips: " + e, true);
        log.error("The runner's error, for a bug report", e);
        return closed ? Outcome.RUNNER_ERROR : Outcome.STOPPED;
      }
    }
    try {
      if (whileFeedingWatchdog(
          "remove the old container", () -> engine.removeIfExists(spec.name()))) {
        log.info("Removed leftover container '{}'", spec.name());
      }
      ensureImage(spec.image(), false);
      createOutputDir(); // again at each start: a link may have been planted meanwhile
      // Under the lock that failClosed and the stop hook take: a stop either comes first (and no
      // container is made) or waits for the container to exist, and then stops it.
      synchronized (this) {
        if (stopping) {
          return Outcome.STOPPED;
        }
        id =
            whileFeedingWatchdog(
                "create and start the container", () -> engine.createAndStart(spec));
      }
      log.info("Started container '{}' ({}): {}", spec.name(), shortId(id), describe(spec));
      probes = probe.forContainer(engine.inspect(id).map(ContainerState::pid).orElse(0L));
    } catch (UnsafePathException e) {
      return failClosed(() -> "Refusing to start Slips: unsafe path: " + e.getMessage(), true)
          ? Outcome.UNSAFE_PATH
          : Outcome.STOPPED;
    } catch (EngineException e) {
      return failClosed(() -> "Could not start Slips: " + e.getMessage(), true)
          ? Outcome.FAILED_STARTING
          : Outcome.STOPPED;
    } catch (RuntimeException e) {
      boolean closed = failClosed(() -> "Runner error while starting Slips: " + e, true);
      log.error("The runner's error, for a bug report", e);
      return closed ? Outcome.RUNNER_ERROR : Outcome.STOPPED;
    }
    try {
      return watch(id, probes);
    } catch (RuntimeException e) {
      boolean closed = failClosed(() -> "Runner error while watching Slips: " + e, true);
      log.error("The runner's error, for a bug report", e);
      return closed ? Outcome.RUNNER_ERROR : Outcome.STOPPED;
    }
  }

  /**
   * After a hand-over (once per runner): the Slips container the previous runner left running, if
   * it runs the image this runner would start. It is watched as a fresh start: the gate, closed by
   * the previous runner, opens at its first good probe; no protection within the start limit cuts.
   */
  private Optional<ContainerState> adoptAfterHandOver(ContainerSpec spec) {
    if (adoptionAsked) {
      return Optional.empty();
    }
    adoptionAsked = true;
    // The mark stays for this runner's own stop only if a new install marks it again.
    if (!handOver.take()) {
      return Optional.empty();
    }
    try {
      Optional<ContainerState> running =
          engine
              .inspect(spec.name())
              .filter(c -> c.running() && c.image().equals(spec.image()) && c.pid() > 0);
      if (running.isPresent()) {
        log.info(
            "Hand-over: adopting the running container '{}' (pid {}); the gate opens once it"
                + " protects",
            spec.name(),
            running.get().pid());
      } else {
        log.info(
            "Hand-over: no running container '{}' from {} to adopt; starting Slips",
            spec.name(),
            spec.image());
      }
      return running;
    } catch (EngineException e) {
      log.warn(
          "Hand-over: could not inspect container '{}' ({}); starting Slips",
          spec.name(),
          e.getMessage());
      return Optional.empty();
    }
  }

  /** The supervision loop of one container: the engine's wait for its end, and the probes. */
  private Outcome watch(String id, SlipsProbe.Container probes) {
    CompletableFuture<ContainerEnd> ended = watchForEnd(id);
    Instant startedAt = clock.instant();
    ProtectionTracker tracker = new ProtectionTracker(timings, startedAt);
    Instant nextStartingReport = startedAt.plus(STARTING_REPORT);
    status(RunnerStatus.Phase.STARTING);
    log.info(
        "Slips is starting; it protects once its container, Redis and a Zeek per interface answer");
    CompletableFuture<Void> processEnded = new CompletableFuture<>();
    while (true) {
      if (stopRequested.isDone()) {
        return Outcome.STOPPED; // the stop hook cuts and stops the container
      }
      if (ended.isDone() || probes.gone()) {
        // Cut first; ask the engine for details (OOM, removal) only once the AP is down.
        return outcome(failClosed(() -> whyEnded(id, ended), false), tracker);
      }
      if (processEnded.isDone()) {
        // A Zeek the probes found has ended, or Redis went silent: Slips is blind. The gate first,
        // then the probe, which says which.
        gate.revoke("a process of Slips ended or its Redis stopped answering");
      }
      Instant probedAt = clock.instant();
      ProbeReport report = probes.probe();
      Instant now = clock.instant();
      switch (tracker.judge(report, now)) {
        case NOW_PROTECTING -> {
          onProtecting(report, probedAt);
          log.info("Slips protects: {}", summary(report));
          status(RunnerStatus.Phase.PROTECTING);
        }
        case PROTECTING -> onProtecting(report, probedAt);
        case STARTING -> {
          if (!now.isBefore(nextStartingReport)) {
            nextStartingReport = now.plus(STARTING_REPORT);
            log.info(
                "Slips is still starting ({} s): {}",
                Duration.between(startedAt, now).toSeconds(),
                report.failures());
          }
        }
        case MISSED -> {
          // The gate closes at the first failed probe: Slips does not protect right now. Only the
          // access point's cut waits for more misses in a row (a good probe opens the gate again).
          gate.revoke("a probe failed");
          log.warn(
              "Probe failed ({} of {} in a row): {}",
              tracker.missesInARow(),
              timings.failuresInARow(),
              report.failures());
        }
        case LOST -> {
          return outcome(
              failClosed(
                  () ->
                      "Slips stopped protecting ("
                          + timings.failuresInARow()
                          + " probes in a row failed): "
                          + report.failures(),
                  true),
              tracker);
        }
        case NEVER_PROTECTED -> {
          // Bounded even with --keep-ap: a Slips that does not come back gets the AP cut.
          return outcome(
              failClosed(
                  () ->
                      "Slips did not start protecting within "
                          + timings.protectWithin().toSeconds()
                          + " s: "
                          + report.failures(),
                  true,
                  true),
              tracker);
        }
      }
      gate.check();
      serviceManager.watchdog();
      // A probe a second, however long the probe took (a frozen Redis takes its whole timeout);
      // at once when the container's first process or a Zeek ends (the kernel says so).
      Duration left = Duration.between(clock.instant(), probedAt.plus(timings.interval()));
      processEnded = probes.nextEnd();
      pause.pause(
          left.isNegative() ? Duration.ZERO : left, CompletableFuture.anyOf(ended, processEnded));
    }
  }

  /**
   * Why the container ended, as the engine tells once it answers its wait. When the probes saw the
   * container's first process gone before that, its answer follows within moments.
   */
  private String whyEnded(String id, CompletableFuture<ContainerEnd> ended) {
    try {
      ContainerEnd end = ended.get(ENGINE_CATCH_UP.toMillis(), TimeUnit.MILLISECONDS);
      return engine.explain(id, end).describe();
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      return "Slips container ended: its first process is gone (the engine has not said why yet)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "Slips container ended: its first process is gone";
    }
  }

  /** The one place where a probe is judged good: Slips protects right now. */
  private void onProtecting(ProbeReport report, Instant probeStarted) {
    gate.renew(probeStarted);
  }

  private static Outcome outcome(boolean closed, ProtectionTracker tracker) {
    if (!closed) {
      return Outcome.STOPPED;
    }
    return tracker.protectingSince().isPresent()
        ? Outcome.FAILED_PROTECTING
        : Outcome.FAILED_STARTING;
  }

  /**
   * The engine's wait, raced against {@link DaemonLiveness}: whichever says first that the
   * container ended. The wait runs on its own daemon thread, which a hung daemon may keep forever.
   */
  private CompletableFuture<ContainerEnd> watchForEnd(String containerId) {
    CompletableFuture<ContainerEnd> ended = new CompletableFuture<>();
    DaemonThreads.start(
        "slips-wait",
        () -> {
          try {
            ended.complete(engine.awaitEnd(containerId));
          } catch (RuntimeException e) {
            ended.completeExceptionally(e);
          }
        });
    liveness.watch(engine, ended);
    return ended;
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
      if (handOver.pending()) {
        // A new runner takes over Slips as it runs: no cut, no stop; only the gate closes until the
        // new runner sees Slips protect.
        gate.revoke("hand-over to the new runner");
        log.info(
            "Stop requested during a hand-over (an upgrade): the gate is closed; Slips and the"
                + " access point are left running for the new runner");
      } else {
        cutLogStopSave(() -> "Stop requested (SIGTERM): stopping Slips", true);
      }
      log.info("Runner finished");
    }
  }

  private ExitCode finish(ExitCode code) {
    synchronized (this) {
      stopping = true;
    }
    if (code != ExitCode.STOPPED_STARTING) {
      log.info("Runner finished (exit code {})", code.number());
    }
    return code;
  }

  /**
   * An engine call that can outlast {@code WatchdogSec=} on a Pi (creating a container of a 5 GB
   * image on an SD card takes seconds; under load, over 10 s were seen in the smoke test): it runs
   * on a thread of its own while this one feeds the watchdog, up to {@link #ENGINE_CALL_LIMIT}. A
   * daemon that does not answer by then is an {@link EngineException}: the caller fails closed, as
   * the watchdog would have. The gate stays closed throughout: nothing renews it before a good
   * probe.
   */
  private <T> T whileFeedingWatchdog(String what, Supplier<T> call) {
    CompletableFuture<T> done =
        CompletableFuture.supplyAsync(call, DaemonThreads.eachOnItsOwn("slips-engine-call"));
    try {
      // Most calls answer at once: no watchdog round for them.
      done.get(QUICK_ENGINE_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      // slow: fed below; failed: thrown below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Instant deadline = clock.instant().plus(ENGINE_CALL_LIMIT);
    while (!done.isDone() && clock.instant().isBefore(deadline)) {
      serviceManager.watchdog();
      pause.pause(timings.interval(), done);
    }
    if (!done.isDone()) {
      throw new EngineException(
          "the Docker engine did not " + what + " within " + ENGINE_CALL_LIMIT.toSeconds() + " s",
          null);
    }
    try {
      return done.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Checks the Slips folder, its log and output/ (no link followed), and creates output/. */
  private void createOutputDir() {
    SlipsFolder.prepare(settings.slipsDir());
  }

  /**
   * Pulls the image when it is not here. Before the runner is ready (the first time), the start
   * timeout is extended while the pull progresses; later, the watchdog is fed instead.
   */
  private void ensureImage(String image, boolean beforeReady) {
    if (engine.imagePresent(image)) {
      return;
    }
    log.info("Image {} is not here; pulling it", image);
    PullReport report = new PullReport(image, clock);
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("pull-keepalive"));
    Runnable keepAlive = () -> keepAlive(report, beforeReady);
    keepAlive.run();
    ticker.scheduleAtFixedRate(
        keepAlive, PULL_TICK.toMillis(), PULL_TICK.toMillis(), TimeUnit.MILLISECONDS);
    try {
      engine.pull(image, report::accept);
    } finally {
      ticker.shutdownNow();
    }
    log.info("Pulled image {}", image);
  }

  /** While a pull makes progress, it is the supervision: a stalled one lets systemd end us. */
  private void keepAlive(PullReport report, boolean beforeReady) {
    if (report.stalled(PULL_STALL)) {
      log.warn(
          "Pull of {} made no progress for {} s; no longer keeping the runner alive",
          settings.image(),
          PULL_STALL.toSeconds());
      return;
    }
    if (beforeReady) {
      serviceManager.extendStartTimeout(PULL_EXTEND_BY);
    } else {
      serviceManager.watchdog();
    }
  }

  /**
   * The one place where the runner fails closed: cuts the access point, then logs why, then stops
   * the container (Slips is dead or blind: a new one replaces it), then saves the rules. False,
   * doing nothing, when a stop request came first: the stop hook cuts and stops itself.
   */
  private synchronized boolean failClosed(Supplier<String> why, boolean stopContainer) {
    return failClosed(why, stopContainer, false);
  }

  /**
   * @param mustCut cut the access point even with --keep-ap
   */
  private synchronized boolean failClosed(
      Supplier<String> why, boolean stopContainer, boolean mustCut) {
    if (stopping) {
      return false;
    }
    cutLogStopSave(why, stopContainer, mustCut);
    return true;
  }

  private void cutLogStopSave(Supplier<String> why, boolean stopContainer) {
    cutLogStopSave(why, stopContainer, true);
  }

  private void cutLogStopSave(Supplier<String> why, boolean stopContainer, boolean mustCut) {
    // The gate first: a kernel drop within a millisecond or two; the cut takes tens.
    gate.revoke("Slips does not protect (the reason follows in the log)");
    boolean keepAp =
        settings.keepAp() && !mustCut && !keptApFailures.recordAndCheck(clock.instant());
    Instant before = clock.instant();
    CutOutcome cut = keepAp ? null : CutLog.cut(accessPoints, settings.pair());
    Duration took = Duration.between(before, clock.instant());
    String reason;
    try {
      reason = why.get();
    } catch (RuntimeException e) {
      reason = "Slips container ended (the reason is unknown: " + e.getMessage() + ")";
    }
    log.error("{}", reason);
    if (keepAp) {
      log.warn(
          "Access point of {} left up (--keep-ap): the gate keeps its clients off the Internet;"
              + " Slips is started again now",
          settings.pair());
    } else {
      if (settings.keepAp() && !mustCut) {
        log.error(
            "Slips failed {} times within {} min with --keep-ap: cutting the access point",
            KEEP_AP_FAILURES,
            KEEP_AP_WINDOW.toMinutes());
      }
      CutLog.onFailure(settings.pair(), cut, took);
    }
    if (stopContainer) {
      stopContainer();
    }
    RulesSaver.Saved saved = rules.save();
    if (saved.ok()) {
      log.info("{}", capitalize(saved.how()));
    } else {
      log.error("{}", capitalize(saved.how()));
    }
  }

  /**
   * Stops the container (Ctrl-C, then SIGKILL after the grace). The stop runs on a thread of its
   * own while this one keeps the watchdog fed, up to a deadline: the grace is longer than {@code
   * WatchdogSec=}, and a hung daemon must not hang the runner. A container left behind is removed
   * before the next start.
   */
  private void stopContainer() {
    String name = settings.containerName();
    log.info("Stopping container '{}' (grace {} s)", name, stopGrace.toSeconds());
    CompletableFuture<Void> stopped =
        CompletableFuture.runAsync(
            () -> engine.stop(name, stopGrace), DaemonThreads.eachOnItsOwn("slips-stop"));
    Instant deadline = clock.instant().plus(stopGrace).plus(STOP_SLACK);
    while (!stopped.isDone() && clock.instant().isBefore(deadline)) {
      serviceManager.watchdog();
      pause.pause(timings.interval(), stopped);
    }
    if (!stopped.isDone()) {
      log.error(
          "Could not stop container '{}': no answer within {} s",
          name,
          stopGrace.plus(STOP_SLACK).toSeconds());
      return;
    }
    try {
      stopped.join();
      log.info("Container '{}' stopped", name);
    } catch (java.util.concurrent.CompletionException e) {
      log.error(
          "Could not stop container '{}': {}",
          name,
          e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
    }
  }

  private void status(RunnerStatus.Phase phase) {
    serviceManager.status(new RunnerStatus(phase, wallClock.instant()).text());
  }

  private static String summary(ProbeReport report) {
    StringBuilder s = new StringBuilder();
    report.checks().forEach(c -> s.append(s.length() == 0 ? "" : "; ").append(c.describe()));
    return s.toString();
  }

  private static String describe(ContainerSpec spec) {
    return "image "
        + spec.image()
        + ", host network, cpu-shares "
        + spec.cpuShares()
        + ", memory and memory-swap "
        + spec.memory()
        + ", shm "
        + spec.shmSize()
        + ", cap NET_ADMIN, tty, open stdin, "
        + spec.hostOutputDir()
        + " mounted at "
        + spec.containerOutputDir()
        + ", command "
        + spec.command();
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  private static String capitalize(String line) {
    return line.isEmpty() ? line : Character.toUpperCase(line.charAt(0)) + line.substring(1);
  }
}
