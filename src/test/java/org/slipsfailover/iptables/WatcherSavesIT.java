package org.slipsfailover.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slipsfailover.iptables.Netns.Family;

/** A timer tick saves what changed, in both families, and writes nothing when nothing did. */
class WatcherSavesIT extends NamespaceTest {
  static final String[] V4_ATTACKERS = {"203.0.113.7", "198.51.100.9"};
  static final String[] V6_ATTACKERS = {"2001:db8::7", "2001:db8::9"};

  @ParameterizedTest
  @EnumSource(Family.class)
  void aNewBlockIsSavedByTheNextTick(Family family) {
    String[] attackers = family == Family.V4 ? V4_ATTACKERS : V6_ATTACKERS;
    ns.sh(Actors.slipsBlocks(family.command, attackers[0]));
    watcher.tick(ns);
    assertThat(watcher.saved(family)).doesNotContain(attackers[1]);

    ns.sh(family.command + " -w -A slipsBlocking -s " + attackers[1] + " -j DROP");
    watcher.tick(ns);

    assertThat(watcher.saved(family))
        .contains("-A slipsBlocking -s " + attackers[1] + family.hostMask + " -j DROP")
        .contains("-A slipsBlocking -s " + attackers[0] + family.hostMask + " -j DROP")
        .contains("-A INPUT -j slipsBlocking");
    Family other = family == Family.V4 ? Family.V6 : Family.V4;
    assertThat(watcher.saved(other)).doesNotContain(attackers[1]);
  }

  @Test
  void anUnblockIsSavedToo() {
    ns.sh(Actors.slipsBlocks("iptables", "203.0.113.7", "198.51.100.9"));
    watcher.tick(ns);

    ns.sh("iptables -w -D slipsBlocking -s 198.51.100.9 -j DROP");
    watcher.tick(ns);

    assertThat(watcher.saved(Family.V4))
        .doesNotContain("-s 198.51.100.9/32")
        .contains("-d 198.51.100.9/32", "-s 203.0.113.7/32");
  }

  @Test
  void nothingIsWrittenWhenNothingChanged() throws IOException {
    ns.sh(Actors.slipsBlocks("iptables", "203.0.113.7"));
    ns.sh(Actors.slipsBlocks("ip6tables", "2001:db8::7"));
    watcher.tick(ns);
    Snapshot before = Snapshot.of(watcher);

    watcher.tick(ns);
    watcher.tick(ns);

    assertThat(Snapshot.of(watcher)).isEqualTo(before);
  }

  @Test
  void createApAndDockerComingAndGoingWriteNothing() throws IOException {
    ns.sh(Actors.slipsBlocks("iptables", "203.0.113.7"));
    watcher.tick(ns);
    Snapshot before = Snapshot.of(watcher);

    ns.sh(Actors.DOCKER_START);
    ns.sh(Actors.CREATE_AP_START);
    watcher.tick(ns);
    ns.sh(Actors.CREATE_AP_STOP);
    watcher.tick(ns);

    assertThat(Snapshot.of(watcher)).isEqualTo(before);
    assertThat(watcher.saved(Family.V4)).doesNotContain("192.168.12.", "DOCKER", "MASQUERADE");
  }

  @Test
  void jumpsToSlipsAreMovedBackAboveRulesInsertedLater() {
    ns.sh(Actors.slipsBlocks("iptables", "203.0.113.7"));
    ns.sh(Actors.DOCKER_START);
    ns.sh(Actors.CREATE_AP_START);
    Ruleset before = Ruleset.parse(ns.save(Family.V4));
    assertThat(before.firstRule("filter", "FORWARD")).doesNotContain("slipsBlocking");

    watcher.tick(ns);

    Ruleset after = Ruleset.parse(ns.save(Family.V4));
    for (String chain : new String[] {"INPUT", "FORWARD", "OUTPUT"}) {
      assertThat(after.firstRule("filter", chain))
          .isEqualTo("filter: -A " + chain + " -j slipsBlocking");
      assertThat(after.count("filter: -A " + chain + " -j slipsBlocking")).isOne();
    }
    assertThat(after.entries()).containsExactlyInAnyOrderElementsOf(before.entries());
    // create_ap's own stop still finds each of its rules.
    ns.sh(Actors.CREATE_AP_STOP);
  }

  /** Inode and modification time of both saved files: equal only if neither was written. */
  record Snapshot(Object inode4, FileTime mtime4, Object inode6, FileTime mtime6) {
    static Snapshot of(WatcherScript watcher) throws IOException {
      Path v4 = watcher.rules(Family.V4);
      Path v6 = watcher.rules(Family.V6);
      return new Snapshot(
          Files.getAttribute(v4, "unix:ino"),
          Files.getLastModifiedTime(v4),
          Files.getAttribute(v6, "unix:ino"),
          Files.getLastModifiedTime(v6));
    }
  }
}
