package org.slipsfailover.supervise;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.gate.Gate;
import org.slipsfailover.gate.GateException;

/** The runner's hold on the real gate. */
public final class NftGateHold implements GateHold {
  private static final Logger log = LoggerFactory.getLogger(NftGateHold.class);

  private final Gate gate;

  public NftGateHold(Gate gate) {
    this.gate = gate;
  }

  @Override
  public void load() {
    try {
      gate.loadClosed();
      log.info(
          "Gate loaded, closed: the access point's clients reach nothing beyond the Pi until Slips"
              + " protects (lease {} s)",
          gate.leaseTimeout().toMillis() / 1000.0);
    } catch (GateException | RuntimeException e) {
      log.error("GATE NOT LOADED ({}): only the access point's cut protects", e.getMessage());
    }
  }

  @Override
  public void renew(Instant probeStarted) {
    try {
      gate.renew(probeStarted);
    } catch (RuntimeException e) {
      log.warn("Gate: renewal failed: {}", e.toString());
    }
  }

  @Override
  public void revoke(String why) {
    try {
      gate.revoke(why);
    } catch (RuntimeException e) {
      log.error("Gate: revoking failed ({}); the lease runs out by itself", e.toString());
    }
  }

  @Override
  public void check() {
    try {
      gate.heal();
    } catch (RuntimeException e) {
      log.warn("Gate: check failed: {}", e.toString());
    }
  }
}
