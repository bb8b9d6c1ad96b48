package org.slipsfailover.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.testing.MutableClock;

/** The decisions against a fake chain; {@code RestoredBlocksIT} runs them against iptables. */
class RestoredBlocksTest {
  static final Duration WIDTH = Duration.ofMinutes(5);

  @TempDir Path dir;
  final MutableClock clock = new MutableClock();
  final FakeChain chain = new FakeChain();
  final AtomicInteger saves = new AtomicInteger();
  String boot = "boot-1";
  RestoredBlocks blocks;

  @BeforeEach
  void setUp() throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    int uid = (Integer) Files.getAttribute(dir, "unix:uid");
    blocks =
        new RestoredBlocks(
            chain,
            new BlockTimes(dir.resolve("state/block-times"), uid, line -> {}),
            () -> boot,
            clock,
            () -> new SlipsTimeWindow(WIDTH),
            Set::of,
            saves::incrementAndGet);
  }

  @Test
  void restoredBlocksAreLiftedTwoWindowsAfterTheyWereFirstSeen() {
    chain.rules.add(BlockRuleTest.SOURCE);
    chain.rules.add(BlockRuleTest.DESTINATION);
    blocks.look();
    clock.advance(Duration.ofMinutes(3));
    boot = "boot-2"; // a reboot: netfilter-persistent restored the chain
    assertThat(blocks.look()).isEmpty();

    clock.advance(Duration.ofMinutes(7).minusSeconds(1));
    assertThat(blocks.look()).as("one second before the end of the next window").isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(blocks.look()).hasSize(2);
    assertThat(chain.rules).isEmpty();
    assertThat(saves).as("the rules are saved without them").hasValue(1);
  }

  @Test
  void blocksOfThisBootAreSlipsOwnAndStay() {
    chain.rules.add(BlockRuleTest.SOURCE);
    blocks.look();
    clock.advance(Duration.ofDays(1));
    assertThat(blocks.look()).isEmpty();
    assertThat(chain.rules).hasSize(1);
    assertThat(saves).hasValue(0);
  }

  @Test
  void aBlockThatComesBackAfterTheRestoreIsSlipsOwnAgain() {
    chain.rules.add(BlockRuleTest.SOURCE);
    blocks.look();
    boot = "boot-2";
    blocks.look();
    chain.rules.clear(); // Slips (or someone) lifted it...
    blocks.look();
    clock.advance(Duration.ofMinutes(1));
    chain.rules.add(BlockRuleTest.SOURCE); // ...and Slips blocked it again
    blocks.look();
    clock.advance(Duration.ofHours(5));
    assertThat(blocks.look()).isEmpty();
    assertThat(chain.rules).containsExactly(BlockRuleTest.SOURCE);
  }

  @Test
  void noChainChangesNothing() {
    chain.rules.add(BlockRuleTest.SOURCE);
    blocks.look();
    chain.exists = false; // the boot before the restore
    boot = "boot-2";
    blocks.look();
    chain.exists = true;
    clock.advance(WIDTH.multipliedBy(2));
    assertThat(blocks.look()).as("still known as first seen in boot 1").hasSize(1);
  }

  @Test
  void aClockBehindTheRecordsLiftsNothing() {
    chain.rules.add(BlockRuleTest.SOURCE);
    blocks.look();
    boot = "boot-2";
    clock.advance(Duration.ofDays(-30)); // the Pi booted with a stale clock
    assertThat(blocks.look()).isEmpty();
    clock.advance(Duration.ofDays(30).plus(WIDTH.multipliedBy(2)));
    assertThat(blocks.look()).hasSize(1);
  }

  /** {@code iptables -S slipsBlocking} and {@code -D}, on a list of rule lines. */
  static final class FakeChain implements Commands {
    final Set<String> rules = new LinkedHashSet<>();
    boolean exists = true;

    @Override
    public CommandResult run(List<String> argv) {
      if (!exists) {
        return new CommandResult(1, "", "iptables: No chain/target/match by that name.");
      }
      if (argv.contains("-S")) {
        return new CommandResult(0, "-N slipsBlocking\n" + String.join("\n", rules) + "\n", "");
      }
      if (argv.contains("-D")) {
        List<String> words = new ArrayList<>(argv.subList(argv.indexOf("-D") + 2, argv.size()));
        String line =
            "-A slipsBlocking "
                + String.join(" ", words)
                    .replace("--comment Slips rule", "--comment \"Slips rule\"");
        return rules.remove(line)
            ? new CommandResult(0, "", "")
            : new CommandResult(1, "", "no rule");
      }
      throw new AssertionError("unexpected " + argv);
    }
  }
}
