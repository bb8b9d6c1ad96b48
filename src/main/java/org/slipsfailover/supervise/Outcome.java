package org.slipsfailover.supervise;

/** What one start of Slips came to. */
enum Outcome {
  /**
   * Slips failed before it ever protected (the AP cut): a broken image or configuration looks so.
   */
  FAILED_STARTING,
  /** Slips protected, then failed (the AP cut). */
  FAILED_PROTECTING,
  STOPPED,
  RUNNER_ERROR,
  /** The Slips folder became unsafe (a link planted since the start): Slips is not started. */
  UNSAFE_PATH
}
