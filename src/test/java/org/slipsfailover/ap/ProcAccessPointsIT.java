package org.slipsfailover.ap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.testing.Poll;
import org.slipsfailover.testing.StandinAp;

/**
 * Finding and cutting real processes in the real /proc: the stand-in create_ap in each form it is
 * started in, and look-alikes that must never be touched. Host commands are recorded, never run: no
 * test takes a real interface down.
 */
class ProcAccessPointsIT {
  @TempDir Path dir;
  private StandinAp standIn;
  private final List<List<String>> commands = new ArrayList<>();
  private final Commands host = new ProcessCommands();

  @BeforeEach
  void setUp() {
    standIn = new StandinAp(dir);
  }

  @AfterEach
  void killEverythingStarted() {
    standIn.close();
  }

  private ProcAccessPoints accessPoints(Path stateFolders, CutTiming timing) {
    Commands recording =
        argv -> {
          commands.add(argv);
          return new CommandResult(0, "", "");
        };
    return new ProcAccessPoints(HostRoot.live(), stateFolders, recording, timing);
  }

  private ProcAccessPoints accessPoints() {
    return accessPoints(standIn.stateFolders, CutTiming.defaults());
  }

  private String wifi() {
    return standIn.pair.wifi();
  }

  private String eth() {
    return standIn.pair.eth();
  }

  private String script() {
    return standIn.script.toString();
  }

  private void assertFound(long pid, Path stateFolder) {
    Optional<RunningAp> found = accessPoints().find(standIn.pair);
    assertThat(found).as("create_ap of %s", standIn.pair).isPresent();
    assertThat(found.get().pid()).isEqualTo(pid);
    assertThat(found.get().stateDir()).contains(stateFolder);
    assertThat(found.get().argv()).contains(script());
    assertThat(found.get().systemdUnit()).isEmpty();
    assertThat(found.get().startedAt())
        .isEqualTo(ProcessHandle.of(pid).orElseThrow().info().startInstant().orElseThrow());
  }

  @Test
  void findsStandInRunByBinBashWithOptionsAfterThePositionals() {
    Process ap =
        standIn.start("/bin/bash", script(), wifi(), eth(), "MySsid", "MyPass12", "-c", "40");
    Path folder = standIn.awaitUp();
    assertFound(ap.pid(), folder);
  }

  @Test
  void findsStandInRunByBashFromThePathWithOptionsFirst() {
    Process ap = standIn.start("bash", script(), "-c", "40", "--no-virt", wifi(), eth(), "MySsid");
    Path folder = standIn.awaitUp();
    assertThat(StandinAp.cmdline(ap.pid()).get(0)).isEqualTo("bash");
    assertFound(ap.pid(), folder);
  }

  @Test
  void findsStandInStartedThroughEnvBash() {
    Process ap = standIn.start("/usr/bin/env", "bash", script(), wifi(), eth());
    Path folder = standIn.awaitUp();
    assertFound(ap.pid(), folder);
  }

  @Test
  void findsStandInExecutedDirectlyThroughItsShebang() {
    Process ap = standIn.start(script(), "-m", "nat", wifi(), eth(), "MySsid", "MyPass12");
    Path folder = standIn.awaitUp();
    assertThat(StandinAp.cmdline(ap.pid())).startsWith("/bin/bash", script());
    assertFound(ap.pid(), folder);
  }

  @Test
  void findsStandInWithInterfacesOnlyInItsConfigFileEvenBeforeItsStateFolderExists()
      throws IOException {
    Path config = dir.resolve("create_ap.conf");
    Files.writeString(
        config, "CHANNEL=40\nWIFI_IFACE=\"" + wifi() + "\"\nINTERNET_IFACE='" + eth() + "'\n");
    Process ap = standIn.start("/bin/bash", script(), "--config", config.toString());
    Path folder = standIn.awaitUp();
    assertFound(ap.pid(), folder);

    // Looking in an empty tmp: only argv and the config file tell the pair.
    Path noFolders = Files.createDirectories(dir.resolve("empty"));
    Optional<RunningAp> byArgv = accessPoints(noFolders, CutTiming.defaults()).find(standIn.pair);
    assertThat(byArgv.map(RunningAp::pid)).contains(ap.pid());
    assertThat(byArgv.flatMap(RunningAp::stateDir)).isEmpty();
  }

