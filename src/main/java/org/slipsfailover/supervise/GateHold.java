package org.slipsfailover.supervise;

import java.time.Instant;

/**
 * The runner's hold on the gate (package {@code gate}): closed at start, renewed after each good
 * probe, revoked before anything else on a failure, checked once per probe interval. None of these
 * throws: a gate that cannot be worked is logged, and the access point's cut still follows.
 */
public interface GateHold {
  /** At the runner's start: the table loaded, closed. */
  void load();

  /** Right after a probe that started at {@code probeStarted} found Slips protecting. */
  void renew(Instant probeStarted);

  /** Closes the gate at once. */
  void revoke(String why);

  /** Once per probe interval: the table is there and ours, or put back closed. */
  void check();

  /** No gate (not installed): the access point's cut is the only lever. */
  static GateHold none() {
    return new GateHold() {
      @Override
      public void load() {}

      @Override
      public void renew(Instant probeStarted) {}

      @Override
      public void revoke(String why) {}

      @Override
      public void check() {}
    };
  }
}
