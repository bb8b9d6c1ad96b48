package org.slipsfailover.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.probe.Check;
import org.slipsfailover.probe.ProbeReport;
import org.slipsfailover.supervise.ProtectionEvents;

/**
 * What the metrics show, kept in memory: the runner's events and the gate's hold change it, the
 * writer's thread copies it. Every method is a few field writes under this object's lock, which
 * only those copies share (no I/O, no waiting on anything); a change the file must show at once
 * wakes the writer. A probe's duration alone is no such change: it waits for the next refresh.
 */
final class MetricsState implements ProtectionEvents {
  private final Clock clock;
  private final Runnable wake;
  private final Map<String, Boolean> checks = new LinkedHashMap<>();
  private final Counters counters;
  private boolean protecting;
  private boolean gateOpen;
  private boolean apUp;
  private Instant changedAt;
  private double probeSeconds = Double.NaN;
  private Cause lastFailure; // the next start of Slips is a restart after it; null: none pending
  private long version;

  /** What the file shows, copied at one moment. */
  record Snapshot(
      boolean protecting,
      boolean gateOpen,
      boolean apUp,
      Map<String, Boolean> checks,
      Duration sinceChange,
      double probeSeconds,
      Counters counters,
      long version) {}

  /**
   * @param clock monotonic: how long ago protection changed, whatever the wall clock does
   * @param checkNames the checks' labels before the first probe: "container", "redis",
   *     "zeek_wlan0", ...
   * @param counters as loaded from the last runner's file
   * @param wake tells the writer that something changed; must not block
   */
  MetricsState(Clock clock, List<String> checkNames, Counters counters, Runnable wake) {
    this.clock = clock;
    this.counters = counters;
    this.wake = wake;
    this.changedAt = clock.instant(); // the runner starts not protecting
    checkNames.forEach(n -> checks.put(n, false));
  }

  synchronized Snapshot snapshot() {
    return new Snapshot(
        protecting,
        gateOpen,
        apUp,
        Map.copyOf(checks),
        Duration.between(changedAt, clock.instant()),
        probeSeconds,
        counters.copy(),
        version);
  }

  @Override
  public void probed(ProbeReport report, Duration took) {
    boolean changed = false;
    synchronized (this) {
      probeSeconds = took.toNanos() / 1e9;
      for (Check c : report.checks()) {
        Boolean before = checks.put(Exposition.word(c.name()), c.ok());
        changed |= before == null || before != c.ok();
      }
      if (changed) {
        version++;
      }
    }
    if (changed) {
      wake.run();
    }
  }

  @Override
  public void accessPointUp() {
    change(() -> apUp = true);
  }

  @Override
  public void slipsStarted(String containerName) {
    change(
        () -> {
          if (lastFailure != null) {
            counters.add(Counters.Kind.RESTARTS, lastFailure);
            lastFailure = null;
          }
        });
  }

  @Override
  public void protecting() {
    change(() -> protecting(true));
  }

  @Override
  public void notProtecting(Cause cause, String why, boolean apCut) {
    change(
        () -> {
          protecting(false);
          if (apCut) {
            apUp = false;
            counters.add(Counters.Kind.CUTS, cause);
          }
          lastFailure = cause;
          checks.replaceAll((name, ok) -> false); // nobody probes now: no check is known good
        });
  }

  @Override
  public void runnerEnded(ExitCode code) {
    change(
        () -> {
          protecting(false);
          checks.replaceAll((name, ok) -> false);
        });
  }

  /**
   * The gate's lease was renewed (every second while Slips protects): a change only the first time.
   */
  void gateRenewed() {
    synchronized (this) {
      if (gateOpen) {
        return;
      }
    }
    change(() -> gateOpen = true);
  }

  void gateClosed() {
    change(() -> gateOpen = false);
  }

  private void protecting(boolean now) {
    if (protecting != now) {
      protecting = now;
      changedAt = clock.instant();
    }
  }

  private void change(Runnable update) {
    synchronized (this) {
      update.run();
      version++;
    }
    wake.run();
  }
}
