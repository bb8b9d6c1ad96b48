package org.slipsfailover.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.slipsfailover.gate.ForwardingPath.AP_CLIENT_V4;
import static org.slipsfailover.gate.ForwardingPath.BRIDGED_CLIENT_V4;
import static org.slipsfailover.gate.ForwardingPath.DHCP;
import static org.slipsfailover.gate.ForwardingPath.DNS;
import static org.slipsfailover.gate.ForwardingPath.FROM_AP;
import static org.slipsfailover.gate.ForwardingPath.FROM_AP_V6;
import static org.slipsfailover.gate.ForwardingPath.FROM_BRIDGED;
import static org.slipsfailover.gate.ForwardingPath.FROM_DOCKER;
import static org.slipsfailover.gate.ForwardingPath.FROM_WLAN;
import static org.slipsfailover.gate.ForwardingPath.LAN_V4;
import static org.slipsfailover.gate.ForwardingPath.PI_AP_V4;
import static org.slipsfailover.gate.ForwardingPath.PI_BRIDGE_V4;
import static org.slipsfailover.gate.ForwardingPath.SSH;
import static org.slipsfailover.gate.ForwardingPath.TO_AP_CLIENT;
import static org.slipsfailover.gate.ForwardingPath.TO_BRIDGED_CLIENT;
import static org.slipsfailover.gate.ForwardingPath.UPSTREAM_V4;
import static org.slipsfailover.gate.ForwardingPath.UPSTREAM_V6;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.TestSettings;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.testing.Poll;
import org.slipsfailover.units.HostFile;
import org.slipsfailover.units.Renderer;
import org.slipsfailover.units.TemplateSource;

/**
 * The rendered ruleset in a real forwarding path (see {@link ForwardingPath}), with streams of
 * packets counted where they arrive.
 */
class GateIT {
  private static final int STREAM = 100;

  @TempDir Path temp;
  private ForwardingPath net;
  private NftKernel kernel;
  private Gate gate;

  @BeforeEach
  void setUp() throws Exception {
    net = ForwardingPath.create();
    Path ruleset = temp.resolve("slips-gate.nft");
    Renderer renderer = new Renderer(new TemplateSource(HostRoot.of(temp.resolve("root"))));
    Files.writeString(
        ruleset,
        renderer.render(HostFile.GATE_RULESET, TestSettings.defaults(TestSettings.DEFAULT_DIR)));
    kernel = new NftKernel(net.nftOnPi(), net.piNetns(), ruleset, new ProcessCommands());
    // A long lease: an open gate must stay open through a stream on a loaded machine.
    gate = new Gate(kernel, Clock.systemUTC(), Duration.ofSeconds(60));
  }

  @AfterEach
  void tearDown() {
    kernel.close();
    net.close();
  }

  @Test
  void withoutTheGateEverythingIsForwarded() {
    // The harness can fail: the same streams as below arrive in full with no gate loaded.
    assertThat(forwardedFromClients()).containsExactly(STREAM, STREAM, STREAM, STREAM);
    assertThat(toApClient()).isEqualTo(STREAM);
  }

  @Test
  void closedDropsEveryForwardedClientPacket() throws Exception {
    gate.loadClosed();
    long[] counts = forwardedFromClients();
    assertThat(counts[0]).as("ap0 -> upstream, IPv4").isZero();
    assertThat(counts[1]).as("wlan0 -> upstream").isZero();
    assertThat(counts[2]).as("ap0 -> upstream, IPv6").isZero();
    assertThat(counts[3]).as("docker0 -> upstream, not the AP's").isEqualTo(STREAM);
    assertThat(toApClient()).as("upstream -> ap0").isZero();
    assertThat(kernel.read().orElseThrow().dropped()).isGreaterThanOrEqualTo(4L * STREAM);
  }

  @Test
  void anOpenLeaseLetsThemThrough() throws Exception {
    gate.loadClosed();
    assertThat(gate.renew(Instant.now())).isTrue();
    assertThat(forwardedFromClients()).containsExactly(STREAM, STREAM, STREAM, STREAM);
    assertThat(toApClient()).isEqualTo(STREAM);
  }

