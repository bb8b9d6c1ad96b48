package org.slipsfailover.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.iptables.Netns.Family;
import org.slipsfailover.testing.Poll;

/** {@code --follow}: a save on each change xtables-monitor reports, without holding the lock. */
class FollowIT extends NamespaceTest {
  Process follower;

  @AfterEach
  void stopFollower() throws InterruptedException {
    if (follower != null) {
      // setsid made the follower a process group leader: this ends xtables-monitor with it.
      new ProcessCommands().run("kill", "-TERM", "--", "-" + follower.pid());
      follower.waitFor();
    }
  }

  @Test
  void eachChangeIsSavedWithinASecond() throws Exception {
    ns.sh(Actors.slipsBlocks("iptables", "203.0.113.7"));
    startFollower();
    awaitSaved(Family.V4, "203.0.113.7", Duration.ofSeconds(5));

    for (Family family : Family.values()) {
      String attacker = family == Family.V4 ? "198.51.100.9" : "2001:db8::9";
      ns.sh(Actors.slipsBlocks(family.command, attacker));

      awaitSaved(family, attacker, Duration.ofSeconds(1));
    }
  }

  @Test
  void aOneShotSaveRunsWhileTheFollowerWaits() throws Exception {
    startFollower();
    awaitSaved(Family.V4, "COMMIT", Duration.ofSeconds(5));

    long start = System.nanoTime();
    watcher.tick(ns);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(follower.isAlive()).isTrue();
  }

  private void startFollower() throws IOException {
    List<String> command = new ArrayList<>(List.of("setsid", "ip", "netns", "exec", ns.name));
    command.addAll(List.of(watcher.command()));
    command.add("--follow");
    follower = new ProcessBuilder(command).inheritIO().start();
  }

  private void awaitSaved(Family family, String text, Duration limit) throws Exception {
    Poll.within(limit, Duration.ofMillis(20))
        .alias(text + " in " + family.rulesFile)
        .until(() -> Files.exists(watcher.rules(family)) && watcher.saved(family).contains(text));
  }
}
