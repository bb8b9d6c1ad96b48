package org.slipsfailover.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** alerts.json lines in the shapes Slips writes them (see {@link AlertsFile} for the facts). */
class AlertsFileTest {
  @TempDir Path output;

  /** An evidence as Slips 1.1.21 logs it: IDMEFv2, Status "Event", with the Note it adds. */
  static String event(String ip, String description) {
    return "{\"Version\": \"2.0.3\", \"Analyzer\": {\"IP\": \"192.168.1.1\", \"Name\": \"Slips\","
        + " \"Model\": \"1.1.21\", \"Category\": [\"NIDS\"], \"Data\": [\"Flow\", \"Network\"],"
        + " \"Method\": [\"Heuristic\"]}, \"Status\": \"Event\", \"ID\":"
        + " \"6a1b3f0e-4a62-4d1c-9bde-2f8d7c1e0a11\", \"Severity\": \"Medium\", \"StartTime\":"
        + " \"2026-06-02T10:00:01.123456+00:00\", \"CreateTime\": \"2026-06-02T10:00:02.5+00:00\","
        + " \"Confidence\": 0.8, \"Description\": "
        + new ObjectMapper().valueToTree(description)
        + ", \"Source\": [{\"IP\": "
        + new ObjectMapper().valueToTree(ip)
        + ", \"Port\": [443], \"Protocol\": [\"TCP\"]}], \"Target\": [{\"IP\": \"1.1.1.1\"}],"
        + " \"Note\": \"{\\\"uids\\\": [\\\"CXy\\\"], \\\"threat_level\\\": \\\"medium\\\"}\"}";
  }

  /** An alert as Slips 1.1.21 logs it: IDMEFv2, Status "Incident", no Description. */
  static String incident(String ip) {
    return "{\"Version\": \"2.0.3\", \"Analyzer\": {\"IP\": \"192.168.1.1\", \"Name\": \"Slips\"},"
        + " \"Source\": [{\"IP\": \""
        + ip
        + "\"}], \"ID\": \"0b7e\", \"Status\": \"Incident\", \"StartTime\":"
        + " \"2026-06-02T10:00:00+00:00\", \"CreateTime\": \"2026-06-02T10:00:03+00:00\","
        + " \"CorrelID\": [\"6a1b\"], \"Note\": \"{\\\"accumulated_threat_level\\\": 3.6}\"}";
  }

  /** An older Slips' IDEA0 line. */
  static final String IDEA0 =
      "{\"Format\": \"IDEA0\", \"ID\": \"ab\", \"DetectTime\": \"2024-01-02T03:04:05+00:00\","
          + " \"EventTime\": \"2024-01-02T03:04:05+00:00\", \"Category\": [\"Recon.Scanning\"],"
          + " \"Confidence\": 1, \"Source\": [{\"IP4\": [\"10.0.0.9\"]}], \"Description\":"
          + " \"horizontal port scan to port 80/TCP\"}";

