package org.slipsfailover.ap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CreateApConfigTest {

  @Test
  void readsKeysLastOneWinning() {
    assertThat(
            CreateApConfig.parse(CreateApConfig.lines("A=1\nWIFI_IFACE=wlan1\nWIFI_IFACE=wlan0\n")))
        .containsEntry("WIFI_IFACE", "wlan0")
        .containsEntry("A", "1");
  }

  @Test
  void skipsAnUnterminatedLastLineAsWhileReadDoes() {
    assertThat(CreateApConfig.parse(CreateApConfig.lines("WIFI_IFACE=wlan0\nINTERNET_IFACE=eth0")))
        .containsEntry("WIFI_IFACE", "wlan0")
        .doesNotContainKey("INTERNET_IFACE");
  }

  @Test
  void stripsBlanksQuotesAndBackslashesAndJoinsContinuedLines() {
    assertThat(
            CreateApConfig.parse(
                CreateApConfig.lines(
                    "  WIFI_IFACE=\"wlan0\"\t\nINTERNET_IFACE='eth0'\nSSID=my\\ ap\nPASSPHRASE=ab\\\ncd\n")))
        .containsEntry("WIFI_IFACE", "wlan0")
        .containsEntry("INTERNET_IFACE", "eth0")
        .containsEntry("SSID", "my ap")
        .containsEntry("PASSPHRASE", "abcd");
  }

  @Test
  void valueKeepsLaterEqualsSigns() {
    assertThat(CreateApConfig.parse(CreateApConfig.lines("PASSPHRASE=a=b\n")))
        .containsEntry("PASSPHRASE", "a=b");
  }
}
