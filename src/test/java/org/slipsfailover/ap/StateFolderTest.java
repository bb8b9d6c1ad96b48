package org.slipsfailover.ap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StateFolderTest {

  @ParameterizedTest
  @CsvSource({
    "create_ap.wlan0.conf.Ab3dEf7h, wlan0",
    "create_ap.wlan0.1.conf.00000000, wlan0.1",
    "create_ap.wlx00c0ca.conf.zZzZzZzZ, wlx00c0ca",
  })
  void readsTheWifiInterfaceFromTheName(String name, String wifi) {
    assertThat(StateFolder.wifiOfName(name)).contains(wifi);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "create_ap.common.conf",
        "create_ap.all.lock",
        "create_ap.1234.lock",
        "create_ap.wlan0.conf.short",
        "create_ap.wlan0.conf.Ab3dEf7h.bak",
        "create_ap-standin-bin.Ab3dEf7h",
        "xcreate_ap.wlan0.conf.Ab3dEf7h",
      })
  void ignoresOtherNames(String name) {
    assertThat(StateFolder.wifiOfName(name)).isEmpty();
  }
}
