package org.slipsfailover.probe;

import java.util.List;
import java.util.stream.Collectors;

/** Every check of one probe, in a fixed order: container, Redis, then Zeek per interface. */
public record ProbeReport(List<Check> checks) {

  public ProbeReport {
    checks = List.copyOf(checks);
  }

  /** Slips protects: every check passed. */
  public boolean good() {
    return checks.stream().allMatch(Check::ok);
  }

  /** The failed checks, one line: "redis: no answer within 500 ms; zeek eth0: ...". */
  public String failures() {
    return checks.stream()
        .filter(c -> !c.ok())
        .map(Check::describe)
        .collect(Collectors.joining("; "));
  }
}
