package org.slipsfailover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InterfacePairTest {

  @Test
  void parsesWifiThenEth() {
    InterfacePair p = InterfacePair.parse("wlan0,eth0");
    assertThat(p.wifi()).isEqualTo("wlan0");
    assertThat(p.eth()).isEqualTo("eth0");
    assertThat(p).hasToString("wlan0,eth0");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "wlan0", "wlan0,", ",eth0", "wlan0,eth0,eth1", "wlan0,wlan0", "averyveryverylongname,eth0",
        "wl an0,eth0", "wlan0,eth/0", "wlan:0,eth0", "wlan0,'eth0'", "wlan0,\"eth0\"", "$(id),eth0",
        "wlan0;reboot,eth0", "`id`,eth0", "wlan0,eth0\n", "wlan\t0,eth0", ".,eth0", "..,eth0",
        "wlan0,eth\\0", "wlan0&reboot,eth0", "wlan0|x,eth0", "a<b,eth0", "a>b,eth0", "a(b),eth0",
        "wlan*,eth0", "wlan?,eth0", "wlän0,eth0", "wlan0,eth0\u202e"
      })
  void refusesWithAMessageNamingTheValue(String bad) {
    assertThatThrownBy(() -> InterfacePair.parse(bad))
        .isInstanceOf(BadInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void fifteenCharactersIsTheLimit() {
    assertThat(InterfacePair.parse("abcdefghijklmno,eth0").wifi()).hasSize(15);
    assertThatThrownBy(() -> InterfacePair.parse("abcdefghijklmnop,eth0"))
        .hasMessageContaining("abcdefghijklmnop");
  }

  @ParameterizedTest
  @ValueSource(strings = {"wlan0", "eth0.100", "br-lan", "ap_0", "WLAN0", "enx00e04c680001"})
  void acceptsWhatTheKernelAndCreateApUse(String name) {
    assertThat(InterfaceName.check(name)).isEqualTo(name);
  }
}
