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
}
