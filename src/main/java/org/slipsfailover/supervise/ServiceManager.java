package org.slipsfailover.supervise;

import java.time.Duration;

/** What the runner tells the service manager (systemd, under {@code Type=notify}). */
public interface ServiceManager {

  /** The runner is up and supervising (it may still wait for the access point). */
  void ready();

  /** The start takes longer (an image pull): allow {@code more} from now before timing out. */
  void extendStartTimeout(Duration more);

  /** One line for {@code systemctl status}: what the runner is doing. */
  void status(String text);

  /** The supervision loop came round: feeds systemd's watchdog. */
  void watchdog();

  /** For runs outside systemd (no {@code $NOTIFY_SOCKET}): says nothing to anyone. */
  static ServiceManager none() {
    return new ServiceManager() {
      @Override
      public void ready() {}

      @Override
      public void extendStartTimeout(Duration more) {}

      @Override
      public void status(String text) {}

      @Override
      public void watchdog() {}
    };
  }
}
