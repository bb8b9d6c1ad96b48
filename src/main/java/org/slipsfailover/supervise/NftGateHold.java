package org.slipsfailover.supervise;

import java.time.Instant;
import java.util.function.Consumer;
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
    guarded(
        () -> gate.renew(probeStarted), e -> log.warn("Gate: renewal failed: {}", e.toString()));
  }

  @Override
  public void revoke(String why) {
    guarded(
        () -> gate.revoke(why),
        e -> log.error("Gate: revoking failed ({}); the lease runs out by itself", e.toString()));
  }

  @Override
  public void check() {
    guarded(gate::heal, e -> log.warn("Gate: check failed: {}", e.toString()));
  }

  /** A failed gate call is logged, never thrown: the runner goes on, the lease and the cut hold. */
  private static void guarded(Runnable call, Consumer<RuntimeException> logFailure) {
    try {
      call.run();
    } catch (RuntimeException e) {
      logFailure.accept(e);
    }
  }
}
