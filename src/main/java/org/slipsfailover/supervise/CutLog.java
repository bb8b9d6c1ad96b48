package org.slipsfailover.supervise;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.CutOutcome;
import org.slipsfailover.config.InterfacePair;

/**
 * Cuts the access point and says how it went, for the runner (the cut on a failure) and for {@code
 * cut-ap} (the check after every stop of the service) alike.
 */
public final class CutLog {
  private static final Logger log = LoggerFactory.getLogger(CutLog.class);

  private CutLog() {}

  /**
   * Never throws: a cut that failed is an access point that may be up. An {@link Error} (a stack
   * overflow in a scan, say) is such a failure too; out of memory, the JVM exits and cut-ap cuts.
   */
  public static CutOutcome cut(AccessPoints accessPoints, InterfacePair pair) {
    try {
      return accessPoints.cut(pair);
    } catch (RuntimeException | Error e) {
      return CutOutcome.mayBeUp("cutting it failed: " + e);
    }
  }

  /** The runner's cut, on a failure it saw: how long it took counts. */
  public static void onFailure(InterfacePair pair, CutOutcome outcome, Duration took) {
    switch (outcome.end()) {
      case LEFT_UP -> log.warn("Access point of {} {}", pair, outcome.how());
      case ALREADY_DOWN, CUT ->
          log.info("Access point of {} is cut ({} ms): {}", pair, took.toMillis(), outcome.how());
      case MAY_BE_UP -> mayBeUp(pair, outcome);
    }
  }

  /**
   * {@code cut-ap}'s cut, after the service stopped: a runner that ended on its own cut already, so
   * an access point still up means it did not (it was killed).
   */
  public static void afterStop(InterfacePair pair, CutOutcome outcome) {
    switch (outcome.end()) {
      case LEFT_UP -> log.warn("Access point of {} {}", pair, outcome.how());
      case ALREADY_DOWN -> log.info("Access point of {} is down", pair);
      case CUT -> log.warn("Access point of {} was still up; cut it now: {}", pair, outcome.how());
      case MAY_BE_UP -> mayBeUp(pair, outcome);
    }
  }

  private static void mayBeUp(InterfacePair pair, CutOutcome outcome) {
    log.error("ACCESS POINT OF {} MAY STILL BE UP: {}", pair, outcome.how());
  }
}
