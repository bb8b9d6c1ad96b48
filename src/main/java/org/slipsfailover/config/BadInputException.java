package org.slipsfailover.config;

/** A user's mistake: reported as one line, never as a stack trace. */
public final class BadInputException extends RuntimeException {
  public BadInputException(String message) {
    super(message);
  }
}