  @Test
  void findsTheDaemonNotItsLauncherAndCutsIt() throws Exception {
    Process launcher = standIn.start("/bin/bash", script(), "--daemon", wifi(), eth(), "MySsid");
    assertThat(launcher.waitFor()).isZero();
    Path folder = standIn.awaitUp();
    long daemon = StandinAp.readPid(folder.resolve("pid"));
    assertThat(daemon).isNotEqualTo(launcher.pid());
    assertFound(daemon, folder);

    CutOutcome outcome = accessPoints().cut(standIn.pair);

    assertThat(outcome.wasRunning()).isTrue();
    assertThat(outcome.down()).isTrue();
    assertThat(standIn.signalLogLines())
        .anyMatch(l -> l.startsWith("TERM ") && l.endsWith(" " + daemon));
    assertThat(StandinAp.isRunning(daemon)).isFalse();
  }

  /** Every look-alike, all alive at once; returns them. */
  private List<Process> startLookAlikes() {
    List<Process> lookAlikes = new ArrayList<>();
    lookAlikes.add(standIn.lookAlikeProgram("grep", "create_ap", wifi(), eth()));
    lookAlikes.add(standIn.lookAlikeProgram("vim", "create_ap", wifi(), eth()));
    lookAlikes.add(standIn.lookAlikeProgram("python3", "create_ap.py", wifi(), eth()));
    lookAlikes.add(standIn.lookAlikeProgram("create_ap_wrapper", wifi(), eth()));
    lookAlikes.add(standIn.lookAlikeProgram("sleep", "1000", "create_ap", wifi(), eth()));
    // argv[0] is create_ap, but the program is tail: exec -a create_ap, or a renamed copy.
    lookAlikes.add(standIn.lookAlikeProgram("create_ap", wifi(), eth()));
    lookAlikes.add(
        standIn.start(
            "bash",
            "-c",
            "echo create_ap " + wifi() + " " + eth() + " >/dev/null; while :; do sleep 1; done"));
    lookAlikes.add(standIn.idleCreateAp("--stop", wifi()));
    lookAlikes.add(standIn.idleCreateAp("--list-running"));
    lookAlikes.add(standIn.idleCreateAp("wl0ther", eth()));
    lookAlikes.add(standIn.idleCreateAp(eth(), wifi()));
    lookAlikes.add(standIn.idleCreateAp("-n", wifi(), eth()));
    Poll.within(java.time.Duration.ofSeconds(10))
        .until(() -> lookAlikes.stream().allMatch(p -> StandinAp.cmdline(p.pid()).size() > 1));
    return lookAlikes;
  }

  /**
   * A whole create_ap of a user without root: the real stand-in (bash running a script named
   * create_ap, its hostapd child, its state folder) started as nobody, in a folder nobody may write
   * in (sticky, like /tmp). Before the fix the runner took it for the AP.
   */
  @Test
  void aCreateApPairOfAnotherUserIsNotAnApAndIsNotCut() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setAttribute(standIn.stateFolders, "unix:mode", 01777);
    Process fake =
        standIn.start(
            Map.of("STANDIN_SIGNAL_LOG", ""),
            "setpriv",
            "--reuid",
            "65534",
            "--regid",
            "65534",
            "--clear-groups",
            "/bin/bash",
            script(),
            wifi(),
            eth(),
            "MySsid",
            "MyPass12");
    Path folder = standIn.awaitUp();
    assertThat(Files.getAttribute(folder, "unix:uid")).isEqualTo(65534);
    long hostapd = StandinAp.readPid(folder.resolve("hostapd.pid"));

