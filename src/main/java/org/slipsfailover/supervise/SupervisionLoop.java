package org.slipsfailover.supervise;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.docker.ContainerEnd;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.DaemonThreads;
import org.slipsfailover.probe.ProbeReport;
import org.slipsfailover.probe.RunnerStatus;
import org.slipsfailover.probe.SlipsProbe;

/**
 * The watch of one running Slips container: the engine's wait for its end, raced against the
 * daemon's silence, and a probe a second ({@link SlipsProbe}) judged by a {@link
 * ProtectionTracker}: "starting" until the first good probe, then "protecting". Each good probe
 * renews the gate; the first failed one revokes it. The container's end, a few failed probes in a
 * row, or a start that never protects fail closed, and the watch ends.
 */
final class SupervisionLoop {
  /** While starting, a line on what is still missing this often (a Pi takes about 30 s). */
  static final Duration STARTING_REPORT = Duration.ofSeconds(15);

  /**
   * How long, after the cut, the engine may take to say why a container whose process is gone
   * ended.
   */
  static final Duration ENGINE_CATCH_UP = Duration.ofSeconds(3);

  private static final Logger log = LoggerFactory.getLogger(SupervisionLoop.class);

  /** What the watch asks of the runner that owns it. */
  interface RunnerHooks {
    /**
     * True once systemd asked the runner to stop: the watch then ends, and the stop hook cuts and
     * stops the container.
     */
    boolean stopRequested();

    /** The runner's way to fail closed: false, doing nothing, when a stop request came first. */
    boolean failClosed(
        ProtectionEvents.Cause cause, Supplier<String> why, boolean stopContainer, boolean mustCut);

    /**
     * Renews the gate's lease from a good probe's start, unless a stop came first (a renewal after
     * the stop hook's revoke would open the gate it has just closed).
     */
    void renew(Instant probeStarted);

    /** Told at each start's first good probe, once the gate is open. */
    void nowProtecting();
  }

  private final RunnerParts parts;
  private final SlipsEngine engine;
  private final RunnerHooks runner;

  SupervisionLoop(RunnerParts parts, SlipsEngine engine, RunnerHooks runner) {
    this.parts = parts;
    this.engine = engine;
    this.runner = runner;
  }

  /** Watches container {@code id} until it fails (the AP then cut) or a stop comes. */
  Outcome watch(String id, SlipsProbe.Container probes) {
    CompletableFuture<ContainerEnd> ended = watchForEnd(id);
    Instant startedAt = parts.clock().instant();
    ProtectionTracker tracker = new ProtectionTracker(parts.timings(), startedAt);
    Instant nextStartingReport = startedAt.plus(STARTING_REPORT);
    status(RunnerStatus.Phase.STARTING);
    log.info(
        "Slips is starting; it protects once its container, Redis and a Zeek per interface answer");
    CompletableFuture<Void> processEnded = new CompletableFuture<>();
    // What the pause wakes up for. Made again only when the probes hand a new end: anyOf leaves a
    // completion on each long-lived future it is given, so one a second would pile up for as long
    // as Slips protects (about 13 MB a day against a 64 MB heap).
    CompletableFuture<Object> wakeUp = CompletableFuture.anyOf(ended, processEnded);
    while (true) {
      if (runner.stopRequested()) {
        return Outcome.STOPPED; // the stop hook cuts and stops the container
      }
      if (ended.isDone() || probes.gone()) {
        // Cut first; ask the engine for details (OOM, removal) only once the AP is down.
        return outcome(
            runner.failClosed(
                ProtectionEvents.Cause.CONTAINER_ENDED, () -> whyEnded(id, ended), false, false),
            tracker);
      }
      if (processEnded.isDone()) {
        // A Zeek the probes found has ended, or Redis went silent: Slips is blind. The gate first,
        // then the probe, which says which.
        parts.gate().revoke("a process of Slips ended or its Redis stopped answering");
      }
      Instant probedAt = parts.clock().instant();
      ProbeReport report = probes.probe();
      Instant now = parts.clock().instant();
      parts.events().probed(report, Duration.between(probedAt, now));
      switch (tracker.judge(report, now)) {
        case NOW_PROTECTING -> {
          onProtecting(probedAt);
          log.info("Slips protects: {}", summary(report));
          status(RunnerStatus.Phase.PROTECTING);
          runner.nowProtecting();
          parts.events().protecting();
        }
        case PROTECTING -> onProtecting(probedAt);
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
          parts.gate().revoke("a probe failed");
          log.warn(
              "Probe failed ({} of {} in a row): {}",
              tracker.missesInARow(),
              parts.timings().failuresInARow(),
              report.failures());
        }
        case LOST -> {
          return outcome(
              runner.failClosed(
                  ProtectionEvents.Cause.PROBES_FAILED,
                  () ->
                      "Slips stopped protecting ("
                          + parts.timings().failuresInARow()
                          + " probes in a row failed): "
                          + report.failures(),
                  true,
                  false),
              tracker);
        }
        case NEVER_PROTECTED -> {
          // Bounded even with --keep-ap: a Slips that does not come back gets the AP cut.
          return outcome(
              runner.failClosed(
                  ProtectionEvents.Cause.NEVER_PROTECTED,
                  () ->
                      "Slips did not start protecting within "
                          + parts.timings().protectWithin().toSeconds()
                          + " s: "
                          + report.failures(),
                  true,
                  true),
              tracker);
        }
      }
      parts.gate().check();
      parts.serviceManager().watchdog();
      // A probe a second, however long the probe took (a frozen Redis takes its whole timeout);
      // at once when the container's first process or a Zeek ends (the kernel says so).
      Duration left =
          Duration.between(parts.clock().instant(), probedAt.plus(parts.timings().interval()));
      CompletableFuture<Void> next = probes.nextEnd();
      if (next != processEnded) {
        processEnded = next;
        wakeUp = CompletableFuture.anyOf(ended, processEnded);
      }
      parts.pause().pause(left.isNegative() ? Duration.ZERO : left, wakeUp);
    }
  }

  /** The one place where a probe is judged good: Slips protects right now. */
  private void onProtecting(Instant probeStarted) {
    runner.renew(probeStarted);
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
    parts.liveness().watch(engine, ended);
    return ended;
  }

  /**
   * Why the container ended, as the engine tells once it answers its wait. When the probes saw the
   * container's first process gone before that, its answer follows within moments.
   */
  private String whyEnded(String id, CompletableFuture<ContainerEnd> ended) {
    try {
      ContainerEnd end = ended.get(ENGINE_CATCH_UP.toMillis(), TimeUnit.MILLISECONDS);
      return engine.explain(id, end).describe();
    } catch (TimeoutException | ExecutionException e) {
      return "Slips container ended: its first process is gone (the engine has not said why yet)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "Slips container ended: its first process is gone";
    }
  }

  private void status(RunnerStatus.Phase phase) {
    parts.serviceManager().status(new RunnerStatus(phase, parts.wallClock().instant()).text());
  }

  private static String summary(ProbeReport report) {
    StringBuilder s = new StringBuilder();
    report.checks().forEach(c -> s.append(s.length() == 0 ? "" : "; ").append(c.describe()));
    return s.toString();
  }
}
