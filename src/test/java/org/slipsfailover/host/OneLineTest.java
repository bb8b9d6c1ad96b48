package org.slipsfailover.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OneLineTest {
  @Test
  void controlCharactersBecomeVisibleEscapes() {
    assertThat(OneLine.of("exited\n2026-01-01T00:00:00Z INFO forged\r\t\u001b[2J\u0085\u2028end"))
        .isEqualTo("exited\\n2026-01-01T00:00:00Z INFO forged\\r\\t\\x1b[2J\\x85\\u2028end");
    assertThat(OneLine.of("plain, ünïcode")).isEqualTo("plain, ünïcode");
  }

  @Test
  void aBackslashIsDoubledSoThatNoForgedEscapeReadsAsOurs() {
    // Typed by someone else: a literal backslash-n must not read as our escaped newline.
    assertThat(OneLine.of("name\\nINFO forged")).isEqualTo("name\\\\nINFO forged");
  }

  @Test
  void bidirectionalControlsAreEscaped() {
    // U+202E would show "gate open" as "nepo etag" and hide what follows.
    assertThat(
            OneLine.of(
                "a\u202eb\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061cz"))
        .isEqualTo(
            "a\\u202eb\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061cz");
  }
}
