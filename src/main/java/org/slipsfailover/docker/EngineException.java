package org.slipsfailover.docker;

/** The engine refused or could not be reached; the message is one line for the user. */
public final class EngineException extends RuntimeException {
  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
