package org.slipsfailover.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slipsfailover.iptables.Netns.Family;
import org.slipsfailover.iptables.WatcherSavesIT.Snapshot;

/**
 * Rules saved while the AP, Docker and Slips run; reboot (every table emptied, then restored from
 * the saved files as netfilter-persistent does); Docker and create_ap start again; create_ap stops.
 * Slips' blocks must be there exactly once and first in INPUT, OUTPUT and FORWARD, create_ap's
 * rules not there at all.
 */
class RebootIT extends NamespaceTest {
  static final String V4_ATTACKER = "203.0.113.7";
  static final String V6_ATTACKER = "2001:db8::7";

  @Test
  void rebootsRestoreSlipsBlocksOnceAndLeaveNoCreateApRule() throws IOException {
    List<String> createApRules = createApRulesAsSaved();
    runningPi();
    watcher.tick(ns);

    for (int boot = 1; boot <= 2; boot++) {
      ns.reboot();
      restoreSavedFiles();
      Snapshot restored = Snapshot.of(watcher);
      ns.sh(Actors.DOCKER_START);
      ns.sh(Actors.CREATE_AP_START);
      ns.sh(slipsStarts());
      watcher.tick(ns);
      for (Family family : Family.values()) {
        assertThat(jumpsNotFirst(family)).as("AP up after boot %d", boot).isEmpty();
      }
      ns.sh(Actors.CREATE_AP_STOP);
      watcher.tick(ns);

      assertThat(problems(createApRules)).as("after boot %d", boot).isEmpty();
      assertThat(Snapshot.of(watcher))
          .as("create_ap and Docker coming back wrote nothing, after boot %d", boot)
          .isEqualTo(restored);
    }
  }

  /** The same scenario and checks catch the old design: the whole live ruleset saved. */
  @Test
  void savingTheWholeRulesetLeavesCreateApRulesBehind() {
    List<String> createApRules = createApRulesAsSaved();
    runningPi();
    for (Family family : Family.values()) {
      ns.sh(
          "mkdir -p " + watcher.rulesDir + " && " + family.save() + " > " + watcher.rules(family));
    }

    ns.reboot();
    restoreSavedFiles();
    ns.sh(Actors.DOCKER_START);
    ns.sh(Actors.CREATE_AP_START);
    ns.sh(slipsStarts());
    ns.sh(Actors.CREATE_AP_STOP);

    assertThat(problems(createApRules))
        .contains(
            "create_ap rule left behind: nat: -A POSTROUTING -s 192.168.12.0/24 ! -o wlan0"
                + " -j MASQUERADE");
  }

  /** The real boot-time restorer, where the package is installed, reads the files as written. */
  @Test
  void netfilterPersistentRestoresTheSavedFiles() {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/sbin/netfilter-persistent")), "no netfilter-persistent");
    runningPi();
    watcher.tick(ns);

    ns.reboot();
    // ip netns exec runs in a mount namespace of its own: the bind mount ends with the command,
    // and the host's /etc/iptables is never read or written.
    ns.sh("mount --bind " + watcher.rulesDir + " /etc/iptables && netfilter-persistent start");

    for (Family family : Family.values()) {
      Ruleset live = Ruleset.parse(ns.save(family));
      String attacker = (family == Family.V4 ? V4_ATTACKER : V6_ATTACKER) + family.hostMask;
      assertThat(live.entries())
          .as(family.toString())
          .containsExactly(
              "filter: :INPUT ACCEPT",
              "filter: :FORWARD ACCEPT",
              "filter: :OUTPUT ACCEPT",
              "filter: :slipsBlocking -",
              "filter: -A INPUT -j slipsBlocking",
              "filter: -A FORWARD -j slipsBlocking",
              "filter: -A OUTPUT -j slipsBlocking",
              "filter: -A slipsBlocking -s " + attacker + " -j DROP",
              "filter: -A slipsBlocking -d " + attacker + " -j DROP");
    }
  }

  /** create_ap's rules in the form iptables-save prints them, found by starting it once alone. */
  private List<String> createApRulesAsSaved() {
    Ruleset before = Ruleset.parse(ns.save(Family.V4));
    ns.sh(Actors.CREATE_AP_START);
    List<String> added = Ruleset.parse(ns.save(Family.V4)).rulesAddedSince(before);
    ns.sh(Actors.CREATE_AP_STOP);
    assertThat(added).hasSize(8);
    return added;
  }

  /** The Pi before the reboot: Docker, then the AP, then Slips blocking one attacker a family. */
  private void runningPi() {
    ns.sh(Actors.DOCKER_START);
    ns.sh(Actors.CREATE_AP_START);
    ns.sh(Actors.slipsBlocks("iptables", V4_ATTACKER));
    ns.sh(Actors.slipsBlocks("ip6tables", V6_ATTACKER));
  }

  /** Slips starting again after the reboot: its chain and jumps exist, it adds no block. */
  private static String slipsStarts() {
    return Actors.slipsBlocks("iptables") + Actors.slipsBlocks("ip6tables");
  }

  /** What netfilter-persistent does at boot: each saved file through its restore command. */
  private void restoreSavedFiles() {
    for (Family family : Family.values()) {
      // On stdin: "iptables-restore -w FILE" would take FILE as -w's argument and restore nothing.
      ns.sh(family.restore() + " < " + watcher.rules(family));
    }
  }

  /** Rules inserted above Slips' jumps would let their traffic skip the blocks. */
  private List<String> jumpsNotFirst(Family family) {
    Ruleset live = Ruleset.parse(ns.save(family));
    List<String> problems = new ArrayList<>();
    for (String chain : List.of("INPUT", "OUTPUT", "FORWARD")) {
      String first = live.firstRule("filter", chain);
      if (!first.endsWith(" -j slipsBlocking")) {
        problems.add(family + " " + chain + " starts with " + first + ", before Slips' blocks");
      }
    }
    return problems;
  }

  private List<String> problems(List<String> createApRules) {
    List<String> problems = new ArrayList<>();
    for (Family family : Family.values()) {
      Ruleset live = Ruleset.parse(ns.save(family));
      live.duplicates().forEach((e, n) -> problems.add(family + " " + n + " times: " + e));
      String attacker = (family == Family.V4 ? V4_ATTACKER : V6_ATTACKER) + family.hostMask;
      for (String entry :
          List.of(
              "filter: :slipsBlocking -",
              "filter: -A INPUT -j slipsBlocking",
              "filter: -A OUTPUT -j slipsBlocking",
              "filter: -A FORWARD -j slipsBlocking",
              "filter: -A slipsBlocking -s " + attacker + " -j DROP",
              "filter: -A slipsBlocking -d " + attacker + " -j DROP")) {
        if (live.count(entry) != 1) {
          problems.add(family + " " + live.count(entry) + " times instead of once: " + entry);
        }
      }
      problems.addAll(jumpsNotFirst(family));
      if (family == Family.V4) {
        createApRules.stream()
            .filter(rule -> live.count(rule) > 0)
            .forEach(rule -> problems.add("create_ap rule left behind: " + rule));
      }
    }
    return problems;
  }
}
