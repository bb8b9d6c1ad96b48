package org.slipsfailover.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slipsfailover.supervise.ProtectionEvents.Cause;
import org.slipsfailover.testing.MutableClock;

class MetricsTextTest {
  private final MutableClock clock = new MutableClock();
  private final Counters counters = new Counters();
  private final MetricsState state =
      new MetricsState(
          clock, List.of("container", "redis", "zeek_wlan0", "zeek_eth0"), counters, () -> {});

  private Map<String, Double> rendered(MetricsText.Found found, Map<String, String> types) {
    String text =
        MetricsText.render(
            state.snapshot(),
            found,
            "slips:\"odd\"\\image\n",
            "1.2.3",
            Instant.ofEpochSecond(1000));
    assertThat(text).doesNotContain("\r");
    return ExpositionParser.parse(text, types);
  }

  @Test
  void protectingShowsEveryMetricParsedBack() {
    state.accessPointUp();
    state.gateRenewed();
    state.probed(GoodProbe.REPORT, Duration.ofMillis(12));
    clock.advance(Duration.ofSeconds(5));
    state.protecting();
    clock.advance(Duration.ofSeconds(30));
    Map<String, String> types = new HashMap<>();

    Map<String, Double> m = rendered(new MetricsText.Found(Optional.of(7), Optional.of(2)), types);

    assertThat(m)
        .containsEntry(
            "slips_failover_info{image=\"slips:\"odd\"\\image\n\",version=\"1.2.3\"}", 1.0)
        .containsEntry("slips_failover_protected", 1.0)
        .containsEntry("slips_failover_gate_open", 1.0)
        .containsEntry("slips_failover_access_point_up", 1.0)
        .containsEntry("slips_failover_check_up{check=\"container\"}", 1.0)
        .containsEntry("slips_failover_check_up{check=\"zeek_wlan0\"}", 1.0)
        .containsEntry("slips_failover_check_up{check=\"zeek_eth0\"}", 1.0)
        .containsEntry("slips_failover_protection_last_change_timestamp_seconds", 970.0)
        .containsEntry("slips_failover_probe_duration_seconds", 0.012)
        .containsEntry("slips_failover_ap_cuts_total{cause=\"container_ended\"}", 0.0)
        .containsEntry("slips_failover_slips_alerts", 7.0)
        .containsEntry("slips_failover_slips_blocked_addresses", 2.0);
    assertThat(types)
        .containsEntry("slips_failover_ap_cuts_total", "counter")
        .containsEntry("slips_failover_slips_restarts_total", "counter")
        .containsEntry("slips_failover_protected", "gauge");
    assertThat(m.keySet()).allMatch(k -> k.startsWith("slips_failover_"));
  }

  @Test
  void aKillShowsNotProtectedCountsTheCutAndTheRestartAfterIt() {
    state.accessPointUp();
    state.protecting();
    state.notProtecting(Cause.CONTAINER_ENDED, "Slips container ended", true);
    state.gateClosed();
    state.slipsStarted("slips");

    Map<String, Double> m = rendered(MetricsText.Found.NOTHING, new HashMap<>());

    assertThat(m)
        .containsEntry("slips_failover_protected", 0.0)
        .containsEntry("slips_failover_gate_open", 0.0)
        .containsEntry("slips_failover_access_point_up", 0.0)
        .containsEntry("slips_failover_check_up{check=\"redis\"}", 0.0)
        .containsEntry("slips_failover_ap_cuts_total{cause=\"container_ended\"}", 1.0)
        .containsEntry("slips_failover_slips_restarts_total{cause=\"container_ended\"}", 1.0)
        .containsEntry("slips_failover_slips_restarts_total{cause=\"probes_failed\"}", 0.0)
        .doesNotContainKey("slips_failover_slips_alerts");
    assertThat(m.get("slips_failover_probe_duration_seconds")).isNaN();
  }

  @Test
  void keepApCountsNoCut() {
    state.notProtecting(Cause.PROBES_FAILED, "probes failed", false);

    assertThat(rendered(MetricsText.Found.NOTHING, new HashMap<>()))
        .containsEntry("slips_failover_ap_cuts_total{cause=\"probes_failed\"}", 0.0);
  }

  @Test
  void aBrokenMetricNameOrLabelNameFails() {
    assertThatThrownBy(() -> new Exposition().family("slips-failover_up", "gauge", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Exposition().family("ok", "gauge", "x").sample(1, "check-name", "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Exposition().family("ok", "gauge", "x").sample(1, "__name", "v"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theParserRejectsWhatNodeExporterWould() {
    assertThatThrownBy(
            () ->
                ExpositionParser.parse(
                    "# HELP a x\n# TYPE a gauge\na 1 1700000000\n", new HashMap<>()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExpositionParser.parse("a{b=\"x\"} 1\n", new HashMap<>()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ExpositionParser.parse(
                    "# HELP a x\n# TYPE a gauge\na{b=\"x\"y\"} 1\n", new HashMap<>()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
