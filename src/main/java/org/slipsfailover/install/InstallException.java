package org.slipsfailover.install;

/**
 * The install cannot go on; the message is one line for the user. The exit code says which kind of
 * problem it is (see {@code --help}).
 */
public final class InstallException extends RuntimeException {
  public static final int FAILED = 1;
  public static final int NOT_ROOT = 3;
  public static final int NO_ACCESS_POINT = 4;

  private final int exitCode;

  public InstallException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public InstallException(String message) {
    this(FAILED, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
