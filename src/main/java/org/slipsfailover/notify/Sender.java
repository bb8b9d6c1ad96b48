package org.slipsfailover.notify;

/** Sends one message to every configured receiver: Apprise in production, a fake in unit tests. */
public interface Sender {
  /**
   * @param failure when not ok, why in one line, without any URL (they carry tokens)
   */
  record Attempt(boolean ok, String failure) {
    static Attempt sent() {
      return new Attempt(true, "");
    }
  }

  Attempt send(String title, String body, boolean protecting);
}
