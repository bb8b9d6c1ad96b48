package org.slipsfailover.host;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock of our own (monotonic, or a test's fake): its zone is UTC and stays so. */
public abstract class UtcClock extends Clock {
  @Override
  public final ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public final Clock withZone(ZoneId zone) {
    return this;
  }
}
