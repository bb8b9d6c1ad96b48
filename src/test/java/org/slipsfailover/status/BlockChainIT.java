package org.slipsfailover.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.ProcessCommands;

/**
 * Reads a real {@code slipsBlocking} chain, made as Slips' blocking module makes it, with the real
 * iptables, in a network namespace of the test's own (the host's rules are never touched).
 */
class BlockChainIT {
  private static final Commands HOST = new ProcessCommands();

  private String ns;

  /** Every command run inside the namespace, as status would run it on the Pi. */
  private final Commands inside =
      argv -> {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        command.addAll(argv);
        return HOST.run(command);
      };

  @BeforeEach
  void namespace() {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    ns = "sfw-status-" + HexFormat.of().formatHex(random);
    ok(HOST.run("ip", "netns", "add", ns));
  }

  @AfterEach
  void removeNamespace() {
    HOST.run("ip", "netns", "del", ns);
  }

  @Test
  void noChainIsUnreadableNotNothingBlocked() {
    assertThat(BlockChain.read(inside)).isEmpty();
  }

  @Test
  void listsWhatTheChainBlocks() {
    ok(inside.run("iptables", "-w", "-N", "slipsBlocking"));
    ok(inside.run("iptables", "-w", "-I", "FORWARD", "-j", "slipsBlocking"));
    ok(inside.run("iptables", "-w", "-A", "slipsBlocking", "-s", "203.0.113.7", "-j", "DROP"));
    ok(inside.run("iptables", "-w", "-A", "slipsBlocking", "-d", "203.0.113.7", "-j", "DROP"));

    assertThat(BlockChain.read(inside))
        .hasValueSatisfying(
            b -> assertThat(b).containsExactly("from 203.0.113.7/32", "to 203.0.113.7/32"));
  }

  @Test
  void anEmptyChainBlocksNothing() {
    ok(inside.run("iptables", "-w", "-N", "slipsBlocking"));
    assertThat(BlockChain.read(inside)).hasValue(List.of());
  }

  private static void ok(CommandResult r) {
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.stderr()).isZero();
  }
}
