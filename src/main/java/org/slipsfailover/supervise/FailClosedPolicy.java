package org.slipsfailover.supervise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.CutOutcome;
import org.slipsfailover.config.ServiceTimings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.SlipsEngine;

/**
 * What a failure does, in this order: the gate revoked (a kernel drop within a millisecond or two);
 * the access point cut (tens of milliseconds), or with {@code --keep-ap} left up while Slips is
 * started again, until too many failures in a row cut it after all; the reason logged; the
 * container stopped (Slips is dead or blind: a new one replaces it); the rules saved.
 */
final class FailClosedPolicy {
  /**
   * With --keep-ap, this many failures within {@link #KEEP_AP_WINDOW} cut the access point: the
   * numbers after which the runner gives up on a Slips that never protects.
   */
  static final int KEEP_AP_FAILURES = ServiceTimings.SLIPS_FAILURES_BEFORE_GIVING_UP;

  static final Duration KEEP_AP_WINDOW = ServiceTimings.SLIPS_FAILURE_WINDOW;

  private static final Logger log = LoggerFactory.getLogger(FailClosedPolicy.class);

  private final Settings settings;
  private final GateHold gate;
  private final AccessPoints accessPoints;
  private final SlipsEngine engine;
  private final RulesSaver rules;
  private final Duration stopGrace;
  private final Clock clock;
  private final ProtectionEvents events;

  /** With --keep-ap: failures that left the access point up; too many within the window cut it. */
  private final FailureHistory keptApFailures =
      new FailureHistory(KEEP_AP_FAILURES, KEEP_AP_WINDOW);

  /**
   * @param engine stops the container; one that keeps the watchdog fed and gives up in time
   */
  FailClosedPolicy(RunnerParts parts, SlipsEngine engine) {
    this.settings = parts.settings();
    this.gate = parts.gate();
    this.accessPoints = parts.accessPoints();
    this.engine = engine;
    this.rules = parts.rules();
    this.stopGrace = parts.stopGrace();
    this.clock = parts.clock();
    this.events = parts.events();
  }

  /**
   * Fails closed; never throws.
   *
   * @param cause why, as a word for the owner's tools
   * @param why the reason for the log, asked only once the access point is cut (it may ask the
   *     engine)
   * @param stopContainer stop the container (not when it has ended already)
   * @param mustCut cut the access point even with --keep-ap
   */
  void fail(
      ProtectionEvents.Cause cause, Supplier<String> why, boolean stopContainer, boolean mustCut) {
    try {
      gate.revoke("Slips does not protect (the reason follows in the log)");
    } catch (RuntimeException | Error e) {
      // Whatever broke the gate's revoke (a StackOverflowError too), the cut comes next.
      log.error("Gate: revoking failed ({}); cutting the access point regardless", e.toString());
    }
    boolean keepAp =
        settings.keepAp() && !mustCut && !keptApFailures.recordAndCheck(clock.instant());
    Instant before = clock.instant();
    CutOutcome cut = keepAp ? null : CutLog.cut(accessPoints, settings.pair());
    Duration took = Duration.between(before, clock.instant());
    String reason = reason(why);
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
    events.notProtecting(cause, reason, !keepAp);
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
   * An update's new image failed before it protected: the gate revoked, the reason logged, the
   * container stopped, and the access point left up, since the previous image is started next
   * (closed gate until it protects; it fails closed as always if it does not). Never throws.
   *
   * @return the reason, for the rollback's record
   */
  String failUpdateTrial(
      ProtectionEvents.Cause cause, Supplier<String> why, boolean stopContainer) {
    try {
      gate.revoke("the updated Slips does not protect (the reason follows in the log)");
    } catch (RuntimeException | Error e) {
      log.error("Gate: revoking failed ({}); cutting the access point regardless", e.toString());
      fail(cause, why, stopContainer, true);
      return reason(why);
    }
    String reason = reason(why);
    log.error("{}", reason);
    events.notProtecting(cause, reason, false);
    if (stopContainer) {
      stopContainer();
    }
    return reason;
  }

  private static String reason(Supplier<String> why) {
    try {
      return why.get();
    } catch (RuntimeException e) {
      return "Slips container ended (the reason is unknown: " + e.getMessage() + ")";
    }
  }

  /**
   * Stops the container (Ctrl-C, then SIGKILL after the grace); a hung daemon is given up on after
   * the grace and some slack. A container left behind is removed before the next start.
   */
  private void stopContainer() {
    String name = settings.containerName();
    log.info("Stopping container '{}' (grace {} s)", name, stopGrace.toSeconds());
    try {
      engine.stop(name, stopGrace);
      log.info("Container '{}' stopped", name);
    } catch (RuntimeException e) {
      log.error("Could not stop container '{}': {}", name, e.getMessage());
    }
  }

  private static String capitalize(String line) {
    return line.isEmpty() ? line : Character.toUpperCase(line.charAt(0)) + line.substring(1);
  }
}
