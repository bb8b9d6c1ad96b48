package org.slipsfailover.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.TestSettings;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.Settings;
import org.slipsfailover.units.HostFile;

class InstallerTest {
  @TempDir Path dir;
  FakeMachine machine;
  Settings settings;

  @BeforeEach
  void setUp() throws Exception {
    machine = new FakeMachine(dir);
    settings = FakeMachine.defaults();
  }

  private void install(Settings s, boolean dryRun, boolean restart) {
    machine.install(new InstallOptions(s, dryRun, Optional.empty(), restart));
  }

  private void install() {
    install(settings, false, false);
  }

  @Test
  void firstInstallWritesEveryFileWithItsModeAndStartsTheServices() throws Exception {
    install();
    for (HostFile f : HostFile.ALL) {
      Path p = dir.resolve(f.path().substring(1));
      assertThat(p).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .isEqualTo(f.mode() == 0755 ? "rwxr-xr-x" : "rw-r--r--");
    }
    assertThat(dir.resolve(HostFile.JAR.substring(1))).hasBinaryContent(machine.jar);
    assertThat(dir.resolve(FakeMachine.SLIPS_DIR.substring(1) + "/output")).isDirectory();
    assertThat(machine.commandLines())
        .containsSubsequence(
            "systemctl daemon-reload",
            "systemctl enable --quiet netfilter-persistent.service",
            HostFile.WATCHER_SCRIPT,
            "systemctl enable --quiet slips.service iptables-watcher.timer iptables-watcher-follow.service"
                + " slips-gate.service",
            "systemctl start iptables-watcher.timer",
            "systemctl start iptables-watcher-follow.service",
            "systemctl start slips-gate.service",
            "systemctl start slips.service");
    assertThat(machine.output())
        .contains("(new)")
        // Whether Slips protects is the command's last line, read as status reads it
        // (InstallAndWait)
        .doesNotContain("PROTECTED")
        .contains("sudo slips-failover status")
        .contains("sudo slips-failover uninstall")
        .contains("docker exec -it slips tmux attach -t slips");
  }

  @Test
  void installingTwiceChangesNothingTheSecondTime() throws Exception {
    install();
    Map<String, String> afterFirst = machine.snapshot();
    machine.commands.clear();
    machine.output.reset();

    install();

    assertThat(machine.snapshot()).isEqualTo(afterFirst);
    assertThat(machine.output()).doesNotContain("(new)").doesNotContain("(changed)");
    assertThat(machine.output().lines().filter(l -> l.endsWith("(unchanged)")))
        .hasSize(HostFile.ALL.size() + 3); // and the jar, the settings, the manifest
    assertThat(machine.commandLines())
        .doesNotContain("systemctl daemon-reload", "systemctl restart slips.service")
        .contains("systemctl start slips.service");
  }

  @Test
  void tenRunsLeaveExactlyWhatOneRunLeaves() throws Exception {
    install();
    Map<String, String> once = machine.snapshot();
    for (int i = 0; i < 9; i++) {
      install();
    }
    assertThat(machine.snapshot()).isEqualTo(once);
  }

  /** The installed settings with another memory limit. */
  private Settings withMemory(String memory) {
    return new Settings(
        settings.pair(),
        settings.image(),
        settings.containerName(),
        settings.blocking(),
        memory,
        settings.cpuShares(),
        settings.shmSize(),
        settings.slipsDir(),
        false);
  }

  @Test
  void aChangedSettingRewritesTheRunnerAndRestartsTheService() throws Exception {
    install();
    machine.commands.clear();
    machine.output.reset();
    Settings moreMemory = withMemory("4g");

    install(moreMemory, false, false);

    assertThat(machine.output()).contains(HostFile.RUNNER_SCRIPT + " (changed)");
    assertThat(Files.readString(dir.resolve(HostFile.RUNNER_SCRIPT.substring(1))))
        .contains("--memory 4g");
    assertThat(machine.commandLines()).contains("systemctl restart slips.service");
  }

  @Test
  void restartOptionRestartsEvenWhenNothingChanged() throws Exception {
    install();
    machine.commands.clear();
    install(settings, false, true);
    assertThat(machine.commandLines()).contains("systemctl restart slips.service");
  }

  @Test
  void dryRunChangesNothingPrintsEveryFileAndWorksWithoutRoot() throws Exception {
    machine.root_ = false;
    Map<String, String> before = machine.snapshot();

    install(settings, true, false);

    assertThat(machine.snapshot()).isEqualTo(before);
    String out = machine.output();
    for (HostFile f : HostFile.ALL) {
      assertThat(out)
          .contains("file   " + f.path() + " (mode " + String.format("%04o", f.mode()) + ", new)");
    }
    assertThat(out).contains("ExecStopPost=/usr/local/bin/slips-runner.sh cut-ap");
    assertThat(out).contains("would run  systemctl start slips.service");
    // Only read-only questions were asked of the machine.
    assertThat(machine.commandLines())
        .allMatch(c -> c.startsWith("dpkg-query") || c.startsWith("systemctl is-active"));
  }

