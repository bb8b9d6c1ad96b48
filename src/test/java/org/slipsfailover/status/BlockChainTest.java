package org.slipsfailover.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockChainTest {
  @Test
  void listsTheSourcesAndDestinationsOfTheChainsRules() {
    String rules =
        "-N slipsBlocking\n"
            + "-A slipsBlocking -s 203.0.113.7/32 -j DROP\n"
            + "-A slipsBlocking -d 203.0.113.7/32 -j DROP\n"
            + "-A slipsBlocking -s 198.51.100.0/24 -p tcp -m tcp --dport 22 -j DROP\n"
            + "-A INPUT -s 10.0.0.1/32 -j DROP\n";
    assertThat(BlockChain.parse(rules))
        .containsExactly("from 203.0.113.7/32", "to 203.0.113.7/32", "from 198.51.100.0/24");
  }

  @Test
  void anEmptyChainBlocksNothing() {
    assertThat(BlockChain.parse("-N slipsBlocking\n")).isEmpty();
  }
}
