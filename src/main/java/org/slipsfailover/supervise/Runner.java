package org.slipsfailover.supervise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.CutOutcome;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.ContainerEnd;
import org.slipsfailover.docker.ContainerSpec;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.SlipsFolder;
import org.slipsfailover.host.UnsafePathException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Slips and fails closed: starts the container, waits for the engine to say it ended, and then
 * cuts the access point before anything else, whatever the reason (exit, crash, OOM, kill, removal,
 * daemon gone, or the runner's own error). It then logs why, saves the iptables rules and returns
 * a non-zero exit code so that systemd starts a fresh runner, which brings Slips back. The access
 * point stays down until its owner restarts it.
 *
 * <p>{@link #stopOnRequest()} is for the JVM's shutdown hook ({@code systemctl stop}): it cuts the
 * access point, stops the container within the grace period, and saves the rules.
 */
public final class Runner {
  /** Slips' container ended (exit, crash, OOM, kill, removal); the AP is cut. */
  public static final int EXIT_SLIPS_ENDED = 1;
  /** The engine could not be reached or refused to start or watch Slips; the AP is cut. */
  public static final int EXIT_ENGINE_ERROR = 3;
  /** The runner itself failed (a bug); the AP is cut. */
  public static final int EXIT_RUNNER_ERROR = 4;
  /** The Slips folder, its output/ or its log is a path root must not use; the AP is cut. */
  public static final int EXIT_UNSAFE_PATH = 5;

  static final Duration PULL_TICK = Duration.ofSeconds(20);
  static final Duration PULL_EXTEND_BY = Duration.ofSeconds(60);
  /** A pull silent this long is stuck: stop extending, and let systemd's start timeout end it. */
  static final Duration PULL_STALL = Duration.ofMinutes(3);

  private static final Logger log = LoggerFactory.getLogger(Runner.class);

  private final Settings settings;
  private final SlipsEngine engine;
  private final AccessPoints accessPoints;
  private final RulesSaver rules;
  private final ServiceManager serviceManager;
  private final Duration stopGrace;
  private final Clock clock;
  private final DaemonLiveness liveness;

  private boolean failedClosed; // guarded by this

  public Runner(
      Settings settings,
      SlipsEngine engine,
      AccessPoints accessPoints,
      RulesSaver rules,
      ServiceManager serviceManager,
      Duration stopGrace,
      Clock clock,
      DaemonLiveness liveness) {
    this.settings = settings;
    this.engine = engine;
    this.accessPoints = accessPoints;
    this.rules = rules;
    this.serviceManager = serviceManager;
    this.stopGrace = stopGrace;
    this.clock = clock;
    this.liveness = liveness;
  }

  /** Starts Slips and watches it until it ends; returns the process exit code. */
  public int run() {
    ContainerSpec spec = ContainerSpec.from(settings);
    log.info(
        "Runner starting: Slips for {} in container '{}' from image {}",
        settings.pair(), spec.name(), spec.image());
    reportAccessPoint();
    String containerId;
    try {
      containerId = start(spec);
    } catch (EngineException e) {
      failClosed(() -> "Could not start Slips: " + e.getMessage(), false);
      return EXIT_ENGINE_ERROR;
    } catch (UnsafePathException e) {
      failClosed(() -> "Refusing to start Slips: unsafe path: " + e.getMessage(), false);
      return EXIT_UNSAFE_PATH;
    } catch (RuntimeException e) {
      failClosed(() -> "Runner error while starting Slips: " + e, false);
      log.error("The runner's error, for a bug report", e); // after the cut: a stack trace is slow
      return EXIT_RUNNER_ERROR;
    }
    if (containerId == null) {
      return EXIT_SLIPS_ENDED; // stop requested mid-start; the stop hook has failed closed
    }
    try {
      ContainerEnd end = awaitEndOrHungDaemon(containerId);
      // Cut first; ask the engine for details (OOM, removal) only once the AP is down.
      failClosed(() -> engine.explain(containerId, end).describe(), false);
      return end.reason() == ContainerEnd.Reason.DAEMON_UNREACHABLE
          ? EXIT_ENGINE_ERROR
          : EXIT_SLIPS_ENDED;
    } catch (RuntimeException e) {
      failClosed(() -> "Runner error while watching Slips: " + e, true);
      log.error("The runner's error, for a bug report", e);
      return EXIT_RUNNER_ERROR;
    }
  }

  /**
   * The engine's wait, raced against {@link DaemonLiveness}: whichever says first that Slips no
   * longer protects. The wait runs on its own daemon thread, which a hung daemon may keep forever.
   */
  private ContainerEnd awaitEndOrHungDaemon(String containerId) {
    CompletableFuture<ContainerEnd> ended = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      try {
        ended.complete(engine.awaitEnd(containerId));
      } catch (RuntimeException e) {
        ended.completeExceptionally(e);
      }
    }, "slips-wait");
    waiter.setDaemon(true);
    waiter.start();
    liveness.watch(engine, ended);
    try {
      return ended.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * For the shutdown hook: cuts the AP, stops the container gracefully and saves the rules. Does
   * nothing when the runner already failed closed (it also runs on the runner's own exit).
   */
  public void stopOnRequest() {
    failClosed(() -> "Stop requested (SIGTERM): stopping Slips", true);
  }

  /** Returns the container id, or null when a stop was requested before the container started. */
  private String start(ContainerSpec spec) {
    createOutputDir();
    if (engine.removeIfExists(spec.name())) {
      log.info("Removed leftover container '{}'", spec.name());
    }
    ensureImage(spec.image());
    String id;
    // Under the lock that failClosed takes: a stop hook either comes first (and no container is
    // made) or waits for the container to exist, and then stops it. No orphan either way.
    synchronized (this) {
      if (failedClosed) {
        return null;
      }
      id = engine.createAndStart(spec);
    }
    log.info("Started container '{}' ({}): {}", spec.name(), shortId(id), describe(spec));
    serviceManager.ready();
    log.info("Slips is running; the access point is cut the moment its container ends");
    return id;
  }

  /** Checks the Slips folder, its log and output/ (no link followed), and creates output/. */
  private void createOutputDir() {
    SlipsFolder.prepare(settings.slipsDir());
  }

  private void reportAccessPoint() {
    try {
      accessPoints
          .find(settings.pair())
          .ifPresentOrElse(
              ap -> log.info("Access point of {}: create_ap runs as pid {}", settings.pair(), ap.pid()),
              () -> log.warn(
                  "No create_ap runs for {}: clients have no access point until its owner starts it",
                  settings.pair()));
    } catch (RuntimeException e) {
      log.warn("Could not look for the access point of {}: {}", settings.pair(), e.toString());
    }
  }

  private void ensureImage(String image) {
    if (engine.imagePresent(image)) {
      return;
    }
    log.info("Image {} is not here; pulling it", image);
    PullReport report = new PullReport(image, clock);
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pull-keepalive");
              t.setDaemon(true);
              return t;
            });
    serviceManager.extendStartTimeout(PULL_EXTEND_BY);
    ticker.scheduleAtFixedRate(
        () -> keepStartAlive(report), PULL_TICK.toMillis(), PULL_TICK.toMillis(), TimeUnit.MILLISECONDS);
    try {
      engine.pull(image, report::accept);
    } finally {
      ticker.shutdownNow();
    }
    log.info("Pulled image {}", image);
  }

  private void keepStartAlive(PullReport report) {
    if (report.stalled(PULL_STALL)) {
      log.warn("Pull of {} made no progress for {} s; no longer extending the start timeout",
          settings.image(), PULL_STALL.toSeconds());
      return;
    }
    serviceManager.extendStartTimeout(PULL_EXTEND_BY);
  }

  /**
   * Cuts the access point, then logs why, then (on a requested stop) stops the container, then
   * saves the rules. Runs once: the main thread and the shutdown hook may both come here, and the
   * second waits for the first to finish, so the JVM does not exit half-way.
   */
  private synchronized void failClosed(Supplier<String> why, boolean stopContainer) {
    if (failedClosed) {
      return;
    }
    failedClosed = true;
    Instant before = clock.instant();
    CutOutcome cut = cutAccessPoint();
    Duration took = Duration.between(before, clock.instant());
    String reason;
    try {
      reason = why.get();
    } catch (RuntimeException e) {
      reason = "Slips container ended (the reason is unknown: " + e.getMessage() + ")";
    }
    log.error("{}", reason);
    logCut(cut, took);
    if (stopContainer) {
      stopContainer();
    }
    RulesSaver.Saved saved = rules.save();
    if (saved.ok()) {
      log.info("{}", capitalize(saved.how()));
    } else {
      log.error("{}", capitalize(saved.how()));
    }
    log.info("Runner finished");
  }

  private CutOutcome cutAccessPoint() {
    try {
      return accessPoints.cut(settings.pair());
    } catch (RuntimeException e) {
      return new CutOutcome(true, false, "cutting it failed: " + e);
    }
  }

  private void logCut(CutOutcome outcome, Duration took) {
    if (outcome.leftUp()) {
      log.warn("Access point of {} {}", settings.pair(), outcome.how());
    } else if (outcome.down()) {
      log.info("Access point of {} is cut ({} ms): {}", settings.pair(), took.toMillis(), outcome.how());
    } else {
      log.error("ACCESS POINT OF {} MAY STILL BE UP: {}", settings.pair(), outcome.how());
    }
  }

  private void stopContainer() {
    String name = settings.containerName();
    log.info("Stopping container '{}' (grace {} s)", name, stopGrace.toSeconds());
    try {
      engine.stop(name, stopGrace);
      log.info("Container '{}' stopped", name);
    } catch (EngineException e) {
      log.error("Could not stop container '{}': {}", name, e.getMessage());
    }
  }

  private static String describe(ContainerSpec spec) {
    return "image " + spec.image()
        + ", host network, cpu-shares " + spec.cpuShares()
        + ", memory and memory-swap " + spec.memory()
        + ", shm " + spec.shmSize()
        + ", cap NET_ADMIN, tty, open stdin, "
        + spec.hostOutputDir() + " mounted at " + spec.containerOutputDir()
        + ", command " + spec.command();
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  private static String capitalize(String line) {
    return line.isEmpty() ? line : Character.toUpperCase(line.charAt(0)) + line.substring(1);
  }
}