  /** The install fails with {@code code} and a message holding {@code part}; no file changed. */
  private void assertRefusedAndNothingWritten(ExitCode code, String part) throws Exception {
    Map<String, String> before = machine.snapshot();
    assertThatThrownBy(this::install)
        .isInstanceOfSatisfying(
            InstallException.class, e -> assertThat(e.exitCode()).isEqualTo(code))
        .hasMessageContaining(part);
    assertThat(machine.snapshot()).isEqualTo(before);
  }

  @Test
  void notRootIsRefusedWithTheSudoCommandAndNothingWritten() throws Exception {
    machine.root_ = false;
    assertRefusedAndNothingWritten(ExitCode.NOT_ROOT, "sudo ");
    assertThat(machine.commands).isEmpty();
  }

  @Test
  void noAccessPointIsRefusedWithTheCommandThatStartsOne() throws Exception {
    machine.apRunning = false;
    assertRefusedAndNothingWritten(ExitCode.NO_ACCESS_POINT, "sudo create_ap wlan0 eth0 ");
  }

  @Test
  void aReRunOfTheSavedInstallGoesOnWithTheAccessPointDown() throws Exception {
    install();
    machine.apRunning = false;
    Settings saved = InstalledSettings.read(org.slipsfailover.host.HostRoot.of(dir)).orElseThrow();
    machine.commands.clear();
    machine.install(new InstallOptions(saved, false, Optional.empty(), false, true));
    assertThat(machine.output())
        .contains("none running on wlan0,eth0 (a re-run of the saved install");
    assertThat(machine.commandLines())
        .contains("systemctl start slips.service")
        .doesNotContain("systemctl restart slips.service");
  }

  @Test
  void theStartUpArchiveIsMadeBeforeSlipsStartsAndAgainOnlyForANewJar() throws Exception {
    install();
    String make = "java -XX:DumpLoadedClassList=";
    assertThat(machine.commandLines().stream().filter(c -> c.startsWith(make)))
        .anyMatch(c -> c.endsWith(HostFile.JAR + " status"))
        .anyMatch(c -> c.endsWith(HostFile.JAR + " cut-ap slipsnone0,slipsnone1"));
    assertThat(String.join("\n", machine.commandLines()))
        .containsSubsequence(make, "systemctl start slips.service");
    Files.write(dir.resolve(HostFile.CLASS_ARCHIVE.substring(1)), new byte[] {1});
    machine.commands.clear();

    install();

    assertThat(machine.commandLines()).noneMatch(c -> c.startsWith(make));
  }

  @Test
  void aDryRunWithoutInterfacesOrAccessPointPrintsTheWholePlanMarksEachFailureAndFails()
      throws Exception {
    machine.apRunning = false;
    Map<String, String> before = machine.snapshot();
    Settings elsewhere =
        TestSettings.defaults(new InterfacePair("wlan9", "eth9"), Path.of("/nowhere/slips"));

    assertThatThrownBy(() -> install(elsewhere, true, false))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("Slips folder '/nowhere/slips' does not exist")
        .hasMessageContaining("interface 'wlan9'")
        .hasMessageContaining("interface 'eth9'")
        .hasMessageContaining("no access point is running on wlan9,eth9");
    assertThat(machine.output())
        .contains("check  folder:       FAILED: Slips folder")
        .contains("check  interfaces:   FAILED: interface 'wlan9'")
        .contains("check  access point: FAILED: no access point")
        .contains("would run  systemctl start slips.service")
        .contains("Dry run: nothing was changed.");
    for (HostFile f : HostFile.ALL) {
      assertThat(machine.output()).contains("file   " + f.path() + " (mode ");
    }
    assertThat(machine.snapshot()).isEqualTo(before);
  }

  @Test
  void theSavedSettingsAreEveryInstallSetting() throws Exception {
    Settings custom =
        new Settings(
            settings.pair(),
            "example.org/slips:1",
            "slips2",
            true,
            "4g",
            512,
            "256m",
            settings.slipsDir(),
            false);
    install(custom, false, false);
    assertThat(InstalledSettings.read(org.slipsfailover.host.HostRoot.of(dir))).contains(custom);
  }

  @Test
  void aMissingInterfaceIsABadInputAndNothingIsWritten() throws Exception {
    Map<String, String> before = machine.snapshot();
    Settings otherWifi =
        TestSettings.defaults(new InterfacePair("wlan9", "eth0"), settings.slipsDir());
    assertThatThrownBy(() -> install(otherWifi, false, false))
        .isInstanceOf(BadInputException.class)
        .hasMessage("interface 'wlan9' does not exist on this machine");
    assertThat(machine.snapshot()).isEqualTo(before);
  }

