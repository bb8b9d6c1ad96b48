package org.slipsfailover.install;

import org.slipsfailover.config.ExitCode;

/**
 * The install cannot go on; the message is one line for the user, the exit code says which kind of
 * problem it is.
 */
public final class InstallException extends RuntimeException {
  private final ExitCode exitCode;

  public InstallException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public InstallException(String message) {
    this(ExitCode.FAILED, message);
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
