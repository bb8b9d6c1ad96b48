package org.slipsfailover.supervise;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.probe.ProbeReport;

/**
 * Judges one Slips container's probes, one after the other: "starting" until the first good probe
 * (however long it takes, up to {@link ProbeTimings#protectWithin()}), then "protecting" until
 * {@link ProbeTimings#failuresInARow()} probes in a row fail. Pure: the caller gives the time.
 */
final class ProtectionTracker {

  enum Judgement {
    /** Not protecting yet, and still within the time a start may take. */
    STARTING,
    /** This probe is the first good one: Slips protects from now on. */
    NOW_PROTECTING,
    /** Protecting, and still so. */
    PROTECTING,
    /** Protecting, but this probe failed; fewer than the allowed misses in a row so far. */
    MISSED,
    /** Too many probes in a row failed: as good as dead. */
    LOST,
    /** The start took longer than allowed without a good probe. */
    NEVER_PROTECTED
  }

  private final ProbeTimings timings;
  private final Instant startedAt;
  private Instant protectingSince;
  private int missesInARow;

  ProtectionTracker(ProbeTimings timings, Instant startedAt) {
    this.timings = timings;
    this.startedAt = startedAt;
  }

  Judgement judge(ProbeReport report, Instant now) {
    if (protectingSince == null) {
      if (report.good()) {
        protectingSince = now;
        return Judgement.NOW_PROTECTING;
      }
      return Duration.between(startedAt, now).compareTo(timings.protectWithin()) >= 0
          ? Judgement.NEVER_PROTECTED
          : Judgement.STARTING;
    }
    if (report.good()) {
      missesInARow = 0;
      return Judgement.PROTECTING;
    }
    missesInARow++;
    return missesInARow >= timings.failuresInARow() ? Judgement.LOST : Judgement.MISSED;
  }

  Optional<Instant> protectingSince() {
    return Optional.ofNullable(protectingSince);
  }

  int missesInARow() {
    return missesInARow;
  }
}