  @Test
  void packagesArePreseededAndInstalledOnlyWhenMissingWithoutUpdate() throws Exception {
    install();
    assertThat(machine.commandLines()).noneMatch(c -> c.startsWith("apt-get"));

    machine.packagesInstalled = false;
    machine.commands.clear();
    install();
    assertThat(machine.commandLines())
        .containsSubsequence(
            "debconf-set-selections",
            "apt-get install -y -q iptables-persistent netfilter-persistent nftables")
        .doesNotContain("apt-get update -q");
  }

  @Test
  void packagesThatCannotBeInstalledAreAClearError() {
    machine.packagesInstalled = false;
    machine.aptInstallWorks = false;
    assertThatThrownBy(this::install)
        .isInstanceOf(InstallException.class)
        .hasMessageContaining("cannot install iptables-persistent netfilter-persistent");
    assertThat(machine.commandLines()).contains("apt-get update -q");
  }

  @Test
  void aMissingImageIsPulledBeforeTheServiceStarts() throws Exception {
    machine.imagePresent = false;
    install();
    assertThat(machine.pulls).containsExactly(Settings.DEFAULT_IMAGE);
    assertThat(machine.commandLines())
        .containsSubsequence("(pull) " + Settings.DEFAULT_IMAGE, "systemctl start slips.service");
  }

  @Test
  void aNewJarAloneIsAHandOverMarkedRightBeforeTheRestart() throws Exception {
    install();
    machine.jar = "a newer failover.jar".getBytes();
    machine.commands.clear();
    install();
    var handOver =
        new org.slipsfailover.host.HandOver(
            dir.resolve(org.slipsfailover.host.HandOver.PATH.substring(1)),
            java.time.Clock.systemUTC());
    assertThat(handOver.pending()).isTrue();
    assertThat(machine.output())
        .containsSubsequence(
            "run    mark a hand-over in /run/slips-failover/handover",
            "run    systemctl restart slips.service");
  }

  @Test
  void changedSettingsAreNoHandOver() throws Exception {
    install();
    machine.jar = "a newer failover.jar".getBytes();
    install(withMemory("4g"), false, false);
    assertThat(dir.resolve("run/slips-failover/handover")).doesNotExist();
    assertThat(machine.commandLines()).contains("systemctl restart slips.service");
  }

  @Test
  void aFailedPullLeavesTheMachineAsItWas() throws Exception {
    machine.imagePresent = false;
    machine.pullFails = true;
    var before = machine.snapshot();
    assertThatThrownBy(this::install)
        .isInstanceOf(InstallException.class)
        .hasMessage(
            "cannot pull "
                + Settings.DEFAULT_IMAGE
                + " and it is not here already: pull "
                + Settings.DEFAULT_IMAGE
                + ": Get \"http://registry/v2/\": connection refused");
    assertThat(machine.snapshot()).isEqualTo(before);
    assertThat(machine.commandLines())
        .noneMatch(c -> c.startsWith("systemctl") && !c.contains("is-active"));
  }

  @Test
  void aFolderThatDoesNotExistIsABadInput() {
    Settings nowhere = TestSettings.defaults(Path.of("/home/pi/nowhere"));
    assertThatThrownBy(() -> install(nowhere, false, false))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("/home/pi/nowhere");
  }

  @Test
  void theManifestListsEveryInstalledFileWithItsHash() throws Exception {
    install();
    String manifest = Files.readString(dir.resolve(FilePlanner.MANIFEST.substring(1)));
    for (HostFile f : HostFile.ALL) {
      assertThat(manifest).containsPattern("[0-9a-f]{64}  " + f.path().replace(".", "\\.") + "\n");
    }
    assertThat(manifest).contains(FilePlanner.sha256(machine.jar) + "  " + HostFile.JAR);
  }

  @Test
  void theRestorerIsStartedOnlyWhenThereIsNothingToRestore() throws Exception {
    machine.restorerActive = false;
    install();
    assertThat(machine.commandLines()).contains("systemctl start netfilter-persistent.service");

    Files.createDirectories(dir.resolve("etc/iptables"));
    Files.writeString(dir.resolve("etc/iptables/rules.v4"), "*filter\nCOMMIT\n");
    machine.commands.clear();
    install();
    // Starting it would restore the file and flush the live filter table.
    assertThat(machine.commandLines())
        .doesNotContain("systemctl start netfilter-persistent.service")
        // Nor save over the saved blocks, nor start a unit whose Requisite= is not met.
        .doesNotContain(HostFile.WATCHER_SCRIPT, "systemctl start iptables-watcher-follow.service");
    assertThat(machine.output()).contains("rules are saved again only after a reboot");
  }
}
