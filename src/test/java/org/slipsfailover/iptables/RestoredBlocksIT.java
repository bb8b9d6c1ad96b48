package org.slipsfailover.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slipsfailover.blocks.BlockTimes;
import org.slipsfailover.blocks.RestoredBlocks;
import org.slipsfailover.blocks.SlipsBlockingLog;
import org.slipsfailover.blocks.SlipsBlockingLogTest;
import org.slipsfailover.blocks.SlipsTimeWindow;
import org.slipsfailover.iptables.Netns.Family;
import org.slipsfailover.testing.MutableClock;

/**
 * Slips' blocks in real iptables, in a namespace of the test's own: saved by the watcher, restored
 * after a reboot as netfilter-persistent does, then lifted when Slips would have lifted them; a
 * block that Slips makes again after the restore stays, whether its rules came back or Slips took
 * the restored ones over (it then changes no rule; its blocking.log says so).
 */
class RestoredBlocksIT extends NamespaceTest {
  static final String EXPIRES = "198.51.100.7";
  static final String BLOCKED_AGAIN = "198.51.100.8";
  static final String TAKEN_OVER = "198.51.100.9";
  static final Duration WIDTH = Duration.ofMinutes(5);

  final MutableClock clock = new MutableClock();
  String boot = "11111111-1111-1111-1111-111111111111";
  RestoredBlocks blocks;
  Path output;

  @BeforeEach
  void parts() throws IOException {
    output = temp.resolve("output");
    Path state = temp.resolve("state");
    Files.createDirectories(state);
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
    int uid = (Integer) Files.getAttribute(state, "unix:uid");
    blocks =
        new RestoredBlocks(
            argv -> ns.run(argv.toArray(String[]::new)),
            new BlockTimes(state.resolve("block-times"), uid, line -> {}),
            () -> boot,
            clock,
            () -> new SlipsTimeWindow(WIDTH),
            () -> new SlipsBlockingLog(output, line -> {}).requestedSince(Instant.EPOCH),
            () -> watcher.tick(ns));
  }

  @Test
  void restoredBlocksAreLiftedWhenSlipsWouldHaveAndABlockMadeAgainStays() throws IOException {
    ns.sh(
        slipsStarts()
            + slipsBlocks(EXPIRES)
            + slipsBlocks(BLOCKED_AGAIN)
            + slipsBlocks(TAKEN_OVER));
    blocks.look();
    watcher.tick(ns);

    clock.advance(Duration.ofMinutes(2));
    ns.reboot();
    boot = "22222222-2222-2222-2222-222222222222";
    ns.sh(Family.V4.restore() + " < " + watcher.rules(Family.V4));
    assertThat(chain()).contains(EXPIRES, BLOCKED_AGAIN);
    blocks.look();

    // After the restore Slips lifts one block (its rules gone) and blocks it again later.
    ns.sh(slipsUnblocks(BLOCKED_AGAIN));
    blocks.look();
    clock.advance(Duration.ofMinutes(1));
    ns.sh(slipsStarts() + slipsBlocks(BLOCKED_AGAIN));
    blocks.look();

    // Slips blocks the third again: it finds the address in its chain, changes no rule, and
    // registers its own unblock request (its blocking.log says so).
    Files.createDirectories(output.resolve("wlan0_eth0_run2"));
    Files.writeString(
        output.resolve("wlan0_eth0_run2/blocking.log"), SlipsBlockingLogTest.request(TAKEN_OVER));

    clock.advance(WIDTH.multipliedBy(2).minus(Duration.ofMinutes(3)).minusSeconds(1));
    assertThat(blocks.look()).as("a second before the latest end Slips meant").isEmpty();
    assertThat(chain()).contains(EXPIRES);

    clock.advance(Duration.ofSeconds(1));
    assertThat(blocks.look()).hasSize(2);
    assertThat(chain()).doesNotContain(EXPIRES).contains(BLOCKED_AGAIN, TAKEN_OVER);
    assertThat(watcher.saved(Family.V4))
        .as("saved without it: the next boot does not restore it")
        .doesNotContain(EXPIRES)
        .contains(BLOCKED_AGAIN, TAKEN_OVER);

    clock.advance(Duration.ofDays(1));
    assertThat(blocks.look()).isEmpty();
    assertThat(chain()).contains(BLOCKED_AGAIN, TAKEN_OVER);
  }

  private String chain() {
    return ns.sh("iptables -w -S slipsBlocking");
  }

  private static String slipsStarts() {
    return Actors.slipsBlocks("iptables");
  }

  /** As Slips 1.1.21 blocks an address: two rules inserted at the top of its chain. */
  private static String slipsBlocks(String ip) {
    return slipsRules("--insert", ip);
  }

  private static String slipsUnblocks(String ip) {
    return slipsRules("--delete", ip);
  }

  private static String slipsRules(String action, String ip) {
    StringBuilder sh = new StringBuilder();
    for (String flag : new String[] {"-s", "-d"}) {
      sh.append("iptables -w " + action + " slipsBlocking " + flag + " " + ip)
          .append(" -m comment --comment \"Slips rule\" -j DROP\n");
    }
    return sh.toString();
  }
}
