package org.slipsfailover.supervise;

import java.time.Duration;
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
  private final Duration stopGrace;

  /** Whether this runner's first start looked for a hand-over (only the first one may adopt). */
  private boolean asked;

  HandOverAdoption(HandOver handOver, SlipsEngine engine, Duration stopGrace) {
    this.handOver = handOver;
    this.engine = engine;
    this.stopGrace = stopGrace;
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
      Optional<ContainerState> found = engine.inspect(spec.name()).filter(ContainerState::running);
      if (found.isPresent() && !found.get().image().equals(spec.image())) {
        stopOtherImage(found.get(), spec);
        return Optional.empty();
      }
      Optional<ContainerState> running = found.filter(c -> c.pid() > 0);
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

  /**
   * An update: the running Slips is of the previous image. It is stopped as Slips is meant to be
   * (its own shutdown, within the grace), not removed by force as a leftover would be.
   */
  private void stopOtherImage(ContainerState running, ContainerSpec spec) {
    log.info(
        "Hand-over: container '{}' runs {}, this runner starts {} (an update): stopping it"
            + " (grace {} s)",
        spec.name(),
        running.image(),
        spec.image(),
        stopGrace.toSeconds());
    engine.stop(spec.name(), stopGrace);
  }
}
