package org.slipsfailover.host;

/**
 * A path that root must not write, create, mount or trust, because someone other than root (or the
 * Slips folder's owner) controls it. The message is one line for the user: what, why, and how to
 * fix it. The install stops on it; the runner does not start Slips.
 */
public final class UnsafePathException extends RuntimeException {
  public UnsafePathException(String message) {
    super(message);
  }
}
