package org.slipsfailover.update;

/**
 * How {@code update} makes the running runner start the newly pinned image. Only the runner holds
 * the gate's lease and the access point's policy, so the swap is done with it, not around it.
 */
public interface RunnerSwap {

  /** Whether slips.service runs (a runner to hand over to). */
  boolean serviceRuns();

  /**
   * Marks a hand-over and restarts slips.service: the stopping runner closes the gate and leaves
   * Slips and the access point running; the new one stops the old container gracefully, starts the
   * pinned digest and opens the gate at its first good probe (see {@code supervise.PinnedImage}).
   *
   * @throws IllegalStateException with one line when the restart failed
   */
  void handOverAndRestart();
}
