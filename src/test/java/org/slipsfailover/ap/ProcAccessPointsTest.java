package org.slipsfailover.ap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.ProcFs;
import org.slipsfailover.testing.MutableClock;

/** Finding and cutting against a fake /proc, with recorded signals and commands. */
class ProcAccessPointsTest {
  private static final InterfacePair PAIR = new InterfacePair("wlan0", "eth0");
  private static final String BASH = "/usr/bin/bash";
  private static final long AP = 900_101;
  private static final long HOSTAPD = 900_102;

  @TempDir Path root;
  private FakeProc proc;
  private final List<List<String>> commands = new ArrayList<>();
  private final List<String> signals = new ArrayList<>();

  /** What a command does to the fake machine; by default nothing, and it succeeds. */
  private Predicate<List<String>> commandEffect = argv -> true;

  /** Which pids die of SIGTERM in the fake machine. */
  private Predicate<Long> diesOfTerm = pid -> true;

  @BeforeEach
  void machine() {
    proc = new FakeProc(root);
    proc.process(1, 0, 1, "/usr/lib/systemd/systemd", "/sbin/init");
    proc.process(900_001, 1, 50, BASH, "-bash");
  }

  private ProcAccessPoints accessPoints() {
    Commands recording =
        argv -> {
          commands.add(argv);
          return new CommandResult(commandEffect.test(argv) ? 0 : 1, "", "failed");
        };
    ProcessSignaller signaller =
        (pid, kill, stillSame) -> {
          if (!stillSame.getAsBoolean()) {
            return false;
          }
          signals.add((kill ? "KILL " : "TERM ") + pid);
          if (kill || diesOfTerm.test(pid)) {
            proc.exit(pid);
          }
          return true;
        };
    // Fake time: the cut's waits move the clock on, so no test here sleeps.
    MutableClock clock = new MutableClock();
    CutTiming fast =
        new CutTiming(
            Duration.ofMillis(5),
            Duration.ofMillis(100),
            Duration.ofMillis(50),
            clock,
            (length, early) -> clock.advance(length));
    return new ProcAccessPoints(proc.host(), proc.tmp(), recording, fast, signaller);
  }

  private void startAp(String commandLine) {
    proc.process(AP, 900_001, 1000, BASH, commandLine.split(" "));
    proc.process(
        HOSTAPD, AP, 1100, "/usr/sbin/hostapd", "/usr/sbin/hostapd", "/tmp/x/hostapd.conf");
  }

  @Test
  void findsTheCreateApOfThePairAmongLookAlikesAndOtherPairs() {
    proc.process(900_201, 900_001, 300, "/usr/bin/grep", "grep", "create_ap", "wlan0", "eth0");
    proc.process(900_202, 900_001, 301, BASH, "/bin/bash", "/usr/bin/create_ap", "wlan1", "eth0");
    proc.process(900_203, 900_001, 302, BASH, "/bin/bash", "/usr/bin/create_ap", "eth0", "wlan0");
    proc.process(900_204, 900_001, 303, BASH, "/bin/bash", "/usr/bin/create_ap", "--stop", "wlan0");
    proc.process(900_205, 900_001, 304, "/usr/bin/sleep", "create_ap", "wlan0", "eth0");
    startAp("/bin/bash /usr/bin/create_ap wlan0 eth0 MySsid MyPassphrase -c 40");

    Optional<RunningAp> found = accessPoints().find(PAIR);

    assertThat(found).isPresent();
    assertThat(found.get().pid()).isEqualTo(AP);
    assertThat(found.get().startedAt()).isEqualTo(FakeProc.at(1000));
    assertThat(found.get().argv()).contains("MySsid").startsWith("/bin/bash");
    assertThat(found.get().systemdUnit()).isEmpty();
  }

  @Test
  void aForkedSubshellOfCreateApIsPartOfItNotAnotherAp() {
    startAp("/bin/bash /usr/bin/create_ap wlan0 eth0");
    // create_ap's $(...) in its cleanup: same argv, its child, its session.
    proc.process(900_103, AP, 1200, BASH, "/bin/bash", "/usr/bin/create_ap", "wlan0", "eth0");

    assertThat(accessPoints().find(PAIR)).map(RunningAp::pid).contains(AP);
    diesOfTerm = pid -> pid != AP; // create_ap busy cleaning up (with its subshell) all along
    accessPoints().cut(PAIR);
    assertThat(signals).doesNotContain("TERM 900103");
    assertThat(signals).startsWith("TERM " + AP);
  }

