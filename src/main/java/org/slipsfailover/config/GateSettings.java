package org.slipsfailover.config;

import java.time.Duration;

/** The gate's numbers. */
public final class GateSettings {
  /**
   * How long a good probe keeps the gate open: three probe intervals, so that one slow probe does
   * not blink the clients' connection, and a Slips that stops answering is shut out within 3 s even
   * when nothing else notices.
   */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(3);

  private GateSettings() {}
}
