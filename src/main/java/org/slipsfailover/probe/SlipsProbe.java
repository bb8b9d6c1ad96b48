package org.slipsfailover.probe;

import java.util.concurrent.CompletableFuture;

/** Probes whether Slips protects. */
public interface SlipsProbe {

  /**
   * The probe of one Slips container.
   *
   * @param containerPid the container's first process as the engine numbers it ({@code State.Pid})
   */
  Container forContainer(long containerPid);

  /** Probes one container, again and again; may keep what it found between probes. */
  interface Container {
    ProbeReport probe();

    /**
     * The container's first process, seen alive once, is gone: the container has ended, whatever
     * the engine says yet (under load it answers its wait a few hundred milliseconds later).
     */
    default boolean gone() {
      return false;
    }

    /**
     * Completes the moment a process the probes found alive (the container's first process, a Zeek)
     * ends, or Redis, which answered, stops answering between the probes, so that the next probe
     * need not wait for its interval. Ask again after each probe: what was seen ended is not waited
     * for twice.
     */
    default CompletableFuture<Void> nextEnd() {
      return new CompletableFuture<>();
    }
  }
}
