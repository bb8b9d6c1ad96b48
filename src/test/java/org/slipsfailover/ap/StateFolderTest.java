package org.slipsfailover.ap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
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

  // A local user without root plants look-alikes in /tmp. These tests run as root (as the runner
  // and cut-ap do); "nobody" is uid 65534. A hang fails after a generous limit, never a speed test.

  private static final int NOBODY = 65534;
  private static final Duration HANG = Duration.ofSeconds(20);

  private Path folder(String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve("pid"), "4242\n");
    Files.writeString(dir.resolve("wifi_iface"), "ap0\n");
    Files.writeString(dir.resolve("nat_internet_iface"), "eth0\n");
    Files.writeString(dir.resolve("hostapd.conf"), "interface=ap0\n");
    return dir;
  }

  private static void mkfifo(Path path) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
  }

  private List<StateFolder> listWithoutHanging() {
    return assertTimeoutPreemptively(HANG, () -> StateFolder.list(tmp), "the scan hung");
  }

  @Test
  void aFolderOfFifosPlantedByAnotherUserIsSkippedUnopened() throws Exception {
    Path planted = Files.createDirectories(tmp.resolve("create_ap.wlan0.conf.Fifo0000"));
    for (String name : List.of("pid", "wifi_iface", "nat_internet_iface", "hostapd.conf")) {
      mkfifo(planted.resolve(name));
    }
    Files.setAttribute(planted, "unix:uid", NOBODY);
    folder("create_ap.wlan0.conf.Ab3dEf7h"); // root's, beside it

    List<StateFolder> found = listWithoutHanging();

    assertThat(found)
        .extracting(f -> f.path().getFileName().toString())
        .containsExactly("create_ap.wlan0.conf.Ab3dEf7h");
  }

  @Test
  void fifosAndOtherNonRegularFilesAreNeverOpenedEvenInRootsFolder() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("create_ap.wlan0.conf.Ab3dEf7h"));
    mkfifo(dir.resolve("pid"));
    mkfifo(dir.resolve("hostapd.conf"));
    Files.createDirectory(dir.resolve("wifi_iface"));

    StateFolder f = listWithoutHanging().get(0);

    assertThat(f.pid()).isEmpty();
    assertThat(f.apIface()).isEmpty();
    assertThat(f.bridge()).isEmpty();
  }

  @Test
  void aHugeSparseFileIsNotReadWhole() throws Exception {
    Path dir = folder("create_ap.wlan0.conf.Ab3dEf7h");
    Files.delete(dir.resolve("nat_internet_iface")); // bridge mode: hostapd.conf is read
    for (String name : List.of("pid", "hostapd.conf")) {
      try (RandomAccessFile huge = new RandomAccessFile(dir.resolve(name).toFile(), "rw")) {
        huge.setLength(8L << 30); // 8 GiB of holes: no disk used, an OutOfMemoryError if read
      }
    }

    StateFolder f = listWithoutHanging().get(0);

    assertThat(f.pid()).isEmpty();
    assertThat(f.bridge()).isEmpty();
    assertThat(f.apIface()).contains("ap0");
  }

  @Test
  void aFolderOfAnotherUserIsIgnoredWhateverItSays() throws IOException {
    Path planted = folder("create_ap.wlan0.conf.Ab3dEf7h");
    Files.writeString(planted.resolve("wifi_iface"), "eth0\n"); // root would set eth0 down
    Files.setAttribute(planted, "unix:uid", NOBODY);

    assertThat(listWithoutHanging()).isEmpty();
  }

  @Test
  void aFolderOthersMayWriteIsIgnored() throws IOException {
    Path open = folder("create_ap.wlan0.conf.Ab3dEf7h");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThat(listWithoutHanging()).isEmpty();
  }

  @Test
  void aLinkInPlaceOfTheFolderIsNotFollowed() throws IOException {
    Path real = folder("elsewhere");
    Files.createSymbolicLink(tmp.resolve("create_ap.wlan0.conf.Link0000"), real);

    assertThat(listWithoutHanging()).isEmpty();
  }

  @Test
  void aLinkOrAnotherUsersFileInPlaceOfAFileIsNotRead() throws IOException {
    Path dir = folder("create_ap.wlan0.conf.Ab3dEf7h");
    Path target = Files.writeString(tmp.resolve("target"), "eth0\n");
    Files.delete(dir.resolve("wifi_iface"));
    Files.createSymbolicLink(dir.resolve("wifi_iface"), target);
    Files.setAttribute(dir.resolve("nat_internet_iface"), "unix:uid", NOBODY);

    StateFolder f = listWithoutHanging().get(0);

    assertThat(f.apIface()).isEmpty();
    assertThat(f.natInternet()).isEmpty();
    assertThat(f.pid()).hasValue(4242);
  }
}
