package org.slipsfailover.ap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slipsfailover.ap.CreateApCommandLine.ApInterfaces;

class CreateApCommandLineTest {

  private static final Optional<ApInterfaces> WLAN0_ETH0 =
      Optional.of(new ApInterfaces("wlan0", Optional.of("eth0")));

  /** Splits on spaces; "exe:" before the command names the executable. */
  private static Optional<ApInterfaces> servedBy(String exe, String commandLine) {
    return servedBy(exe, commandLine, Map.of());
  }

  private static Optional<ApInterfaces> servedBy(
      String exe, String commandLine, Map<String, String> files) {
    List<String> argv = Arrays.asList(commandLine.split(" "));
    return CreateApCommandLine.scriptArguments(argv, Optional.of(exe))
        .flatMap(
            args ->
                CreateApCommandLine.interfaces(
                    args, path -> Optional.ofNullable(files.get(path)).map(CreateApConfig::lines)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/bin/bash /usr/bin/create_ap wlan0 eth0 SSID PASS -c 40",
        "/usr/bin/bash /usr/bin/create_ap wlan0 eth0",
        "bash /usr/bin/create_ap wlan0 eth0 SSID PASS",
        "bash /usr/local/bin/create_ap -c 40 wlan0 -w 2 eth0 SSID --driver nl80211 PASS",
        "bash create_ap wlan0 eth0",
        "bash -x /usr/bin/create_ap wlan0 eth0",
        "bash -o pipefail /usr/bin/create_ap wlan0 eth0",
        "bash -- /usr/bin/create_ap wlan0 eth0",
        "/bin/bash /usr/bin/create_ap --daemon wlan0 eth0 SSID PASS",
        "/bin/bash /usr/bin/create_ap wlan0 eth0 SSID PASS --daemon --pidfile /run/ap.pid",
        "/bin/bash /usr/bin/create_ap -m bridge wlan0 eth0 SSID PASS",
        "/bin/bash /usr/bin/create_ap -m nat -c40 -dg 10.0.0.1 wlan0 eth0",
        "/bin/bash /usr/bin/create_ap --freq-band=5 --no-virt wlan0 eth0 SSID",
        "/bin/bash /usr/bin/create_ap --daem --fre 5 wlan0 eth0 SSID",
        "/bin/bash /usr/bin/create_ap -- wlan0 eth0 SSID PASS",
        "/bin/bash /usr/bin/create_ap -e /etc/hosts.extra wlan0 eth0",
        "/bin/bash /usr/bin/create_ap --mac-filter-accept -x wlan0 eth0",
      })
  void recognisesEveryBashForm(String commandLine) {
    assertThat(servedBy("bash", commandLine)).isEqualTo(WLAN0_ETH0);
  }

  @Test
  void recognisesEnvBeforeItExecsBash() {
    assertThat(servedBy("env", "/usr/bin/env bash /usr/bin/create_ap wlan0 eth0 S P"))
        .isEqualTo(WLAN0_ETH0);
  }

  @Test
  void recognisesCreateApAtArgvZeroWhenItReallyIsBashOrCreateAp() {
    assertThat(servedBy("bash", "create_ap wlan0 eth0")).isEqualTo(WLAN0_ETH0);
    assertThat(servedBy("create_ap", "/usr/bin/create_ap wlan0 eth0")).isEqualTo(WLAN0_ETH0);
  }

  @Test
  void unknownExecutableLeavesTheInterpreterFormsToArgvButNotABareCreateAp() {
    List<String> bash = List.of("/bin/bash", "/usr/bin/create_ap", "wlan0", "eth0");
    List<String> bare = List.of("create_ap", "wlan0", "eth0");
    assertThat(CreateApCommandLine.scriptArguments(bash, Optional.empty()))
        .contains(List.of("wlan0", "eth0"));
    assertThat(CreateApCommandLine.scriptArguments(bare, Optional.empty())).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "grep   | grep create_ap wlan0 eth0",
        "vim    | vim create_ap wlan0 eth0",
        "python3| python3 create_ap.py wlan0 eth0",
        "create_ap_wrapper| /opt/x/create_ap_wrapper wlan0 eth0",
        "bash   | bash -c echo_create_ap_wlan0_eth0 create_ap wlan0 eth0",
        "bash   | bash -c /usr/bin/create_ap wlan0 eth0",
        "bash   | bash -s /usr/bin/create_ap wlan0 eth0",
        "sleep  | sleep 1000 create_ap wlan0 eth0",
        "sudo   | sudo create_ap wlan0 eth0",
        "sleep  | create_ap wlan0 eth0",
        "sleep  | bash /usr/bin/create_ap wlan0 eth0",
        "bash   | bash /usr/bin/create_ap.sh wlan0 eth0",
        "bash   | bash /usr/bin/my_create_ap wlan0 eth0",
        "sh     | sh /usr/bin/create_ap wlan0 eth0",
        "bash   | -bash /usr/bin/create_ap wlan0 eth0",
        "env    | /usr/bin/env python3 /usr/bin/create_ap wlan0 eth0",
      })
  void ignoresLookAlikes(String exe, String commandLine) {
    assertThat(servedBy(exe.strip(), commandLine)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--stop wlan0",
        "--stop wlan0 wlan0 eth0",
        "--list-running",
        "--list-running wlan0 eth0",
        "--list wlan0 eth0",
        "--list-clients wlan0 wlan0 eth0",
        "--fix-unmanaged wlan0 eth0",
        "--mkconfig /tmp/x.conf wlan0 eth0",
        "-h wlan0 eth0",
        "--help wlan0 eth0",
        "--version wlan0 eth0",
        "--unknown-option wlan0 eth0",
        "-x wlan0 eth0",
        "--no-d wlan0 eth0",
        "--daemon=1 wlan0 eth0",
        "wlan0",
        "wlan0 eth0 SSID PASS extra",
        "-m carrier-pigeon wlan0 eth0",
        "wlan0 eth0 -c",
      })
  void ignoresCreateApRunsThatServeNoAp(String args) {
    assertThat(servedBy("bash", "/bin/bash /usr/bin/create_ap " + args)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "wlan1 eth0, wlan1, eth0",
    "eth0 wlan0, eth0, wlan0",
    "-c 40 wlan0 eth1, wlan0, eth1",
    "-c wlan0 eth0 eth1, eth0, eth1",
  })
  void readsWhichPairItServes(String args, String wifi, String internet) {
    assertThat(servedBy("bash", "/bin/bash /usr/bin/create_ap " + args))
        .contains(new ApInterfaces(wifi, Optional.of(internet)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-n wlan0 eth0", "-m none wlan0 eth0 PASS", "wlan0 -n eth0"})
  void noInternetSharingServesNoInternetInterface(String args) {
    // The second positional is then the SSID, not an interface.
    assertThat(servedBy("bash", "/bin/bash /usr/bin/create_ap " + args))
        .contains(new ApInterfaces("wlan0", Optional.empty()));
  }

  @Test
  void takesInterfacesFromTheConfigFile() {
    Map<String, String> files =
        Map.of(
            "/etc/create_ap.conf",
            "CHANNEL=default\nWIFI_IFACE=wlan0\nINTERNET_IFACE=eth0\nSSID=MyAccessPoint\n");
    assertThat(servedBy("bash", "/bin/bash /usr/bin/create_ap --config /etc/create_ap.conf", files))
        .isEqualTo(WLAN0_ETH0);
  }

  @Test
  void takesQuotedConfigValues() {
    Map<String, String> files =
        Map.of("ap.conf", "WIFI_IFACE=\"wlan0\"\n  INTERNET_IFACE='eth0'  \n");
    assertThat(servedBy("bash", "bash /usr/bin/create_ap --daemon --config ap.conf", files))
        .isEqualTo(WLAN0_ETH0);
  }

  @Test
  void commandLineInterfacesOverrideTheConfigFile() {
    Map<String, String> files = Map.of("/c", "WIFI_IFACE=wlan1\nINTERNET_IFACE=eth1\n");
    assertThat(servedBy("bash", "bash /usr/bin/create_ap --config /c wlan0 eth0", files))
        .isEqualTo(WLAN0_ETH0);
  }

  @Test
  void configWithoutWifiShiftsTheInternetInterfaceFirstAsCreateApDoes() {
    Map<String, String> files = Map.of("/c", "INTERNET_IFACE=eth0\nSSID=wlan0\n");
    assertThat(servedBy("bash", "bash /usr/bin/create_ap --config /c", files))
        .contains(new ApInterfaces("eth0", Optional.of("wlan0")));
  }

  @Test
  void configShareMethodCountsButTheCommandLineWins() {
    Map<String, String> files = Map.of("/c", "SHARE_METHOD=none\nWIFI_IFACE=wlan0\nSSID=eth0\n");
    assertThat(servedBy("bash", "bash /usr/bin/create_ap --config /c", files))
        .contains(new ApInterfaces("wlan0", Optional.empty()));
    assertThat(servedBy("bash", "bash /usr/bin/create_ap -m nat --config /c", files))
        .contains(new ApInterfaces("wlan0", Optional.of("eth0")));
  }

  @Test
  void missingConfigFileMeansCreateApExited() {
    assertThat(servedBy("bash", "bash /usr/bin/create_ap --config /nope")).isEmpty();
    assertThat(servedBy("bash", "bash /usr/bin/create_ap wlan0 eth0 --config")).isEmpty();
  }

  @Test
  void configEqualsFormIsNotLoadedBecauseCreateApOnlyLooksForTheBareWord() {
    Map<String, String> files = Map.of("/c", "WIFI_IFACE=wlan0\nINTERNET_IFACE=eth0\n");
    assertThat(servedBy("bash", "bash /usr/bin/create_ap --config=/c", files)).isEmpty();
  }
}