  @Test
  void findsCreateApWhoseBashWasUpgradedUnderIt() {
    proc.process(
        AP, 1, 1000, "/usr/bin/bash (deleted)", "/bin/bash", "/usr/bin/create_ap", "wlan0", "eth0");
    assertThat(accessPoints().find(PAIR)).map(RunningAp::pid).contains(AP);
  }

  @Test
  void aCreateApServesOnceItsHostapdRuns() {
    proc.process(AP, 900_001, 1000, BASH, "/bin/bash", "/usr/bin/create_ap", "wlan0", "eth0");
    assertThat(accessPoints().find(PAIR)).isPresent();
    assertThat(accessPoints().findServing(PAIR)).isEmpty();

    proc.process(
        HOSTAPD, AP, 1100, "/usr/sbin/hostapd", "/usr/sbin/hostapd", "/tmp/x/hostapd.conf");

    assertThat(accessPoints().findServing(PAIR)).map(RunningAp::pid).contains(AP);
  }

  @Test
  void findsNothingWhenOnlyLookAlikesRun() {
    proc.process(900_201, 900_001, 300, "/usr/bin/vim", "vim", "create_ap", "wlan0", "eth0");
    proc.process(900_202, 900_001, 301, BASH, "bash", "-c", "echo create_ap wlan0 eth0");
    assertThat(accessPoints().find(PAIR)).isEmpty();
  }

  @Test
  void readsTheConfigFileAsTheProcessSeesIt() {
    proc.process(
        AP, 1, 1000, BASH, "/bin/bash", "/usr/bin/create_ap", "--config", "/etc/create_ap.conf");
    proc.fileOf(AP, "/etc/create_ap.conf", "WIFI_IFACE=wlan0\nINTERNET_IFACE=eth0\nSSID=x\n");
    assertThat(accessPoints().find(PAIR)).map(RunningAp::pid).contains(AP);
  }

  @Test
  void stateFolderTellsTheInterfacesWhenTheConfigFileChangedSinceTheStart() {
    proc.process(
        AP, 1, 1000, BASH, "/bin/bash", "/usr/bin/create_ap", "--config", "/etc/create_ap.conf");
    proc.fileOf(AP, "/etc/create_ap.conf", "WIFI_IFACE=wlan1\nINTERNET_IFACE=eth1\n");
    Path folder = proc.stateFolder("wlan0", "Ab3dEf7h", AP, "eth0", FakeProc.at(1010));

    Optional<RunningAp> found = accessPoints().find(PAIR);

    assertThat(found).map(RunningAp::stateDir).contains(Optional.of(folder));
  }

  @Test
  void staleStateFolderOfAReusedPidVouchesForNothing() {
    // The folder predates the process: a killed create_ap's leftover, its pid reused since.
    proc.process(AP, 1, 100_000, BASH, "/bin/bash", "/usr/bin/create_ap", "wlan1", "eth0");
    proc.stateFolder("wlan0", "Ab3dEf7h", AP, "eth0", FakeProc.at(1000));
    assertThat(accessPoints().find(PAIR)).isEmpty();
  }

  @Test
  void recognisesCreateApServiceByItsCgroup() {
    startAp("/bin/bash /usr/bin/create_ap --config /etc/create_ap.conf");
    proc.fileOf(AP, "/etc/create_ap.conf", "WIFI_IFACE=wlan0\nINTERNET_IFACE=eth0\n");
    proc.cgroup(AP, "/system.slice/create_ap.service");
    assertThat(accessPoints().find(PAIR).flatMap(RunningAp::systemdUnit))
        .contains("create_ap.service");
  }

  @Test
  void cutStopsTheUnitThroughSystemdAndSendsNoSignal() {
    startAp("/bin/bash /usr/bin/create_ap --config /etc/create_ap.conf");
    proc.fileOf(AP, "/etc/create_ap.conf", "WIFI_IFACE=wlan0\nINTERNET_IFACE=eth0\n");
    proc.cgroup(AP, "/system.slice/create_ap.service");
    commandEffect =
        argv -> {
          if (argv.equals(List.of("systemctl", "stop", "create_ap.service"))) {
            proc.exit(AP);
            proc.exit(HOSTAPD);
          }
          return true;
        };

    CutOutcome outcome = accessPoints().cut(PAIR);

    assertThat(commands).containsExactly(List.of("systemctl", "stop", "create_ap.service"));
    assertThat(signals).isEmpty();
    assertThat(outcome.wasRunning()).isTrue();
    assertThat(outcome.down()).isTrue();
    assertThat(outcome.how()).contains("systemctl stop create_ap.service");
  }

