package org.slipsfailover.config;

/**
 * The names root uses in the Slips folder, defined once: the output folder it mounts into Slips'
 * container, and its own log with the rolled copies.
 */
public final class SlipsFolderNames {
  /** Slips' output, mounted at {@link Settings#CONTAINER_OUTPUT}. */
  public static final String OUTPUT = "output";

  /** The runner's log. */
  public static final String LOG = "slips_container.log";

  /** Rolled logs {@code .1} (newest) to {@code .4}. */
  public static final int ROLLED_LOGS = 4;

  private SlipsFolderNames() {}

  /** The name of the {@code i}-th rolled log. */
  public static String rolled(int i) {
    return LOG + "." + i;
  }
}
