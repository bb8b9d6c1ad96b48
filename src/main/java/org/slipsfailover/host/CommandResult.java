package org.slipsfailover.host;

import java.time.Duration;

/**
 * What a finished command left behind.
 *
 * @param timedOut the command outlived its time limit ({@link CommandLimits}) and was killed;
 *     {@link #stderr} then says so in one line
 */
public record CommandResult(int exitCode, String stdout, String stderr, boolean timedOut) {
  /** The exit code of a command killed at its time limit, as coreutils' {@code timeout} says. */
  public static final int TIMED_OUT = 124;

  public CommandResult(int exitCode, String stdout, String stderr) {
    this(exitCode, stdout, stderr, false);
  }

  /** A command killed at its limit; whatever it printed so far is kept in {@code stdout}. */
  public static CommandResult timedOut(Duration limit, String stdout) {
    return new CommandResult(
        TIMED_OUT,
        stdout,
        "timed out after " + CommandLimits.seconds(limit) + " and was killed",
        true);
  }

  public boolean ok() {
    return exitCode == 0 && !timedOut;
  }

  /**
   * Why it failed, in one line: "timed out after 5 s and was killed", or "exit 3: " and the last
   * line of stderr (of stdout when stderr is empty).
   */
  public String failure() {
    if (timedOut) {
      return stderr;
    }
    String text = (stderr.isBlank() ? stdout : stderr).strip();
    int nl = text.lastIndexOf('\n');
    String last = nl < 0 ? text : text.substring(nl + 1);
    return "exit " + exitCode + (last.isEmpty() ? "" : ": " + last);
  }
}