  Path write(String relative, String... lines) throws IOException {
    Path file = output.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  @Test
  void readsTheCurrentRunsAlertsFolderAsSlips1121WritesIt() throws IOException {
    write(
        "wlan0_eth0_2026-06-02T10:00:00/alerts/alerts.json",
        event("192.168.12.34", "Connection to unknown destination port 4444/TCP"),
        event("192.168.12.34", "Horizontal port scan to port 22/TCP"),
        incident("192.168.12.34"));

    SlipsFindings found = AlertsFile.read(output);

    assertThat(found.alertsFile()).hasValue("wlan0_eth0_2026-06-02T10:00:00/alerts/alerts.json");
    assertThat(found.alerts()).isEqualTo(1);
    assertThat(found.evidence()).isEqualTo(2);
    assertThat(found.complete()).isTrue();
    assertThat(found.last())
        .first()
        .isEqualTo(
            new SlipsFindings.Entry(
                "2026-06-02T10:00:01.123456+00:00",
                "192.168.12.34",
                "Connection to unknown destination port 4444/TCP"));
    assertThat(found.last()).hasSize(3);
  }

  @Test
  void readsOlderSlipsIdea0FilesAtTheTopOfTheRunsFolder() throws IOException {
    write("wlan0_eth0_2024-01-02/alerts.json", IDEA0);

    SlipsFindings found = AlertsFile.read(output);

    assertThat(found.alerts()).isEqualTo(1);
    assertThat(found.last())
        .containsExactly(
            new SlipsFindings.Entry(
                "2024-01-02T03:04:05+00:00", "10.0.0.9", "horizontal port scan to port 80/TCP"));
  }

  @Test
  void noFileIsNothingFound() throws IOException {
    assertThat(AlertsFile.read(output)).isEqualTo(SlipsFindings.NONE);
    assertThat(AlertsFile.read(output.resolve("missing"))).isEqualTo(SlipsFindings.NONE);
  }

  @Test
  void aLinkInsteadOfTheFileIsNotFollowed() throws IOException {
    Path secret =
        Files.writeString(
            output.getParent().resolve("secret-" + output.getFileName()),
            event("6.6.6.6", "root's secret") + "\n");
    try {
      Path run = Files.createDirectories(output.resolve("run/alerts"));
      Files.createSymbolicLink(run.resolve("alerts.json"), secret);

      assertThat(AlertsFile.read(output)).isEqualTo(SlipsFindings.NONE);
      assertThatThrownBy(() -> AlertsFile.parse("x", run.resolve("alerts.json")))
          .isInstanceOf(IOException.class);
    } finally {
      Files.delete(secret);
    }
  }

  @Test
  void aHugeFileIsReadOnlyAtItsEnd() throws IOException {
    String line = event("10.1.1.1", "x".repeat(200));
    int lines = 4 * AlertsFile.TAIL_BYTES / line.length();
    Path file = output.resolve("run/alerts/alerts.json");
    Files.createDirectories(file.getParent());
    try (var out = Files.newBufferedWriter(file)) {
      for (int i = 0; i < lines; i++) {
        out.write(line);
        out.write('\n');
      }
      out.write(event("10.2.2.2", "the newest"));
      out.write('\n');
    }

    SlipsFindings found = AlertsFile.read(output);

    assertThat(found.complete()).isFalse();
    assertThat(found.evidence()).isLessThanOrEqualTo(AlertsFile.TAIL_BYTES / line.length() + 1);
    assertThat(found.last()).hasSize(AlertsFile.LAST);
    assertThat(found.last().get(AlertsFile.LAST - 1).description()).isEqualTo("the newest");
  }

  @Test
  void hostileTextIsEscapedAndCut() throws IOException {
    write(
        "run/alerts/alerts.json",
        event(
            "1.2.3.4\u001b[2J",
            "evil\nPROTECTED: forged line\u001b]0;title\u0007" + "y".repeat(1000)),
        "not json at all",
        "[1, 2]");

    SlipsFindings found = AlertsFile.read(output);

    assertThat(found.evidence()).isEqualTo(1);
    SlipsFindings.Entry e = found.last().get(0);
    assertThat(e.source()).isEqualTo("1.2.3.4\\x1b[2J");
    assertThat(e.description())
        .doesNotContain("\n", "\u001b", "\u0007")
        .startsWith("evil\\nPROTECTED: forged line\\x1b]0;title\\x07")
        .hasSizeLessThan(400);
  }

  @Test
  void statusShowsWhatSlipsFoundInTextAndJson() throws IOException {
    write(
        "run/alerts/alerts.json",
        event("192.168.12.34", "Horizontal port scan to port 22/TCP"),
        incident("192.168.12.34"));
    Facts f =
        new TestFacts()
            .findings(
                AlertsFile.read(output).withBlocked(Optional.of(List.of("from 192.168.12.34/32"))))
            .build();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    StatusReport.printText(
        new PrintStream(text, true, StandardCharsets.UTF_8), f, Verdict.of(f), Instant.now());
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    StatusReport.printJson(new PrintStream(json, true, StandardCharsets.UTF_8), f, Verdict.of(f));

    assertThat(text.toString(StandardCharsets.UTF_8))
        .contains(
            "Slips found      1 alert(s), 1 evidence since Slips started (run/alerts/alerts.json)")
        .contains("192.168.12.34: Horizontal port scan to port 22/TCP")
        .contains("Slips blocks     from 192.168.12.34/32");
    JsonNode found =
        new ObjectMapper().readTree(json.toString(StandardCharsets.UTF_8)).path("slipsFound");
    assertThat(found.path("alerts").asInt()).isEqualTo(1);
    assertThat(found.path("evidence").asInt()).isEqualTo(1);
    assertThat(found.path("complete").asBoolean()).isTrue();
    assertThat(found.path("last").path(0).path("source").asText()).isEqualTo("192.168.12.34");
    assertThat(found.path("last").path(0).path("description").asText())
        .isEqualTo("Horizontal port scan to port 22/TCP");
    assertThat(found.path("blocked").path(0).asText()).isEqualTo("from 192.168.12.34/32");
  }
}