  @Test
  void renewalsNeverLetTheGateBlink() throws Exception {
    gate.loadClosed();
    gate.renew(Instant.now());
    Thread renewing =
        new Thread(
            () -> {
              try {
                while (true) {
                  gate.renew(Instant.now());
                  Thread.sleep(5);
                }
              } catch (InterruptedException e) {
                // done
              }
            });
    renewing.start();
    try {
      assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM)).isEqualTo(STREAM);
    } finally {
      renewing.interrupt();
      renewing.join();
    }
    assertThat(kernel.read().orElseThrow().dropped()).isZero();
  }

  @Test
  void theLeaseRunsOutWithNoProcessAlive() throws Exception {
    gate.loadClosed();
    Instant renewed = Instant.now();
    kernel.renew(Duration.ofSeconds(2));
    kernel.close(); // no nft, no JVM part left: only the kernel's timeout
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, 20)).isEqualTo(20);
    awaitLeaseGone(renewed.plusSeconds(2).plusMillis(500));
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM)).isZero();
  }

  @Test
  void revokeClosesAtOnce() throws Exception {
    gate.loadClosed();
    gate.renew(Instant.now());
    gate.revoke("test");
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM)).isZero();
  }

  @Test
  void aBridgeTableTheKernelRefusesLeavesTheInetGateLoadedAndWorking() throws Exception {
    refuseTheBridgeTable();
    gate.loadClosed();
    assertThat(net.sh(net.pi, "nft list tables"))
        .contains("table inet slips_failover")
        .doesNotContain("table bridge slips_failover");
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM)).as("inet closed").isZero();
    assertThat(bridgedToLan(20)).as("not gated: no bridge table").isEqualTo(20);
    assertThat(gate.heal()).as("inet alone is ours").isEqualTo(Gate.Health.OURS);
    assertThat(gate.renew(Instant.now())).isTrue();
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM)).isEqualTo(STREAM);
    gate.revoke("test");
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM)).isZero();
    Commands onPi = argv -> net.run(net.pi, argv.toArray(String[]::new));
    assertThat(GateReading.read(onPi).bridgeLoaded()).as("status says so").isFalse();
    assertThat(GateReading.read(onPi).state()).isEqualTo(GateReading.State.CLOSED);
  }

  @Test
  void theRunnerScriptsRevokeLineClosesTheInetGateWhereTheBridgeTableIsRefused() throws Exception {
    refuseTheBridgeTable();
    gate.loadClosed();
    assertThat(gate.renew(Instant.now())).isTrue();
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, 20)).isEqualTo(20);
    net.sh(net.pi, revokeLine());
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM)).isZero();
  }

  @Test
  void trafficOfThePiItselfPassesWhileClosed() throws Exception {
    gate.loadClosed();
    long dns = net.received(net.pi, DNS);
    long dhcp = net.received(net.pi, DHCP);
    long ssh = net.received(net.pi, SSH);
    net.stream(net.apClient, PI_AP_V4, DNS, 10);
    net.stream(net.apClient, PI_AP_V4, DHCP, 10);
    net.connect(net.apClient, PI_AP_V4, SSH);
    assertThat(net.received(net.pi, DNS) - dns).isEqualTo(10);
    assertThat(net.received(net.pi, DHCP) - dhcp).isEqualTo(10);
    assertThat(net.received(net.pi, SSH) - ssh).as("a SYN to port 22").isPositive();
    long before = net.received(net.apClient, TO_AP_CLIENT);
    net.stream(net.pi, AP_CLIENT_V4, TO_AP_CLIENT, 10);
    assertThat(net.received(net.apClient, TO_AP_CLIENT) - before).as("Pi -> client").isEqualTo(10);
  }

  @Test
  void aVirtualInterfaceCreatedAfterTheLoadIsGated() throws Exception {
    gate.loadClosed();
    net.sh(net.pi, "ip link set ap0 down\nip link set ap0 name ap1\nip link set ap1 up");
    net.sh(net.pi, "iptables -w -I FORWARD -i ap1 -j ACCEPT");
    net.sh(net.pi, "ip route replace 192.168.12.0/24 dev ap1");
    net.sh(net.pi, "ip addr add 192.168.12.1/24 dev ap1 2>/dev/null || true");
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM)).isZero();
    gate.renew(Instant.now());
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM))
        .as("the path works")
        .isEqualTo(STREAM);
  }

  /** All of 20 packets from the access point's client go upstream: the gate is open or gone. */
  private void assertAllForwarded(String why) {
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, 20)).as(why).isEqualTo(20);
  }

  /** The check finds {@code found} and closes the gate: none of a stream goes upstream. */
  private void assertTheCheckFindsAndCloses(Gate.Health found) {
    assertThat(gate.heal()).isEqualTo(found);
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM)).isZero();
  }

  @Test
  void flushRulesetThenHealPutsItBackClosed() throws Exception {
    gate.loadClosed();
    gate.renew(Instant.now());
    net.sh(net.pi, "nft flush ruleset");
    assertAllForwarded("no gate");
    assertTheCheckFindsAndCloses(Gate.Health.MISSING);
    assertThat(gate.heal()).isEqualTo(Gate.Health.OURS);
  }

  @Test
  void anOutsideFlushRightAfterARevokeOfAnEmptyLeaseIsPutBack() throws Exception {
    gate.loadClosed();
    gate.revoke("test"); // nothing to empty: the kernel commits nothing
    net.sh(net.pi, "nft flush ruleset");
    assertAllForwarded("no gate");
    assertTheCheckFindsAndCloses(Gate.Health.MISSING);
  }

  @Test
  void aLeaseAddedByHandWithATimeoutWhileNoneIsHeldIsRemovedByTheCheck() throws Exception {
    gate.loadClosed();
    assertThat(gate.heal()).isEqualTo(Gate.Health.OURS);
    net.sh(net.pi, "nft add element inet slips_failover lease '{ 0 timeout 1d }'");
    assertAllForwarded("opened by hand");
    assertTheCheckFindsAndCloses(Gate.Health.CHANGED);
    assertThat(gate.heal()).isEqualTo(Gate.Health.OURS);
  }

  @Test
  void aLeaseAddedByHandToTheBridgeTableAloneIsRemovedByTheCheck() throws Exception {
    gate.loadClosed();
    net.sh(net.pi, "nft add element bridge slips_failover lease '{ 0 timeout 1d }'");
    assertThat(bridgedToLan(20)).as("opened by hand").isEqualTo(20);
    assertThat(gate.heal()).isEqualTo(Gate.Health.CHANGED);
    assertThat(bridgedToLan(STREAM)).isZero();
  }

  @Test
  void aLeaseOutlivingOursIsCorrectedByTheCheck() throws Exception {
    gate.loadClosed();
    assertThat(gate.renew(Instant.now())).isTrue(); // 60 s
    assertThat(gate.heal()).isEqualTo(Gate.Health.OURS);
    // Kernels that update an existing element's timeout take this; older ones keep ours: then a
    // second key, which the rule never matches but which must not stay either.
    net.sh(
        net.pi,
        "nft add element inet slips_failover lease '{ 0 timeout 1d }' || true\n"
            + "nft add element inet slips_failover lease '{ 1 timeout 1d }'");
    assertThat(gate.heal()).isEqualTo(Gate.Health.CHANGED);
    assertThat(kernel.read().orElseThrow().furthestLease()).isEmpty();
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM)).isZero();
  }

  @Test
  void aTableOpenedByHandIsPutBackClosed() throws Exception {
    gate.loadClosed();
    net.sh(net.pi, "nft add element inet slips_failover lease '{ 0 }'"); // no timeout: forever
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, 20)).isEqualTo(20);
    assertTheCheckFindsAndCloses(Gate.Health.CHANGED);
  }

  @Test
  void aRuleAddedByHandIsPutBackClosed() throws Exception {
    gate.loadClosed();
    net.sh(net.pi, "nft insert rule inet slips_failover forward accept");
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, 20)).isEqualTo(20);
    assertTheCheckFindsAndCloses(Gate.Health.CHANGED);
  }

  @Test
  void iptablesRestoreOfTheSavedRulesLeavesTheGate() throws Exception {
    gate.loadClosed();
    String rulesV4 =
        String.join(
            "\n",
            "*filter",
            ":INPUT ACCEPT [0:0]",
            ":FORWARD ACCEPT [0:0]",
            ":OUTPUT ACCEPT [0:0]",
            ":slipsBlocking - [0:0]",
            "-A INPUT -j slipsBlocking",
            "-A FORWARD -j slipsBlocking",
            "-A OUTPUT -j slipsBlocking",
            "COMMIT",
            "");
    Path file = temp.resolve("rules.v4");
    Files.writeString(file, rulesV4);
    ForwardingPath.ok(net.run(net.pi, "iptables-restore", file.toString()));
    assertThat(gate.heal()).isEqualTo(Gate.Health.OURS);
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM)).isZero();
  }

  @Test
  void theRunnerScriptsRevokeLineClosesWithoutAJvm() throws Exception {
    gate.loadClosed();
    gate.renew(Instant.now());
    net.sh(net.pi, revokeLine());
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM)).isZero();
    net.sh(net.pi, "nft delete table inet slips_failover");
    net.sh(net.pi, revokeLine()); // gone: the same line loads it, closed
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM)).isZero();
  }

  @Test
  void theRunnerScriptsRevokeLineClosesTheBridgeToo() throws Exception {
    gate.loadClosed();
    gate.renew(Instant.now());
    net.sh(net.pi, revokeLine());
    assertThat(bridgedToLan(STREAM)).isZero();
    net.sh(net.pi, "nft delete table bridge slips_failover");
    assertThat(bridgedToLan(20)).as("no bridge table").isEqualTo(20);
    net.sh(net.pi, revokeLine()); // one table gone: the same line loads both, closed
    assertThat(bridgedToLan(STREAM)).isZero();
  }

  // Bridge mode (create_ap -m bridge): frames between the AP's bridge port and the LAN port.

  @Test
  void bridgedWithoutTheGateEverythingPasses() {
    assertThat(bridgedToLan(STREAM)).isEqualTo(STREAM);
    assertThat(lanToBridged(STREAM)).isEqualTo(STREAM);
  }

  @Test
  void bridgedClosedDropsBothWaysButThePiItselfIsReached() throws Exception {
    gate.loadClosed();
    assertThat(bridgedToLan(STREAM)).as("ap5 -> lan0").isZero();
    assertThat(lanToBridged(STREAM)).as("lan0 -> ap5").isZero();
    long dns = net.received(net.pi, DNS);
    net.stream(net.bridgedClient, PI_BRIDGE_V4, DNS, 10);
    assertThat(net.received(net.pi, DNS) - dns).as("client -> the Pi on br0").isEqualTo(10);
    assertThat(kernel.read().orElseThrow().dropped()).isGreaterThanOrEqualTo(2L * STREAM);
  }

  @Test
  void bridgedARenewalLetsThemThrough() throws Exception {
    gate.loadClosed();
    assertThat(bridgedToLan(20)).isZero();
    assertThat(gate.renew(Instant.now())).isTrue();
    assertThat(bridgedToLan(STREAM)).isEqualTo(STREAM);
    assertThat(lanToBridged(STREAM)).isEqualTo(STREAM);
  }

  @Test
  void bridgedTheLeaseRunsOutWithNoProcessAlive() throws Exception {
    gate.loadClosed();
    Instant renewed = Instant.now();
    kernel.renew(Duration.ofSeconds(2));
    kernel.close();
    assertThat(bridgedToLan(20)).isEqualTo(20);
    awaitLeaseGone(renewed.plusSeconds(2).plusMillis(500));
    assertThat(bridgedToLan(STREAM)).isZero();
  }

  @Test
  void bridgedRevokeClosesAtOnce() throws Exception {
    gate.loadClosed();
    gate.renew(Instant.now());
    assertThat(bridgedToLan(20)).isEqualTo(20);
    gate.revoke("test");
    assertThat(bridgedToLan(STREAM)).isZero();
    assertThat(lanToBridged(STREAM)).isZero();
  }

  @Test
  void bridgedFlushRulesetThenHealPutsItBackClosed() throws Exception {
    gate.loadClosed();
    gate.renew(Instant.now());
    net.sh(net.pi, "nft flush ruleset");
    assertThat(bridgedToLan(20)).as("no gate").isEqualTo(20);
    assertThat(gate.heal()).isEqualTo(Gate.Health.MISSING);
    assertThat(bridgedToLan(STREAM)).isZero();
    assertThat(gate.heal()).isEqualTo(Gate.Health.OURS);
  }

  @Test
  void theBridgeTableAloneRemovedIsPutBackAndRenewalsDoNotOpenTheOther() throws Exception {
    gate.loadClosed();
    net.sh(net.pi, "nft delete table bridge slips_failover");
    assertThat(bridgedToLan(20)).as("no bridge table").isEqualTo(20);
    // One nft transaction for both leases: with one table gone, the other does not open either.
    assertThat(gate.renew(Instant.now())).isFalse();
    assertThat(forwarded(net.apClient, UPSTREAM_V4, FROM_AP, 20)).as("inet still closed").isZero();
    assertThat(gate.heal()).isEqualTo(Gate.Health.MISSING);
    assertThat(bridgedToLan(STREAM)).isZero();
  }

  /** As on a kernel without nftables' bridge family: the bridge part of the file is refused. */
  private void refuseTheBridgeTable() throws Exception {
    Path ruleset = temp.resolve("slips-gate.nft");
    String file = Files.readString(ruleset);
    Files.writeString(
        ruleset,
        file.replace(
            "type filter hook forward priority -210; policy accept;",
            "type filter hook forward priority -210; policy accept;\n\t\tno_such_statement"));
  }

  private long bridgedToLan(int packets) {
    long before = net.received(net.lan, FROM_BRIDGED);
    net.stream(net.bridgedClient, LAN_V4, FROM_BRIDGED, packets);
    return net.received(net.lan, FROM_BRIDGED) - before;
  }

  private long lanToBridged(int packets) {
    long before = net.received(net.bridgedClient, TO_BRIDGED_CLIENT);
    net.stream(net.lan, BRIDGED_CLIENT_V4, TO_BRIDGED_CLIENT, packets);
    return net.received(net.bridgedClient, TO_BRIDGED_CLIENT) - before;
  }

  /** The cut-ap line of the rendered runner script, with the test's ruleset file. */
  private String revokeLine() throws Exception {
    Renderer renderer = new Renderer(new TemplateSource(HostRoot.of(temp.resolve("root"))));
    String script =
        renderer.render(HostFile.RUNNER, TestSettings.defaults(TestSettings.DEFAULT_DIR));
    String line =
        script
            .lines()
            .filter(l -> l.contains("flush set inet slips_failover lease"))
            .findFirst()
            .orElseThrow()
            .strip();
    return line.replace(HostFile.GATE_RULESET_PATH, temp.resolve("slips-gate.nft").toString());
  }

  /** Streams from each client upstream: ap0 (IPv4), wlan0, ap0 (IPv6), docker0. */
  private long[] forwardedFromClients() {
    return new long[] {
      forwarded(net.apClient, UPSTREAM_V4, FROM_AP, STREAM),
      forwarded(net.wlanClient, UPSTREAM_V4, FROM_WLAN, STREAM),
      forwarded(net.apClient, UPSTREAM_V6, FROM_AP_V6, STREAM),
      forwarded(net.dockerClient, UPSTREAM_V4, FROM_DOCKER, STREAM)
    };
  }

  private long toApClient() {
    long before = net.received(net.apClient, TO_AP_CLIENT);
    net.stream(net.upstream, AP_CLIENT_V4, TO_AP_CLIENT, STREAM);
    return net.received(net.apClient, TO_AP_CLIENT) - before;
  }

  /** How many of {@code packets} sent from {@code ns} arrived upstream. */
  private long forwarded(String ns, String ip, int port, int packets) {
    long before = net.received(net.upstream, port);
    net.stream(ns, ip, port, packets);
    return net.received(net.upstream, port) - before;
  }

  /**
   * Waits until the kernel removed the lease by itself; fails if it is still there at the limit.
   */
  private void awaitLeaseGone(Instant limit) {
    NftKernel reader =
        new NftKernel(net.nftOnPi(), net.piNetns(), temp.resolve("unused"), new ProcessCommands());
    try {
      Poll.within(
              Duration.ofMillis(Math.max(1, Duration.between(Instant.now(), limit).toMillis())),
              Duration.ofMillis(20))
          .alias("lease gone by its timeout")
          .until(() -> !reader.read().orElseThrow().open());
    } finally {
      reader.close();
    }
  }
}
