package org.slipsfailover.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
  void anUnreadableGateDoesNotDecide() {
    Verdict v =
        Verdict.of(
            withGate(
                new GateReading(
                    State.UNREADABLE, Optional.empty(), 0, "nft: Operation not permitted")));
    assertThat(v.protectedNow()).isTrue();
  }
}