  @Test
  void cutSignalsTheProcessWhenSystemctlFails() {
    startAp("/bin/bash /usr/bin/create_ap wlan0 eth0");
    proc.cgroup(AP, "/system.slice/create_ap.service");
    commandEffect = argv -> false;
    diesOfTerm = pid -> true;

    CutOutcome outcome = accessPoints().cut(PAIR);

    assertThat(commands.get(0)).containsExactly("systemctl", "stop", "create_ap.service");
    assertThat(signals).startsWith("TERM " + AP);
  }

  @Test
  void cutStopsTheHostapdThatCreateApLeftBehind() {
    startAp("/bin/bash /usr/bin/create_ap wlan0 eth0");
    // The fake create_ap dies without its cleanup: its hostapd stays, so it is not down yet.
    CutOutcome outcome = accessPoints().cut(PAIR);

    assertThat(signals).containsExactly("TERM " + AP, "TERM " + HOSTAPD);
    assertThat(commands).containsExactly(List.of("ip", "link", "set", "dev", "wlan0", "down"));
    assertThat(outcome.down()).isTrue();
    assertThat(outcome.how()).contains("SIGTERM to create_ap pid " + AP, "SIGTERM to hostapd");
  }

  @Test
  void escalatesToSigkillAndInterfacesDownWhenNothingDiesOfSigtermAndSignalsCreateApOnce() {
    startAp("/bin/bash /usr/bin/create_ap wlan0 eth0");
    proc.stateFolder("wlan0", "Ab3dEf7h", AP, "eth0", FakeProc.at(1010));
    diesOfTerm = pid -> false;

    CutOutcome outcome = accessPoints().cut(PAIR);

    assertThat(signals).containsExactly("TERM " + AP, "TERM " + HOSTAPD, "KILL " + HOSTAPD);
    assertThat(commands)
        .containsExactly(
            List.of("ip", "link", "set", "dev", "ap0", "down"),
            List.of("ip", "link", "set", "dev", "wlan0", "down"));
    // create_ap itself ignored SIGTERM and is still there: not verified down.
    assertThat(outcome.wasRunning()).isTrue();
    assertThat(outcome.down()).isFalse();
  }

  /** A hostapd left by a SIGKILLed create_ap of wifi,eth0 (pid 900999, gone). */
  private void orphanHostapdOf(String wifi) {
    Path folder = proc.stateFolder(wifi, "Ab3dEf7h", 900_999, "eth0", FakeProc.at(1010));
    proc.process(
        HOSTAPD, 1, 1100, "/usr/sbin/hostapd", "/usr/sbin/hostapd", folder + "/hostapd.conf");
  }

  @Test
  void orphanedHostapdOfALeftoverFolderCountsAsUpAndIsStopped() {
    orphanHostapdOf("wlan0");

    CutOutcome outcome = accessPoints().cut(PAIR);

    assertThat(signals).containsExactly("TERM " + HOSTAPD);
    assertThat(outcome.wasRunning()).isTrue();
    assertThat(outcome.down()).isTrue();
    assertThat(outcome.how()).contains("orphaned hostapd");
  }

  @Test
  void hostapdOfAnotherPairsFolderIsLeftAlone() {
    orphanHostapdOf("wlan1");

    CutOutcome outcome = accessPoints().cut(PAIR);

    assertThat(signals).isEmpty();
    assertThat(commands).isEmpty();
    assertThat(outcome)
        .isEqualTo(CutOutcome.alreadyDown("no access point of wlan0,eth0 was running"));
  }

  /**
   * A hostapd left by a SIGKILLed {@code create_ap -m bridge wlan0 <internet>} (pid 900999, gone):
   * its folder has no nat_internet_iface, only "bridge=<bridge>" in hostapd.conf.
   */
  private void orphanBridgeHostapd(String bridge) {
    Path folder = proc.bridgeStateFolder("wlan0", "Ab3dEf7h", 900_999, bridge, FakeProc.at(1010));
    proc.process(
        HOSTAPD, 1, 1100, "/usr/sbin/hostapd", "/usr/sbin/hostapd", folder + "/hostapd.conf");
  }

  @Test
  void orphanedHostapdOfABridgeModeLeftoverIsStoppedWhenEthIsAPortOfItsBridge() {
    // create_ap -m bridge wlan0 eth0 made br0 and put eth0 in it; SIGKILLed, it left both so.
    orphanBridgeHostapd("br0");
    proc.bridgePort(HOSTAPD, "eth0", "br0");

    assertThat(accessPoints().findServing(PAIR)).isEmpty(); // no create_ap: nothing to find
    CutOutcome outcome = accessPoints().cut(PAIR);

    assertThat(signals).containsExactly("TERM " + HOSTAPD);
    assertThat(commands)
        .containsExactly(
            List.of("ip", "link", "set", "dev", "ap0", "down"),
            List.of("ip", "link", "set", "dev", "wlan0", "down"));
    assertThat(outcome.wasRunning()).isTrue();
    assertThat(outcome.down()).isTrue();
    assertThat(outcome.how()).contains("orphaned hostapd");
  }

