package org.slipsfailover.status;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slipsfailover.gate.GateReading;
import org.slipsfailover.gate.GateReading.State;

/** PROTECTED only with the gate open; an unreadable gate (no root) does not decide. */
class GateVerdictTest {
  private static Facts withGate(GateReading gate) {
    return new TestFacts().gate(gate).build();
  }

  @Test
  void anOpenGateIsProtected() {
    Verdict v =
        Verdict.of(
            withGate(new GateReading(State.OPEN, Optional.of(Duration.ofSeconds(2)), 0, "")));
    assertThat(v.protectedNow()).isTrue();
  }

  @Test
  void aClosedGateIsNotProtectedAndSaysSo() {
    Verdict v = Verdict.of(withGate(new GateReading(State.CLOSED, Optional.empty(), 12, "")));
    assertThat(v.protectedNow()).isFalse();
    assertThat(v.reason()).startsWith("the gate is closed").contains("12 packets dropped");
  }

  @Test
  void aMissingGateIsNotProtected() {
    Verdict v = Verdict.of(withGate(new GateReading(State.ABSENT, Optional.empty(), 0, "")));
    assertThat(v.reason()).startsWith("the gate is NOT LOADED");
  }

  @Test
  void aMissingBridgeTableIsALineOfItsOwnInTextAndAFieldInJson() {
    Facts f =
        withGate(new GateReading(State.CLOSED, Optional.empty(), 0, "", /* bridgeLoaded= */ false));
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    StatusReport.printText(new PrintStream(text, true, UTF_8), f, Verdict.of(f), Instant.EPOCH);
    assertThat(text.toString(UTF_8))
        .contains("bridge table not loaded: bridged clients are not gated");
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    StatusReport.printJson(new PrintStream(json, true, UTF_8), f, Verdict.of(f));
    assertThat(json.toString(UTF_8)).contains("\"bridgeLoaded\" : false");
  }

  @Test
  void bothTablesLoadedSayNothingOfTheBridge() {
    Facts f = withGate(new GateReading(State.CLOSED, Optional.empty(), 0, ""));
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    StatusReport.printText(new PrintStream(text, true, UTF_8), f, Verdict.of(f), Instant.EPOCH);
    assertThat(text.toString(UTF_8)).doesNotContain("bridge table not loaded");
  }

  @Test
  void anUnreadableGateDoesNotDecide() {
    Verdict v =
        Verdict.of(
            withGate(
                new GateReading(
                    State.UNREADABLE, Optional.empty(), 0, "nft: Operation not permitted")));
    assertThat(v.protectedNow()).isTrue();
  }
}
