package org.slipsfailover.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.TestSettings;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.MonotonicClock;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.supervise.ProtectionEvents;
import org.slipsfailover.supervise.ProtectionEvents.Cause;
import org.slipsfailover.testing.Poll;

/**
 * Debian's real prometheus-node-exporter, with a textfile folder and a port of this test's own,
 * scraped over HTTP: it accepts our file (no scrape error) and serves our metrics as they change.
 */
class NodeExporterIT {
  @TempDir Path tmp;
  private Process exporter;
  private int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startNodeExporter() throws IOException {
    Files.createDirectories(tmp.resolve("textfile"));
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    exporter =
        new ProcessBuilder(
                "prometheus-node-exporter",
                "--web.listen-address=127.0.0.1:" + port,
                "--collector.disable-defaults",
                "--collector.textfile",
                "--collector.textfile.directory=" + tmp.resolve("textfile"))
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("node-exporter.log").toFile())
            .start();
  }

  @AfterEach
  void stopNodeExporter() throws InterruptedException {
    exporter.destroy();
    exporter.waitFor();
  }

  private String scrape() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "";
    } catch (IOException e) {
      return ""; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  @Test
  void nodeExporterServesOurMetricsAsTheyChange() throws Exception {
    // Slips' alerts.json as 1.1.21 writes it (IDMEFv2): one alert, one evidence.
    Path alerts = Files.createDirectories(tmp.resolve("slips/output/run_1/alerts"));
    Files.writeString(
        alerts.resolve("alerts.json"),
        "{\"Status\": \"Incident\", \"StartTime\": \"2026-12-06T01:00:00+00:00\","
            + " \"Source\": [{\"IP\": \"10.0.0.7\"}]}\n"
            + "{\"Status\": \"Event\", \"StartTime\": \"2026-12-06T01:00:00+00:00\","
            + " \"Description\": \"port scan\", \"Source\": [{\"IP\": \"10.0.0.7\"}]}\n");
    Metrics metrics =
        Metrics.start(
            HostRoot.of(tmp),
            Map.of(Metrics.SWITCH, tmp.resolve("textfile").toString()),
            TestSettings.defaults(Path.of("/slips")),
            new ProcessCommands(),
            "9.9.9",
            MonotonicClock.INSTANCE);
    ProtectionEvents events = metrics.events();
    events.accessPointUp();
    events.probed(GoodProbe.REPORT, Duration.ofMillis(3));
    events.protecting();

    Poll.within(Duration.ofSeconds(30), Duration.ofMillis(100))
        .until(() -> scrape().contains("\nslips_failover_protected 1\n"));
    String body = scrape();
    assertThat(body)
        .contains("node_textfile_scrape_error 0")
        // node_exporter 1.5 names the file by its whole path (older ones by its name only)
        .contains(
            "node_textfile_mtime_seconds{file=\""
                + tmp.resolve("textfile").resolve(Metrics.FILE)
                + "\"}")
        .contains("slips_failover_info{image=\"stratosphereips/slips:latest\",version=\"9.9.9\"} 1")
        .contains("slips_failover_check_up{check=\"zeek_wlan0\"} 1")
        .contains("slips_failover_access_point_up 1")
        .contains("slips_failover_slips_alerts 1")
        .contains("# TYPE slips_failover_ap_cuts_total counter");

    events.notProtecting(Cause.CONTAINER_ENDED, "Slips container ended", true);

    Poll.within(Duration.ofSeconds(30), Duration.ofMillis(100))
        .until(() -> scrape().contains("\nslips_failover_protected 0\n"));
    assertThat(scrape())
        .contains("node_textfile_scrape_error 0")
        .contains("slips_failover_ap_cuts_total{cause=\"container_ended\"} 1")
        .contains("slips_failover_access_point_up 0");
    assertThat(Files.readString(tmp.resolve("var/lib/slips-failover/metrics-counters")))
        .contains("cuts container_ended 1");
    metrics.stop();
  }
}