  @Test
  void orphanedHostapdOfABridgeModeLeftoverIsStoppedWhenEthIsItsBridge() {
    // create_ap -m bridge wlan0 br0: given a bridge, create_ap uses it as it is.
    orphanBridgeHostapd("br0");

    accessPoints().cut(new InterfacePair("wlan0", "br0"));

    assertThat(signals).containsExactly("TERM " + HOSTAPD);
  }

  @Test
  void hostapdOfABridgeModeLeftoverOfAnotherLanIsLeftAlone() {
    orphanBridgeHostapd("br1"); // create_ap -m bridge wlan0 eth1: eth1 in br1, eth0 in br0
    proc.bridgePort(HOSTAPD, "eth0", "br0");

    CutOutcome outcome = accessPoints().cut(PAIR);

    assertThat(signals).isEmpty();
    assertThat(commands).isEmpty();
    assertThat(outcome.wasRunning()).isFalse();
  }

  /**
   * A create_ap (pid AP, child of {@code parent}) run as "create_ap -m bridge wlan0 {@code eth}",
   * with its hostapd and its state folder, whose hostapd.conf names the bridge br0.
   */
  private Path bridgeModeCreateAp(long parent, String eth) {
    Path folder = proc.bridgeStateFolder("wlan0", "Ab3dEf7h", AP, "br0", FakeProc.at(1010));
    proc.process(
        AP, parent, 1000, BASH, "/bin/bash", "/usr/bin/create_ap", "-m", "bridge", "wlan0", eth);
    proc.process(
        HOSTAPD, AP, 1100, "/usr/sbin/hostapd", "/usr/sbin/hostapd", folder + "/hostapd.conf");
    return folder;
  }

  @Test
  void hostapdOfABridgeModeFolderWhoseCreateApStillRunsIsItsCreateApsAffair() {
    // A live create_ap whose command line names another pair (the bridge itself, br0), though
    // eth0 is a port of that bridge: not this pair's AP, and its hostapd no orphan.
    bridgeModeCreateAp(1, "br0");
    proc.bridgePort(HOSTAPD, "eth0", "br0");

    CutOutcome outcome = accessPoints().cut(PAIR);

    assertThat(signals).isEmpty();
    assertThat(outcome.wasRunning()).isFalse();
  }

  @Test
  void bridgeModeCreateApIsFoundByItsCommandLineAndCutWithItsHostapd() {
    Path folder = bridgeModeCreateAp(900_001, "eth0");

    assertThat(accessPoints().findServing(PAIR).flatMap(RunningAp::stateDir)).contains(folder);
    accessPoints().cut(PAIR);

    assertThat(signals).containsExactly("TERM " + AP, "TERM " + HOSTAPD);
  }

  @Test
  void cutDoesNotSignalAProcessThatIsNoLongerTheOneFound() {
    startAp("/bin/bash /usr/bin/create_ap wlan0 eth0");
    ProcAccessPoints aps = accessPoints();
    RunningAp found = aps.find(PAIR).orElseThrow();
    // The pid is reused by another program between the scan and the signal.
    proc.exit(AP);
    proc.process(AP, 1, 5000, "/usr/bin/sleep", "sleep", "1000");
    ApFinder finder = new ApFinder(new ProcFs(proc.host()), proc.tmp());
    assertThat(finder.stillServes(found, PAIR)).isFalse();
    // ...or by a later create_ap of the same pair: same pid, another start.
    proc.exit(AP);
    proc.process(AP, 900_001, 1000, BASH, "/bin/bash", "/usr/bin/create_ap", "wlan0", "eth0");
    assertThat(finder.stillServes(found, PAIR)).isTrue();
    proc.exit(AP);
    proc.process(AP, 1, 7000, BASH, "/bin/bash", "/usr/bin/create_ap", "wlan0", "eth0");
    assertThat(finder.stillServes(found, PAIR)).isFalse();
  }

  // Anyone may start processes that look like create_ap and hostapd, and plant folders in /tmp.

  private static final int NOBODY = 65534;

