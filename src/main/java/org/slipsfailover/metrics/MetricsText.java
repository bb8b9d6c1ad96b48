package org.slipsfailover.metrics;

import java.time.Instant;
import java.util.Optional;
import org.slipsfailover.supervise.ProtectionEvents.Cause;

/**
 * The metrics file's text: every metric of slips-failover, its name, type and help. Names follow
 * Prometheus' conventions: one prefix, base units (seconds), {@code _total} for counters, {@code
 * _timestamp_seconds} for a moment, an {@code _info} metric for the build.
 */
final class MetricsText {
  static final String PREFIX = "slips_failover_";

  /**
   * What Slips found, read at most every refresh; empty: not readable now (the metric is left out).
   */
  record Found(Optional<Integer> alerts, Optional<Integer> blocked) {
    static final Found NOTHING = new Found(Optional.empty(), Optional.empty());
  }

  private MetricsText() {}

  /**
   * @param now the wall clock now: the last change's moment is now minus its monotonic age, so a
   *     wall clock set by NTP after boot (a Pi has no battery clock) does not skew it
   */
  static String render(
      MetricsState.Snapshot s, Found found, String image, String version, Instant now) {
    Exposition e = new Exposition();
    e.family(
            PREFIX + "info",
            "gauge",
            "The Slips image the runner starts, and slips-failover's version; always 1.")
        .sample(1, "image", image, "version", version);
    e.family(
            PREFIX + "protected",
            "gauge",
            "1 while Slips protects (its container, Redis and a Zeek per interface answer), as the"
                + " runner judges it every second; 0 otherwise.")
        .sample(bit(s.protecting()));
    e.family(
            PREFIX + "gate_open",
            "gauge",
            "1 while the runner renews the gate's lease (clients may reach beyond the Pi); 0 once"
                + " revoked.")
        .sample(bit(s.gateOpen()));
    e.family(
            PREFIX + "access_point_up",
            "gauge",
            "1 once the runner found create_ap serving, until it cut it; 0 before and after.")
        .sample(bit(s.apUp()));
    e.family(
        PREFIX + "check_up",
        "gauge",
        "Each check of the last probe: 1 passed, 0 failed or not probed (no Slips running).");
    s.checks().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(c -> e.sample(bit(c.getValue()), "check", c.getKey()));
    double changed = (now.toEpochMilli() - s.sinceChange().toMillis()) / 1000.0;
    e.family(
            PREFIX + "protection_last_change_timestamp_seconds",
            "gauge",
            "When protection last changed (or the runner started), in Unix seconds: time() minus"
                + " this is how long the current state has lasted.")
        .sample(changed);
    e.family(
            PREFIX + "probe_duration_seconds",
            "gauge",
            "How long the last probe took (NaN before the first).")
        .sample(s.probeSeconds());
    counter(
        e,
        s.counters(),
        Counters.Kind.CUTS,
        "ap_cuts_total",
        "Cuts of the access point because Slips stopped protecting, by cause; kept across runner"
            + " restarts and reboots.");
    counter(
        e,
        s.counters(),
        Counters.Kind.RESTARTS,
        "slips_restarts_total",
        "Slips containers started again after a failure, by the failure's cause; kept across"
            + " runner restarts and reboots.");
    found
        .alerts()
        .ifPresent(
            n ->
                e.family(
                        PREFIX + "slips_alerts",
                        "gauge",
                        "Alerts in Slips' alerts.json since Slips started (it empties the file at"
                            + " each start; only its last 256 KiB are read).")
                    .sample(n));
    found
        .blocked()
        .ifPresent(
            n ->
                e.family(
                        PREFIX + "slips_blocked_addresses",
                        "gauge",
                        "Addresses Slips blocks now (rules of its slipsBlocking iptables chain).")
                    .sample(n));
    return e.text();
  }

  private static void counter(
      Exposition e, Counters counters, Counters.Kind kind, String name, String help) {
    e.family(PREFIX + name, "counter", help);
    for (Cause c : Cause.values()) {
      e.sample(counters.get(kind, c), "cause", c.label());
    }
  }

  private static double bit(boolean b) {
    return b ? 1 : 0;
  }
}
