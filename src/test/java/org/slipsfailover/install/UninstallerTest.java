package org.slipsfailover.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.units.HostFile;

class UninstallerTest {
  @TempDir Path dir;
  FakeMachine machine;
  Map<String, String> beforeInstall;

  @BeforeEach
  void installThenAddWhatSlipsAndTheWatcherWrite() throws Exception {
    machine = new FakeMachine(dir);
    beforeInstall = machine.snapshot();
    machine.install(new InstallOptions(FakeMachine.defaults(), false, Optional.empty(), false));
    Files.writeString(dir.resolve("home/pi/StratosphereLinuxIPS/output/alerts.log"), "alert\n");
    Files.writeString(dir.resolve("home/pi/StratosphereLinuxIPS/slips_container.log"), "log\n");
    Files.createDirectories(dir.resolve("etc/iptables"));
    Files.writeString(dir.resolve("etc/iptables/rules.v4"), "*filter\nCOMMIT\n");
    machine.commands.clear();
  }

  private void uninstall(boolean dryRun, boolean force) {
    new Uninstaller(HostRoot.of(dir), machine.context().commands(), machine.context().out())
        .uninstall(dryRun, force);
  }

  @Test
  void leavesNothingButWhatMustBeKept() throws Exception {
    uninstall(false, false);

    Map<String, String> after = machine.snapshot();
    // Exactly what was there before the install, plus Slips' output, the log and the saved rules.
    assertThat(after.keySet())
        .containsExactlyInAnyOrderElementsOf(withKept(beforeInstall.keySet()));
    assertThat(machine.commandLines())
        .containsSubsequence(
            "systemctl disable --now slips.service iptables-watcher.timer iptables-watcher-follow.service"
                + " slips-gate.service",
            "systemctl daemon-reload",
            "nft delete table inet slips_failover",
            "nft delete table bridge slips_failover");
  }

  @Test
  void aFileEditedSinceInstallIsKeptUnderAnotherName() throws Exception {
    Path runner = dir.resolve(HostFile.RUNNER_SCRIPT.substring(1));
    Files.writeString(runner, "#!/bin/sh\n# my edit\n");

    uninstall(false, false);

    assertThat(runner).doesNotExist();
    assertThat(runner.resolveSibling("slips-runner.sh" + Uninstaller.KEPT_SUFFIX))
        .hasContent("#!/bin/sh\n# my edit");
  }

  @Test
  void forceRemovesEditedFilesToo() throws Exception {
    Path runner = dir.resolve(HostFile.RUNNER_SCRIPT.substring(1));
    Files.writeString(runner, "#!/bin/sh\n# my edit\n");
    uninstall(false, true);
    assertThat(runner.getParent()).isEmptyDirectory();
  }

  @Test
  void dryRunChangesNothingAndTwiceIsHarmless() throws Exception {
    Map<String, String> installed = machine.snapshot();
    uninstall(true, false);
    assertThat(machine.snapshot()).isEqualTo(installed);
    assertThat(machine.commands).isEmpty();
    assertThat(machine.output()).contains("would remove " + HostFile.RUNNER_SCRIPT);

    uninstall(false, false);
    Map<String, String> once = machine.snapshot();
    machine.output.reset();
    uninstall(false, false);
    assertThat(machine.snapshot()).isEqualTo(once);
    assertThat(machine.output()).contains("not installed");
  }

  @Test
  void theServiceIsStoppedWhileTheUninstallIsMarkedAndTheMarkIsGoneAfter() throws Exception {
    org.slipsfailover.host.UninstallMarker marker =
        new org.slipsfailover.host.UninstallMarker(HostRoot.of(dir));
    java.util.List<Boolean> markedDuringStop = new java.util.ArrayList<>();
    org.slipsfailover.host.Commands watching =
        argv -> {
          if (argv.contains("disable")) {
            markedDuringStop.add(marker.activeUninstall().isPresent());
          }
          return new org.slipsfailover.host.CommandResult(0, "", "");
        };
    new Uninstaller(HostRoot.of(dir), watching, machine.context().out()).uninstall(false, false);
    assertThat(markedDuringStop).containsExactly(true);
    assertThat(marker.activeUninstall()).isEmpty();
  }

  private static java.util.Set<String> withKept(java.util.Set<String> before) {
    java.util.Set<String> expected = new java.util.TreeSet<>(before);
    expected.addAll(
        java.util.List.of(
            "home/pi/StratosphereLinuxIPS/output",
            "home/pi/StratosphereLinuxIPS/output/alerts.log",
            "home/pi/StratosphereLinuxIPS/slips_container.log",
            "etc",
            "etc/iptables",
            "etc/iptables/rules.v4",
            "run",
            "run/slips-failover",
            // Empty folders the install made stay; only its files are removed.
            "etc/systemd",
            "etc/systemd/system",
            "usr",
            "usr/local",
            "usr/local/bin",
            "usr/local/lib"));
    return expected;
  }
}
