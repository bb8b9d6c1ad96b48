package org.slipsfailover.gate;

/** nft could not load the gate's ruleset; the message is nft's own, on one line. */
public final class GateException extends Exception {
  public GateException(String message) {
    super(message);
  }
}
