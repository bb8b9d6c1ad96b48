package org.slipsfailover.host;

/** What a finished command left behind. */
public record CommandResult(int exitCode, String stdout, String stderr) {
  public boolean ok() {
    return exitCode == 0;
  }
}
