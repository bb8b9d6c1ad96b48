package org.slipsfailover.ap;

import java.util.Optional;
import org.slipsfailover.config.InterfacePair;

/** Finds and cuts the create_ap access point of one interface pair. */
public interface AccessPoints {

  /** The create_ap serving exactly this pair, if one runs. Never a look-alike. */
  Optional<RunningAp> find(InterfacePair pair);

  /**
   * Brings the AP of this pair down and verifies it; escalates when it does not go down. Safe to
   * call when it already is down. Never signals a process that is not this pair's AP.
   */
  CutOutcome cut(InterfacePair pair);
}