  @Test
  void aCreateApAndHostapdOfAnotherUserAreNeitherFoundNorCut() throws Exception {
    startAp("/bin/bash /usr/bin/create_ap wlan0 eth0");
    proc.runAs(AP, NOBODY).runAs(HOSTAPD, NOBODY);
    Path folder = proc.stateFolder("wlan0", "Ab3dEf7h", AP, "eth0", FakeProc.at(1010));
    Files.setAttribute(folder, "unix:uid", NOBODY);

    assertThat(accessPoints().find(PAIR)).isEmpty();
    assertThat(accessPoints().findServing(PAIR)).isEmpty();
    CutOutcome outcome = accessPoints().cut(PAIR);

    assertThat(outcome.wasRunning()).isFalse();
    assertThat(signals).isEmpty();
    assertThat(commands).isEmpty();
  }

  @Test
  void aProcessRootMerelyLooksLikeIsNotRoots() {
    startAp("/bin/bash /usr/bin/create_ap wlan0 eth0");
    // Started by a user through a setuid program: effective uid 0, real uid not.
    FakeProc.write(proc.proc().resolve(AP + "/status"), "Uid:\t1000\t0\t0\t0\n");
    assertThat(accessPoints().find(PAIR)).isEmpty();
  }

  @Test
  void aRootHostapdNamedByAnotherUsersFolderIsNotOurs() throws Exception {
    Path folder = proc.stateFolder("wlan0", "Ab3dEf7h", AP, "eth0", FakeProc.at(1010));
    Files.setAttribute(folder, "unix:uid", NOBODY);
    proc.process(
        HOSTAPD, 1, 1100, "/usr/sbin/hostapd", "/usr/sbin/hostapd", folder + "/hostapd.conf");

    accessPoints().cut(PAIR);

    assertThat(signals).isEmpty();
    assertThat(commands).as("no interface set down on a planted folder's word").isEmpty();
  }

  /** A create_ap whose interfaces are only in its config file; returns that file. */
  private Path createApWithConfigFile() {
    proc.process(
        AP, 1, 1000, BASH, "/bin/bash", "/usr/bin/create_ap", "--config", "/etc/create_ap.conf");
    proc.fileOf(AP, "/etc/create_ap.conf", "WIFI_IFACE=wlan0\nINTERNET_IFACE=eth0\n");
    assertThat(accessPoints().find(PAIR)).isPresent();
    return proc.proc().resolve(AP + "/root/etc/create_ap.conf");
  }

  @Test
  void anEscalatedCutSetsNoInterfaceDownThatAnotherUsersFolderNames() throws Exception {
    startAp("/bin/bash /usr/bin/create_ap wlan0 eth0");
    proc.stateFolder("wlan0", "Ab3dEf7h", AP, "eth0", FakeProc.at(1010));
    Path planted = proc.stateFolder("wlan0", "Planted0", 1, "eth0", FakeProc.at(1010));
    Files.writeString(planted.resolve("wifi_iface"), "eth0\n");
    Files.setAttribute(planted, "unix:uid", NOBODY);
    diesOfTerm = pid -> false;

    accessPoints().cut(PAIR);

    assertThat(commands)
        .containsExactly(
            List.of("ip", "link", "set", "dev", "ap0", "down"),
            List.of("ip", "link", "set", "dev", "wlan0", "down"));
  }

  @Test
  void aConfigFileThatIsNotRootsAloneIsNotRead() throws Exception {
    Path config = createApWithConfigFile();
    Files.setAttribute(config, "unix:uid", NOBODY);

    assertThat(accessPoints().find(PAIR)).isEmpty();
  }

  @Test
  void aHugeConfigFileIsNotReadWhole() throws Exception {
    Path config = createApWithConfigFile();
    try (RandomAccessFile huge = new RandomAccessFile(config.toFile(), "rw")) {
      huge.setLength(8L << 30); // 8 GiB of holes: an OutOfMemoryError if read whole
    }

    assertThat(accessPoints().find(PAIR)).isEmpty();
  }

  @Test
  void aFailureOfAnyKindDuringTheCutStillSetsTheWifiInterfaceDown() {
    startAp("/bin/bash /usr/bin/create_ap wlan0 eth0");
    Commands recording =
        argv -> {
          commands.add(argv);
          return new CommandResult(0, "", "");
        };
    ProcessSignaller overflowing =
        (pid, kill, stillSame) -> {
          throw new StackOverflowError();
        };
    ProcAccessPoints aps =
        new ProcAccessPoints(proc.host(), proc.tmp(), recording, CutTiming.defaults(), overflowing);

    CutOutcome outcome = aps.cut(PAIR);

    assertThat(outcome.down()).isFalse();
    assertThat(outcome.how()).contains("StackOverflowError");
    assertThat(commands).containsExactly(List.of("ip", "link", "set", "dev", "wlan0", "down"));
  }
}
