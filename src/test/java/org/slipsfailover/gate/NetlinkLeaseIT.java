package org.slipsfailover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.ProcessCommands;

/**
 * The lease over netlink against the real nftables, in a network namespace of its own holding the
 * rendered gate: what it puts in, what the kernel refuses, and how the generation counts.
 */
class NetlinkLeaseIT {
  private static final ProcessCommands HOST = new ProcessCommands();

  @TempDir Path temp;
  private String ns;
  private NetlinkLease lease;

  @BeforeEach
  void setUp() throws Exception {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    ns = "sfw-nl" + HexFormat.of().formatHex(random);
    ok(HOST.run("ip", "netns", "add", ns));
    Path ruleset = temp.resolve("gate.nft");
    Files.writeString(
        ruleset,
        Files.readString(Path.of("templates/slips-gate.nft")).replace("@@WIFI@@", "wlan0"));
    ok(nft("-f", ruleset.toString()));
    lease = new NetlinkLease(Optional.of(Path.of("/run/netns", ns)), Duration.ofSeconds(2));
  }

  @AfterEach
  void tearDown() {
    lease.close();
    HOST.run("ip", "netns", "del", ns);
  }

  @Test
  void aRenewalPutsTheElementInBothLeasesWithItsTimeout() {
    assertThat(lease.renew(Duration.ofMillis(2500))).isTrue();
    for (String family : List.of("inet", "bridge")) {
      assertThat(leaseOf(family)).contains("elements = { 0 timeout 2s500ms expires ");
    }
  }

  @Test
  void aRenewalReplacesTheElementSoItsTimeoutStartsAgain() {
    assertThat(lease.renew(Duration.ofSeconds(60))).isTrue();
    assertThat(lease.renew(Duration.ofMillis(1500))).isTrue();
    assertThat(leaseOf("inet")).contains("timeout 1s500ms").doesNotContain("timeout 1m");
  }

  @Test
  void aRevokeEmptiesBoth() {
    assertThat(lease.renew(Duration.ofSeconds(60))).isTrue();
    assertThat(lease.revoke()).isTrue();
    for (String family : List.of("inet", "bridge")) {
      assertThat(leaseOf(family)).doesNotContain("elements");
    }
  }

  @Test
  void eachOfOurTransactionsAddsOneToTheGenerationAndSoDoesAnybodyElses() {
    long start = lease.generation().orElseThrow();
    assertThat(lease.generation()).hasValue(start);
    lease.renew(Duration.ofSeconds(3));
    assertThat(lease.generation()).hasValue(start + 1);
    lease.revoke();
    assertThat(lease.generation()).hasValue(start + 2);
    ok(nft("add", "table", "inet", "somebody_else"));
    assertThat(lease.generation()).hasValue(start + 3);
  }

  @Test
  void withOneTableMissingTheWholeRenewalIsRefused() {
    ok(nft("delete", "table", "bridge", "slips_failover"));
    OptionalLong before = lease.generation();
    assertThat(lease.renew(Duration.ofSeconds(60))).isFalse();
    assertThat(leaseOf("inet")).as("not opened alone").doesNotContain("elements");
    assertThat(lease.generation()).as("nothing committed").isEqualTo(before);
    assertThat(lease.revoke()).isFalse();
  }

  @Test
  void withTheFirstTableMissingTheWholeRenewalIsRefusedToo() {
    ok(nft("delete", "table", "inet", "slips_failover"));
    assertThat(lease.renew(Duration.ofSeconds(60))).isFalse();
    assertThat(leaseOf("bridge")).as("not opened alone").doesNotContain("elements");
    assertThat(lease.revoke()).isFalse();
    assertThat(lease.generation()).as("the answers did not get out of step").isPresent();
  }

  @Test
  void aClosedSocketIsOpenedAgainAtTheNextCall() {
    assertThat(lease.renew(Duration.ofSeconds(3))).isTrue();
    lease.close();
    assertThat(lease.renew(Duration.ofSeconds(3))).isTrue();
    assertThat(lease.generation()).isPresent();
  }

  @Test
  void aNamespaceThatIsNotThereIsAFailureNotAnException() {
    try (NetlinkLease nowhere =
        new NetlinkLease(Optional.of(Path.of("/run/netns", ns + "-gone")), Duration.ofSeconds(1))) {
      assertThat(nowhere.renew(Duration.ofSeconds(3))).isFalse();
      assertThat(nowhere.generation()).isEmpty();
    }
  }

  private String leaseOf(String family) {
    return ok(nft("list", "set", family, "slips_failover", "lease")).stdout();
  }

  private CommandResult nft(String... args) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns, "nft"));
    argv.addAll(List.of(args));
    return HOST.run(argv);
  }

  private static CommandResult ok(CommandResult r) {
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.stderr()).isZero();
    return r;
  }
}