    assertThat(accessPoints().find(standIn.pair)).isEmpty();
    assertThat(accessPoints().findServing(standIn.pair)).isEmpty();
    CutOutcome outcome = accessPoints().cut(standIn.pair);

    assertThat(outcome.wasRunning()).isFalse();
    assertThat(commands).isEmpty();
    assertThat(StandinAp.isRunning(fake.pid())).isTrue();
    assertThat(StandinAp.isRunning(hostapd)).isTrue();
  }

  /**
   * A folder of FIFOs and a folder holding an 8 GiB sparse file, planted by nobody beside a real
   * (root) stand-in: the cut reaches the stand-in as usual. Before the fix the scan blocked on the
   * first FIFO for good. The limit only turns a hang into a failure.
   */
  @Test
  void plantedFifosAndHugeFilesDoNotStallTheCut() throws Exception {
    Process ap = standIn.start("/bin/bash", script(), wifi(), eth(), "MySsid", "MyPass12");
    standIn.awaitUp();
    Path fifos =
        Files.createDirectories(
            standIn.stateFolders.resolve("create_ap." + wifi() + ".conf.Fifo0000"));
    for (String name : List.of("pid", "wifi_iface", "nat_internet_iface", "hostapd.conf")) {
      assertThat(new ProcessBuilder("mkfifo", fifos.resolve(name).toString()).start().waitFor())
          .isZero();
    }
    Path huge =
        Files.createDirectories(
            standIn.stateFolders.resolve("create_ap." + wifi() + ".conf.Huge0000"));
    try (RandomAccessFile file = new RandomAccessFile(huge.resolve("pid").toFile(), "rw")) {
      file.setLength(8L << 30);
    }
    for (Path planted : List.of(fifos, huge, fifos.resolve("pid"), huge.resolve("pid"))) {
      Files.setAttribute(planted, "unix:uid", 65534);
    }

    CutOutcome outcome =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> accessPoints().cut(standIn.pair), "the cut hung");

    assertThat(outcome.down()).isTrue();
    assertThat(outcome.how()).contains("SIGTERM to create_ap pid " + ap.pid());
  }

  @Test
  void ignoresLookAlikesAndCutLeavesThemAlive() {
    List<Process> lookAlikes = startLookAlikes();

    assertThat(accessPoints().find(standIn.pair)).isEmpty();
    CutOutcome outcome = accessPoints().cut(standIn.pair);

    assertThat(outcome)
        .isEqualTo(CutOutcome.alreadyDown("no access point of " + standIn.pair + " was running"));
    assertThat(commands).isEmpty();
    assertThat(lookAlikes).allMatch(p -> StandinAp.isRunning(p.pid()), "still running");
  }

  @Test
  void cutMakesStandInCleanUpOnSigtermAndLeavesLookAlikesAlive() throws Exception {
    List<Process> lookAlikes = startLookAlikes();
    Process ap = standIn.start("/bin/bash", script(), wifi(), eth(), "MySsid", "MyPass12");
    Path folder = standIn.awaitUp();
    long hostapd = StandinAp.readPid(folder.resolve("hostapd.pid"));
    assertThat(StandinAp.cmdline(hostapd)).contains(folder.resolve("hostapd.conf").toString());

    CutOutcome outcome = accessPoints().cut(standIn.pair);

    assertThat(outcome.wasRunning()).isTrue();
    assertThat(outcome.down()).isTrue();
    assertThat(outcome.how()).contains("SIGTERM to create_ap pid " + ap.pid());
    assertThat(ap.waitFor()).isEqualTo(143); // died of SIGTERM, after its cleanup
    assertThat(standIn.signalLogLines())
        .hasSize(2)
        .satisfies(l -> assertThat(l.get(0)).startsWith("TERM ").endsWith(" " + ap.pid()))
        .satisfies(l -> assertThat(l.get(1)).startsWith("CLEANUP "));
    assertThat(StandinAp.isRunning(hostapd)).isFalse();
    assertThat(folder).doesNotExist();
    assertThat(commands).as("no escalation").isEmpty();
    assertThat(lookAlikes).allMatch(p -> StandinAp.isRunning(p.pid()), "still running");
  }

  @Test
  void cutTwiceIsHarmless() {
    standIn.start("/bin/bash", script(), wifi(), eth());
    standIn.awaitUp();
    assertThat(accessPoints().cut(standIn.pair).down()).isTrue();

    CutOutcome again = accessPoints().cut(standIn.pair);

    assertThat(again)
        .isEqualTo(CutOutcome.alreadyDown("no access point of " + standIn.pair + " was running"));
    assertThat(standIn.signalLogLines()).filteredOn(l -> l.startsWith("TERM ")).hasSize(1);
  }

  @Test
  void escalatesWhenCreateApAndHostapdIgnoreSigterm() throws Exception {
    Process ap =
        standIn.start(
            Map.of("STANDIN_IGNORE_TERM", "1", "STANDIN_HOSTAPD_IGNORE_TERM", "1"),
            "/bin/bash",
            script(),
            wifi(),
            eth());
    Path folder = standIn.awaitUp();
    long hostapd = StandinAp.readPid(folder.resolve("hostapd.pid"));
    CutTiming quick =
        new CutTiming(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMillis(300));

    CutOutcome outcome = accessPoints(standIn.stateFolders, quick).cut(standIn.pair);

    assertThat(standIn.signalLogLines()).first().asString().startsWith("TERM ");
    assertThat(outcome.how())
        .contains("SIGTERM to hostapd pid " + hostapd, "SIGKILL to hostapd pid " + hostapd);
    assertThat(StandinAp.isRunning(hostapd)).isFalse();
    assertThat(commands)
        .containsExactly(
            List.of("ip", "link", "set", "dev", "ap0", "down"),
            List.of("ip", "link", "set", "dev", wifi(), "down"));
    // Like create_ap, the stand-in ends (cleaning up) once its hostapd is gone.
    assertThat(ap.waitFor()).isZero();
    assertThat(outcome.wasRunning()).isTrue();
    assertThat(outcome.down()).isTrue();
  }

  /**
   * The escalation's {@code ip link} really takes the interface down: run inside a private network
   * namespace holding a veth named like the test's wifi interface, never on the host's links.
   */
  @Test
  void escalationTakesTheWifiInterfaceDownForReal() throws Exception {
    Commands host = new ProcessCommands();
    String namespace = "sfap-" + wifi();
    assertThat(host.run("ip", "netns", "add", namespace).ok()).isTrue();
    try {
      assertThat(
              host.run(
                      "ip", "-n", namespace, "link", "add", wifi(), "type", "veth", "peer", "name",
                      eth())
                  .ok())
          .isTrue();
      assertThat(host.run("ip", "-n", namespace, "link", "set", wifi(), "up").ok()).isTrue();
      assertThat(linkFlags(host, namespace)).contains("UP");
      Commands inNamespace =
          argv -> {
            commands.add(argv);
            List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
            wrapped.addAll(argv);
            return host.run(wrapped);
          };
      standIn.start(
          Map.of("STANDIN_IGNORE_TERM", "1", "STANDIN_HOSTAPD_IGNORE_TERM", "1"),
          "/bin/bash",
          script(),
          "--no-virt",
          wifi(),
          eth());
      standIn.awaitUp();
      CutTiming quick =
          new CutTiming(Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofMillis(200));

      CutOutcome outcome =
          new ProcAccessPoints(HostRoot.live(), standIn.stateFolders, inNamespace, quick)
              .cut(standIn.pair);

      assertThat(commands).containsExactly(List.of("ip", "link", "set", "dev", wifi(), "down"));
      assertThat(outcome.how())
          .contains("ip link set dev " + wifi() + " down")
          .doesNotContain("failed");
      assertThat(linkFlags(host, namespace)).doesNotContain("UP");
      assertThat(outcome.down()).isTrue();
    } finally {
      host.run("ip", "netns", "del", namespace);
    }
  }

  /** The flags between angle brackets of {@code ip -o link show}: "BROADCAST,MULTICAST,UP,...". */
  private String linkFlags(Commands host, String namespace) {
    String line = host.run("ip", "-n", namespace, "-o", "link", "show", wifi()).stdout();
    return line.substring(line.indexOf('<') + 1, line.indexOf('>'));
  }

  @Test
  void cutIsANoOpWhenNothingRuns() {
    CutOutcome outcome = accessPoints().cut(standIn.pair);
    assertThat(outcome)
        .isEqualTo(CutOutcome.alreadyDown("no access point of " + standIn.pair + " was running"));
    assertThat(commands).isEmpty();
  }

  @Test
  void cutStopsTheHostapdOfACreateApKilledWithSigkill() throws Exception {
    Process ap = standIn.start("/bin/bash", script(), wifi(), eth());
    Path folder = standIn.awaitUp();
    long hostapd = StandinAp.readPid(folder.resolve("hostapd.pid"));
    ap.destroyForcibly().waitFor(); // SIGKILL: no cleanup, hostapd keeps serving
    assertThat(StandinAp.isRunning(hostapd)).isTrue();
    assertThat(accessPoints().find(standIn.pair)).isEmpty();

    CutOutcome outcome = accessPoints().cut(standIn.pair);

    assertThat(outcome.wasRunning()).isTrue();
    assertThat(outcome.down()).isTrue();
    assertThat(StandinAp.isRunning(hostapd)).isFalse();
    assertThat(commands).contains(List.of("ip", "link", "set", "dev", wifi(), "down"));
  }

  /**
   * A private network namespace for a bridge mode stand-in: veths named like the pair's interfaces
   * (their peers up), eth holding 198.51.100.2/24 and the default route via 198.51.100.1. There the
   * stand-in builds its bridge and sets the namespace's own bridge-nf-call-iptables; the host's
   * links and sysctls are never touched. Deleting the namespace deletes all of it.
   */
  private String bridgeNamespace() {
    String namespace = "sfbr-" + wifi();
    assertThat(host.run("ip", "netns", "add", namespace).ok()).isTrue();
    for (String iface : List.of(wifi(), eth())) {
      inNamespace(
          namespace, "ip", "link", "add", iface, "type", "veth", "peer", "name", iface + "p");
      inNamespace(namespace, "ip", "link", "set", iface + "p", "up");
      inNamespace(namespace, "ip", "link", "set", iface, "up");
    }
    inNamespace(namespace, "ip", "addr", "add", "198.51.100.2/24", "brd", "+", "dev", eth());
    inNamespace(namespace, "ip", "route", "add", "default", "via", "198.51.100.1", "dev", eth());
    return namespace;
  }

  /** Runs a command in the namespace; it must succeed. Returns its output. */
  private String inNamespace(String namespace, String... argv) {
    List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    wrapped.addAll(List.of(argv));
    CommandResult result = host.run(wrapped);
    assertThat(result.ok()).as("%s: %s", wrapped, result.failure()).isTrue();
    return result.stdout();
  }

  /** What a bridge mode create_ap changes and its cleanup must give back, in the namespace. */
  private String networkOf(String namespace) {
    return inNamespace(namespace, "ip", "-4", "-o", "addr", "show")
        + inNamespace(namespace, "ip", "route", "show")
        + inNamespace(namespace, "ip", "-o", "link", "show", "type", "bridge")
        + inNamespace(namespace, "cat", "/proc/sys/net/bridge/bridge-nf-call-iptables");
  }

  /** {@code create_ap -m bridge <wifi> <eth> ...} in the namespace, fully up; its folder. */
  private Path startBridgeModeAp(String namespace) throws IOException {
    standIn.start(
        "ip",
        "netns",
        "exec",
        namespace,
        "/bin/bash",
        script(),
        "-m",
        "bridge",
        wifi(),
        eth(),
        "MySsid",
        "MyPass12");
    Path folder = standIn.awaitUp();
    // As the real create_ap: no nat_internet_iface, "bridge=" in hostapd.conf, eth in the bridge.
    assertThat(Files.readString(folder.resolve("hostapd.conf"))).contains("bridge=br0\n");
    assertThat(folder.resolve("nat_internet_iface")).doesNotExist();
    assertThat(inNamespace(namespace, "ip", "-o", "link", "show", eth())).contains("master br0");
    assertThat(inNamespace(namespace, "cat", "/proc/sys/net/bridge/bridge-nf-call-iptables"))
        .isEqualTo("0\n");
    return folder;
  }

  /**
   * A bridge mode create_ap killed with SIGKILL leaves its hostapd serving, the bridge it made with
   * eth in it, and a state folder with no nat_internet_iface: the cut still finds that hostapd and
   * stops it.
   */
  @Test
  void cutStopsTheHostapdOfABridgeModeCreateApKilledWithSigkill() throws Exception {
    String namespace = bridgeNamespace();
    try {
      Path folder = startBridgeModeAp(namespace);
      long ap = StandinAp.readPid(folder.resolve("pid"));
      long hostapd = StandinAp.readPid(folder.resolve("hostapd.pid"));
      assertThat(accessPoints().findServing(standIn.pair)).map(RunningAp::pid).contains(ap);

      ProcessHandle.of(ap).orElseThrow().destroyForcibly(); // SIGKILL: no cleanup
      Poll.within(Duration.ofSeconds(10)).until(() -> !StandinAp.isRunning(ap));
      assertThat(StandinAp.isRunning(hostapd)).as("hostapd keeps serving").isTrue();
      assertThat(accessPoints().find(standIn.pair)).isEmpty();

      CutOutcome outcome = accessPoints().cut(standIn.pair);

      assertThat(outcome.wasRunning()).isTrue();
      assertThat(outcome.down()).isTrue();
      assertThat(outcome.how()).contains("orphaned hostapd", "SIGTERM to hostapd pid " + hostapd);
      assertThat(StandinAp.isRunning(hostapd)).isFalse();
      assertThat(commands)
          .containsExactly(
              List.of("ip", "link", "set", "dev", "ap0", "down"),
              List.of("ip", "link", "set", "dev", wifi(), "down"));
    } finally {
      host.run("ip", "netns", "del", namespace);
    }
  }

  /**
   * The cut of a live bridge mode create_ap is the NAT mode one: SIGTERM to create_ap, whose
   * cleanup stops hostapd, puts bridge-nf-call-iptables back and takes its bridge down, giving eth
   * its address and routes back. No escalation.
   */
  @Test
  void cutMakesABridgeModeCreateApTakeItsBridgeDown() throws Exception {
    String namespace = bridgeNamespace();
    try {
      String before = networkOf(namespace);
      Path folder = startBridgeModeAp(namespace);
      long ap = StandinAp.readPid(folder.resolve("pid"));
      long hostapd = StandinAp.readPid(folder.resolve("hostapd.pid"));
      assertThat(networkOf(namespace)).isNotEqualTo(before);

      CutOutcome outcome = accessPoints().cut(standIn.pair);

      assertThat(outcome.wasRunning()).isTrue();
      assertThat(outcome.down()).isTrue();
      assertThat(outcome.how()).contains("SIGTERM to create_ap pid " + ap);
      assertThat(commands).as("no escalation").isEmpty();
      assertThat(StandinAp.isRunning(hostapd)).isFalse();
      assertThat(standIn.signalLogLines())
          .satisfies(l -> assertThat(l.get(0)).startsWith("TERM ").endsWith(" " + ap))
          .anySatisfy(l -> assertThat(l).startsWith("CLEANUP "));
      assertThat(networkOf(namespace)).isEqualTo(before);
    } finally {
      host.run("ip", "netns", "del", namespace);
    }
  }

  // How soon a cut signals create_ap, and what a scan of /proc costs, are figures, not assertions:
  // src/test/bench/process-latency.sh prints them beside a bare kill and pgrep.
}
