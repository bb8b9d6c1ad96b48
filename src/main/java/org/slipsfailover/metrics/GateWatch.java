package org.slipsfailover.metrics;

import java.time.Instant;
import org.slipsfailover.supervise.GateHold;

/**
 * The runner's hold on the gate, as it is, telling the metrics whether the gate is open: renewed
 * since it was last loaded or revoked. The gate's own work comes first; the metrics only note it
 * afterwards (a field, under a lock nobody holds for long), so the revoke is not delayed.
 */
final class GateWatch implements GateHold {
  private final GateHold gate;
  private final MetricsState state;

  GateWatch(GateHold gate, MetricsState state) {
    this.gate = gate;
    this.state = state;
  }

  @Override
  public void load() {
    gate.load();
    state.gateClosed();
  }

  @Override
  public void renew(Instant probeStarted) {
    gate.renew(probeStarted);
    state.gateRenewed();
  }

  @Override
  public void revoke(String why) {
    gate.revoke(why);
    state.gateClosed();
  }

  @Override
  public void check() {
    gate.check();
  }
}
