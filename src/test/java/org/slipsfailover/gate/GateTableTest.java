package org.slipsfailover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The nft lines the gate sends: every one acts on both tables (inet and bridge) in one line, that
 * is one transaction; and the ruleset file that loads both.
 */
class GateTableTest {
  @Test
  void aRenewalEmptiesAndRefillsBothLeasesInOneLine() {
    assertThat(GateTable.renew(Duration.ofMillis(2500)))
        .isEqualTo(
            "flush set inet slips_failover lease;"
                + " add element inet slips_failover lease { 0 timeout 2500ms };"
                + " flush set bridge slips_failover lease;"
                + " add element bridge slips_failover lease { 0 timeout 2500ms }")
        .doesNotContain("\n");
  }

  @Test
  void aRevokeEmptiesBothLeasesInOneLine() {
    assertThat(GateTable.revoke())
        .isEqualTo("flush set inet slips_failover lease; flush set bridge slips_failover lease");
  }

  @Test
  void bothTablesAreListedEachOnALineOfItsOwn() {
    assertThat(GateTable.lists())
        .containsExactly("list table inet slips_failover", "list table bridge slips_failover");
  }

  @Test
  void theRunnerScriptRevokesBothLeasesAsTheJvmDoes() throws Exception {
    String script = Files.readString(Path.of("templates/slips-runner.sh"));
    assertThat(script).contains("nft '" + GateTable.revoke() + "'");
  }

  @Test
  void theRulesetFileReplacesBothTablesAndGatesTheSameInterfaces() throws Exception {
    String file = Files.readString(Path.of("templates/slips-gate.nft"));
    for (String table : List.of("inet slips_failover", "bridge slips_failover")) {
      assertThat(file)
          .contains("table " + table + "\ndelete table " + table + "\n")
          .contains("table " + table + " {");
    }
    String bridge = file.substring(file.indexOf("table bridge slips_failover {"));
    assertThat(bridge)
        .contains("type filter hook forward")
        .contains("numgen inc mod 1 @lease accept")
        .contains("iifname @ap_ifaces counter drop")
        .contains("oifname @ap_ifaces counter drop")
        .contains("iifname \"ap*\" counter drop")
        .contains("oifname \"ap*\" counter drop")
        .contains("elements = { \"@@WIFI@@\" }");
    // The lease is checked before any drop: otherwise an open gate would drop.
    assertThat(bridge.indexOf("@lease accept")).isLessThan(bridge.indexOf("drop"));
  }

  @Test
  void bothTablesTogetherAreOpenOnlyWhileBothLeasesHold() {
    TableListing open = listing("inet", Optional.of(Duration.ofSeconds(2)), 3);
    TableListing shorter = listing("bridge", Optional.of(Duration.ofSeconds(1)), 4);
    TableListing closed = listing("bridge", Optional.empty(), 0);

    TableListing both = TableListing.combine(List.of(open, shorter));
    assertThat(both.open()).isTrue();
    assertThat(both.leaseLeft()).contains(Duration.ofSeconds(1));
    assertThat(both.furthestLease()).as("any table's longest").contains(Duration.ofSeconds(2));
    assertThat(both.dropped()).isEqualTo(7);

    assertThat(TableListing.combine(List.of(open, closed)).open()).isFalse();
    assertThat(TableListing.combine(List.of(closed, open)).furthestLease())
        .as("an element in one table alone still counts")
        .contains(Duration.ofSeconds(2));
    assertThat(TableListing.combine(List.of(open, closed)).shape())
        .as("both tables' shapes, in order")
        .isEqualTo("{inet}\n{bridge}\n");
  }

  @Test
  void aListingOfTheBridgeTableIsParsedLikeTheInetOne() {
    String json =
        "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}},"
            + " {\"table\": {\"family\": \"bridge\", \"name\": \"slips_failover\", \"handle\": 6}},"
            + " {\"set\": {\"family\": \"bridge\", \"name\": \"ap_ifaces\", \"table\":"
            + " \"slips_failover\", \"type\": \"ifname\", \"handle\": 2, \"elem\": [\"wlan0\"]}},"
            + " {\"set\": {\"family\": \"bridge\", \"name\": \"lease\", \"table\":"
            + " \"slips_failover\", \"type\": \"integer\", \"handle\": 3, \"flags\": [\"timeout\"],"
            + " \"elem\": [{\"elem\": {\"val\": 0, \"timeout\": 3, \"expires\": 2}}]}},"
            + " {\"rule\": {\"family\": \"bridge\", \"table\": \"slips_failover\", \"chain\":"
            + " \"forward\", \"handle\": 7, \"expr\": [{\"match\": {\"op\": \"==\", \"left\":"
            + " {\"meta\": {\"key\": \"iifname\"}}, \"right\": \"ap*\"}}, {\"counter\":"
            + " {\"packets\": 5, \"bytes\": 420}}, {\"drop\": null}]}}]}";
    TableListing t = TableListing.parse(json);
    assertThat(t.leaseLeft()).contains(Duration.ofSeconds(2));
    assertThat(t.furthestLease()).contains(Duration.ofSeconds(2));
    assertThat(t.dropped()).isEqualTo(5);
    assertThat(t.shape()).contains("\"bridge\"").doesNotContain("handle").doesNotContain("420");
  }

  private static TableListing listing(String family, Optional<Duration> lease, long dropped) {
    return new TableListing("{" + family + "}", lease, lease, dropped);
  }
}
