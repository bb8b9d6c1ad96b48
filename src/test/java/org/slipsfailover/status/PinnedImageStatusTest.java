package org.slipsfailover.status;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slipsfailover.host.ImagePin;

/** status shows the tag, the digest the runner starts and since when, in text and in JSON. */
class PinnedImageStatusTest {
  private static final String A = "stratosphereips/slips@sha256:" + "a".repeat(64);
  private static final String B = "stratosphereips/slips@sha256:" + "b".repeat(64);

  private static Facts facts() {
    TestFacts t = new TestFacts();
    t.pin =
        Optional.of(
            new ImagePin(
                "stratosphereips/slips:latest",
                B,
                Instant.parse("2026-12-06T01:00:00Z"),
                Optional.of(A),
                false,
                Optional.empty()));
    return t.build();
  }

  @Test
  void textSaysTheTagTheDigestAndSinceWhen() {
    Facts f = facts();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    StatusReport.printText(
        new PrintStream(text, true, UTF_8),
        f,
        Verdict.of(f),
        Instant.parse("2026-12-06T03:00:00Z"));
    assertThat(text.toString(UTF_8))
        .containsPattern(
            "image +stratosphereips/slips:latest pinned as "
                + B
                + " \\(since .+\\); previous kept: "
                + A);
  }

  @Test
  void jsonHasThemAsFields() {
    Facts f = facts();
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    StatusReport.printJson(new PrintStream(json, true, UTF_8), f, Verdict.of(f));
    assertThat(json.toString(UTF_8))
        .contains("\"tag\" : \"stratosphereips/slips:latest\"")
        .contains("\"digest\" : \"" + B + "\"")
        .contains("\"since\" : \"2026-12-06T01:00:00Z\"")
        .contains("\"previous\" : \"" + A + "\"");
  }
}
