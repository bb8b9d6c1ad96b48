package org.slipsfailover.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlockRuleTest {
  static final String SOURCE =
      "-A slipsBlocking -s 192.0.2.66/32 -m comment --comment \"Slips rule\" -j DROP";
  static final String DESTINATION =
      "-A slipsBlocking -d 192.0.2.66/32 -m comment --comment \"Slips rule\" -j DROP";

  @Test
  void parsesTheListingAsIptablesPrintsIt() {
    List<BlockRule> rules =
        BlockRule.parseListing("-N slipsBlocking\n" + DESTINATION + "\n" + SOURCE + "\n");
    assertThat(rules).extracting(BlockRule::line).containsExactly(DESTINATION, SOURCE);
    assertThat(rules).extracting(BlockRule::address).containsOnly("192.0.2.66");
  }

  @Test
  void deletesWithTheQuotesUndone() {
    assertThat(new BlockRule(SOURCE).deleteArguments())
        .containsExactly(
            "-D",
            "slipsBlocking",
            "-s",
            "192.0.2.66/32",
            "-m",
            "comment",
            "--comment",
            "Slips rule",
            "-j",
            "DROP");
    assertThat(
            new BlockRule(
                    "-A slipsBlocking -s 10.0.0.1/32 -m comment --comment \"a \\\"b\\\"\" -j DROP")
                .deleteArguments())
        .contains("a \"b\"");
  }

  @Test
  void otherChainsAreNotRules() {
    assertThat(BlockRule.of("-A FORWARD -j slipsBlocking")).isEmpty();
    assertThat(BlockRule.of("-N slipsBlocking")).isEmpty();
  }
}
