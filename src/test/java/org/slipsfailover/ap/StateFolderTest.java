package org.slipsfailover.ap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

  @TempDir Path tmp;

  private StateFolder folderWith(String hostapdConf, byte[] ssidLine) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("create_ap.wlan0.conf.Ab3dEf7h"));
    Files.writeString(dir.resolve("pid"), "4242\n");
    Files.writeString(dir.resolve("wifi_iface"), "ap0\n");
    Files.write(dir.resolve("hostapd.conf"), ssidLine);
    Files.writeString(dir.resolve("hostapd.conf"), hostapdConf, StandardOpenOption.APPEND);
    return StateFolder.list(tmp).get(0);
  }

  @Test
  void bridgeModeFolderNamesItsBridgeFromHostapdConfWhateverBytesTheSsidHolds() throws IOException {
    byte[] ssid = {'s', 's', 'i', 'd', '=', (byte) 0xff, (byte) 0xc3, '\n'};
    StateFolder f = folderWith("interface=ap0\nwpa=2\nbridge=br0\n", ssid);

    assertThat(f.natInternet()).isEmpty();
    assertThat(f.bridge()).contains("br0");
    assertThat(f.isBridgeModeOf("wlan0")).isTrue();
    assertThat(f.isBridgeModeOf("wlan1")).isFalse();
  }

  @Test
  void natFolderAndNoSharingFolderAreNoBridgeMode() throws IOException {
    StateFolder none = folderWith("interface=ap0\n", new byte[0]); // create_ap -n
    assertThat(none.bridge()).isEmpty();
    assertThat(none.isBridgeModeOf("wlan0")).isFalse();

    Files.writeString(none.path().resolve("nat_internet_iface"), "eth0\n");
    Files.writeString(none.path().resolve("hostapd.conf"), "bridge=br0\n");
    StateFolder nat = StateFolder.list(tmp).get(0);
    assertThat(nat.natInternet()).contains("eth0");
    assertThat(nat.bridge()).as("not read in NAT mode").isEmpty();
  }

  @Test
  void aBridgeThatIsNoInterfaceNameIsIgnored() throws IOException {
    StateFolder f = folderWith("bridge=../../etc\n", new byte[0]);
    assertThat(f.bridge()).isEmpty();
  }
}
