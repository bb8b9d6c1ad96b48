package org.slipsfailover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ruleset file cut into one part per table, each loadable alone. */
class GateRulesetTest {
  @Test
  void theTemplateIsCutIntoAnInetPartAndABridgePartInThatOrder() throws Exception {
    Map<String, String> parts =
        GateRuleset.split(Files.readString(Path.of("templates/slips-gate.nft")));
    assertThat(parts.keySet()).containsExactly("inet", "bridge");
    String inet = parts.get("inet");
    String bridge = parts.get("bridge");
    assertThat(inet)
        .startsWith("table inet slips_failover\ndelete table inet slips_failover\n")
        .contains("table inet slips_failover {")
        .contains("oifname \"ap*\" counter drop")
        .doesNotContain("bridge");
    assertThat(bridge)
        .startsWith("table bridge slips_failover\ndelete table bridge slips_failover\n")
        .contains("table bridge slips_failover {")
        .contains("priority -210")
        .doesNotContain("inet");
    assertThat(inet.chars().filter(c -> c == '{').count())
        .as("every block closed in its part")
        .isEqualTo(inet.chars().filter(c -> c == '}').count());
  }

  @Test
  void aDefineGoesIntoEveryPartAndAFileWithoutABridgeTableHasNoBridgePart() {
    Map<String, String> parts =
        GateRuleset.split("define X = 1\ntable inet slips_failover {\n  # { in a comment\n}\n");
    assertThat(parts.keySet()).containsExactly("inet");
    assertThat(parts.get("inet"))
        .isEqualTo("define X = 1\ntable inet slips_failover {\n  # { in a comment\n}\n");
  }
}
