package org.slipsfailover.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.ProcessCommands;

/**
 * A network namespace of the test's own, with its own (empty) iptables tables: the host's rules are
 * never touched. Holds the AP's two interfaces as a veth pair, as on the Pi.
 */
final class Netns implements AutoCloseable {
  private static final Commands HOST = new ProcessCommands();

  final String name;

  private Netns(String name) {
    this.name = name;
  }

  static Netns create() {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    Netns ns = new Netns("sfw-test-" + HexFormat.of().formatHex(random));
    ns.boot();
    return ns;
  }

  /**
   * A reboot as netfilter sees it: the namespace and every table in it are gone, and a fresh one
   * with the same interfaces takes its place.
   */
  void reboot() {
    close();
    boot();
  }

  private void boot() {
    ok(HOST.run("ip", "netns", "add", name));
    ok(run("ip", "link", "add", "wlan0", "type", "veth", "peer", "name", "eth0"));
  }

  CommandResult run(String... argv) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", name));
    command.addAll(List.of(argv));
    return HOST.run(command);
  }

  /** Runs each line of {@code script} with sh inside the namespace, stopping at the first error. */
  String sh(String script) {
    return ok(run("sh", "-euc", script)).stdout();
  }

  /**
   * The live ruleset of one family, as {@code iptables-save} or {@code ip6tables-save} prints it.
   */
  String save(Family family) {
    return ok(run(family.save())).stdout();
  }

  static CommandResult ok(CommandResult result) {
    assertThat(result.exitCode()).as("exit code; stderr: %s", result.stderr()).isZero();
    return result;
  }

  @Override
  public void close() {
    HOST.run("ip", "netns", "del", name);
  }

  enum Family {
    V4("iptables", "rules.v4", "/32"),
    V6("ip6tables", "rules.v6", "/128");

    final String command;
    final String rulesFile;

    /** What iptables-save appends to a single address. */
    final String hostMask;

    Family(String command, String rulesFile, String hostMask) {
      this.command = command;
      this.rulesFile = rulesFile;
      this.hostMask = hostMask;
    }

    String save() {
      return command + "-save";
    }

    String restore() {
      return command + "-restore";
    }
  }
}
