package org.slipsfailover.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.HostRoot;

/** The units' facts from one {@code systemctl show slips.service iptables-watcher.timer}. */
class StatusReaderTest {
  private final List<List<String>> calls = new ArrayList<>();

  /**
   * systemctl 252's answer for both units: a block each, in the order asked, a blank line between.
   */
  private static final String BOTH =
      """
      ActiveState=active
      SubState=running
      Result=success
      ActiveEnterTimestamp=@1732431601
      NRestarts=2
      StatusText=Protecting: a=b
      ExecMainStatus=0

      ActiveState=active
      SubState=waiting
      Result=success
      ActiveEnterTimestamp=@1732431500
      NRestarts=0
      LastTriggerUSec=@1732431700
      StatusText=
      ExecMainStatus=0
      """;

  private Facts read(CommandResult answer) {
    return new StatusReader(
            HostRoot.live(),
            argv -> {
              calls.add(argv);
              return answer;
            },
            null,
            name -> Optional.empty(),
            pair -> null)
        .read(Optional.empty());
  }

  @Test
  void oneCallGivesEachUnitItsOwnBlock() {
    Facts facts = read(new CommandResult(0, BOTH, ""));

    assertThat(calls).hasSize(1);
    assertThat(calls.get(0))
        .startsWith("systemctl", "show", "slips.service", "iptables-watcher.timer");
    assertThat(facts.service())
        .isEqualTo(
            new Facts.Unit(
                "slips.service",
                "active",
                "running",
                "success",
                Optional.of(Instant.ofEpochSecond(1732431601)),
                2,
                Optional.empty(),
                0));
    assertThat(facts.timer())
        .isEqualTo(
            new Facts.Unit(
                "iptables-watcher.timer",
                "active",
                "waiting",
                "success",
                Optional.of(Instant.ofEpochSecond(1732431500)),
                0,
                Optional.of(Instant.ofEpochSecond(1732431700)),
                0));
    assertThat(facts.unreadable()).isEmpty();
  }

  @Test
  void aFailedCallMakesBothUnitsUnreadableAndUnknown() {
    Facts facts = read(new CommandResult(1, "", "Failed to connect to bus: No such file"));

    assertThat(facts.unreadable())
        .containsExactly(
            "slips.service (exit 1: Failed to connect to bus: No such file)",
            "iptables-watcher.timer (exit 1: Failed to connect to bus: No such file)");
    assertThat(facts.service().activeState()).isEqualTo("unknown");
    assertThat(facts.timer().activeState()).isEqualTo("unknown");
  }

  @Test
  void aValueKeepsItsEqualsSignsAndTheLastBlockNeedsNoBlankLine() {
    List<Map<String, String>> blocks = StatusReader.propertyBlocks("A=x=y\n\nB=2", 2);

    assertThat(blocks).containsExactly(Map.of("A", "x=y"), Map.of("B", "2"));
  }

  @Test
  void aMissingBlockIsEmptyAndExtraBlankLinesSplitNothing() {
    assertThat(StatusReader.propertyBlocks("A=1\n", 2)).containsExactly(Map.of("A", "1"), Map.of());
    assertThat(StatusReader.propertyBlocks("\nA=1\n\n\nB=2\n", 2))
        .containsExactly(Map.of("A", "1"), Map.of("B", "2"));
  }
}
