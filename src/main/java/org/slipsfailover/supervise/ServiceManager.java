package org.slipsfailover.supervise;

import java.time.Duration;

/** What the runner tells the service manager (systemd, under {@code Type=notify}). */
public interface ServiceManager {

  /** Slips is up: the start is complete. */
  void ready();

  /** The start takes longer (an image pull): allow {@code more} from now before timing out. */
  void extendStartTimeout(Duration more);

  /** For runs outside systemd (no {@code $NOTIFY_SOCKET}): says nothing to anyone. */
  static ServiceManager none() {
    return new ServiceManager() {
      @Override
      public void ready() {}

      @Override
      public void extendStartTimeout(Duration more) {}
    };
  }
}
