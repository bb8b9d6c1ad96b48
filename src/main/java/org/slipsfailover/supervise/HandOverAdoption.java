package org.slipsfailover.supervise;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.docker.ContainerSpec;
import org.slipsfailover.docker.ContainerState;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.HandOver;

/**
 * After a hand-over (a package upgrade), the runner's first start adopts the Slips container the
 * previous runner left running, if it runs the image this runner would start. It is watched as a
 * fresh start: the gate, closed by the previous runner, opens at its first good probe; no
 * protection within the start limit cuts.
 */
final class HandOverAdoption {
  private static final Logger log = LoggerFactory.getLogger(HandOverAdoption.class);

  private final HandOver handOver;
  private final SlipsEngine engine;

  /** Whether this runner's first start looked for a hand-over (only the first one may adopt). */
  private boolean asked;

  HandOverAdoption(HandOver handOver, SlipsEngine engine) {
    this.handOver = handOver;
    this.engine = engine;
  }

  /** The running container to adopt, on the first call only and only after a hand-over. */
  Optional<ContainerState> adopt(ContainerSpec spec) {
    if (asked) {
      return Optional.empty();
    }
    asked = true;
    // The mark stays for this runner's own stop only if a new install marks it again.
    if (!handOver.take()) {
      return Optional.empty();
    }
    try {
      Optional<ContainerState> running =
          engine
              .inspect(spec.name())
              .filter(c -> c.running() && c.image().equals(spec.image()) && c.pid() > 0);
      if (running.isPresent()) {
        log.info(
            "Hand-over: adopting the running container '{}' (pid {}); the gate opens once it"
                + " protects",
            spec.name(),
            running.get().pid());
      } else {
        log.info(
            "Hand-over: no running container '{}' from {} to adopt; starting Slips",
            spec.name(),
            spec.image());
      }
      return running;
    } catch (EngineException e) {
      log.warn(
          "Hand-over: could not inspect container '{}' ({}); starting Slips",
          spec.name(),
          e.getMessage());
      return Optional.empty();
    }
  }
}
