package org.slipsfailover.ap;

import java.util.Optional;
import org.slipsfailover.config.InterfacePair;

/** Finds and cuts the create_ap access point of one interface pair. */
public interface AccessPoints {

  /** The create_ap serving exactly this pair, if one runs. Never a look-alike. */
  Optional<RunningAp> find(InterfacePair pair);

  /**
   * The create_ap of this pair once it serves: its hostapd runs too. A create_ap that has just
   * started has no access point yet, and Slips started then would find none and exit.
   */
  default Optional<RunningAp> findServing(InterfacePair pair) {
    return find(pair);
  }

  /**
   * Brings the AP of this pair down and verifies it; escalates when it does not go down. Safe to
   * call when it already is down. Never signals a process that is not this pair's AP.
   */
  CutOutcome cut(InterfacePair pair);
}
