package org.slipsfailover.supervise;

/** Saves the live iptables rules so that Slips' blocks survive a reboot. */
public interface RulesSaver {

  /** Never throws: a failure is reported in the result and logged by the caller. */
  Saved save();

  /**
   * @param how one line for the log
   */
  record Saved(boolean ok, String how) {}
}
