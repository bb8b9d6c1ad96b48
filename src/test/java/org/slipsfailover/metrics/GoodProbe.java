package org.slipsfailover.metrics;

import java.util.List;
import org.slipsfailover.probe.Check;
import org.slipsfailover.probe.ProbeReport;

/** What the metrics' tests feed as a good probe: Slips' container, Redis and both Zeeks answer. */
final class GoodProbe {
  static final ProbeReport REPORT =
      new ProbeReport(
          List.of(
              new Check("container", true, "runs"),
              new Check("redis", true, "PONG"),
              new Check("zeek wlan0", true, "runs"),
              new Check("zeek eth0", true, "runs")));

  private GoodProbe() {}
}
