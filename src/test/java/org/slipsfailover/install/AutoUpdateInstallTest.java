package org.slipsfailover.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.AutoUpdate;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.units.HostFile;

/**
 * {@code install --auto-update daily|weekly|off}: the timer and service written, enabled, removed.
 */
class AutoUpdateInstallTest {
  private static final String TIMER = "slips-failover-update.timer";

  @TempDir Path dir;
  FakeMachine machine;

  @BeforeEach
  void setUp() throws Exception {
    machine = new FakeMachine(dir);
  }

  private void install(Optional<AutoUpdate> autoUpdate, boolean dryRun) {
    machine.commands.clear();
    machine.install(
        new InstallOptions(
            FakeMachine.defaults(), dryRun, Optional.empty(), false, false, autoUpdate));
  }

  private Path file(HostFile f) {
    return dir.resolve(f.path().substring(1));
  }

  private String read(String path) throws Exception {
    return Files.readString(dir.resolve(path.substring(1)));
  }

  @Test
  void offByDefaultNothingIsWritten() throws Exception {
    install(Optional.empty(), false);

    assertThat(file(HostFile.UPDATE_TIMER)).doesNotExist();
    assertThat(file(HostFile.UPDATE_SERVICE)).doesNotExist();
    assertThat(machine.commandLines()).noneMatch(c -> c.contains(TIMER));
    assertThat(read(FilePlanner.SETTINGS)).contains("auto-update=off\n");
  }

  @Test
  void dailyWritesTheTimerAndServiceAndStartsTheTimer() throws Exception {
    install(Optional.of(AutoUpdate.DAILY), false);

    assertThat(read(HostFile.UPDATE_TIMER.path()))
        .contains("OnCalendar=Mon..Sun *-*-* 04:00:00\n")
        .contains("RandomizedDelaySec=1h\n")
        .contains("Persistent=true\n")
        .contains("WantedBy=timers.target\n");
    assertThat(read(HostFile.UPDATE_SERVICE.path()))
        .contains("Type=oneshot\n")
        .contains("ExecStart=/usr/local/bin/slips-failover update\n");
    assertThat(machine.commandLines())
        .containsSubsequence(
            "systemctl daemon-reload",
            "systemctl enable --quiet " + TIMER,
            "systemctl start " + TIMER);
    assertThat(read(FilePlanner.SETTINGS)).contains("auto-update=daily\n");
    // In the manifest: uninstall removes them.
    assertThat(read(FilePlanner.MANIFEST))
        .contains("  " + HostFile.UPDATE_TIMER.path() + "\n")
        .contains("  " + HostFile.UPDATE_SERVICE.path() + "\n");
  }

  @Test
  void anInstallWithoutTheOptionKeepsWhatTheLastOneSet() throws Exception {
    install(Optional.of(AutoUpdate.WEEKLY), false);
    String timer = read(HostFile.UPDATE_TIMER.path());

    install(Optional.empty(), false);

    assertThat(read(HostFile.UPDATE_TIMER.path()))
        .isEqualTo(timer)
        .contains("OnCalendar=Mon *-*-*");
    assertThat(machine.commandLines())
        .contains("systemctl start " + TIMER)
        .noneMatch(c -> c.contains("disable"));
    assertThat(AutoUpdateUnits.installed(HostRoot.of(dir))).isEqualTo(AutoUpdate.WEEKLY);
  }

  @Test
  void anotherScheduleRestartsTheTimer() throws Exception {
    install(Optional.of(AutoUpdate.DAILY), false);
    install(Optional.of(AutoUpdate.WEEKLY), false);

    assertThat(read(HostFile.UPDATE_TIMER.path())).contains("OnCalendar=Mon *-*-* 04:00:00\n");
    assertThat(machine.commandLines())
        .containsSubsequence("systemctl daemon-reload", "systemctl restart " + TIMER);
  }

  @Test
  void offDisablesTheTimerAndRemovesItsFiles() throws Exception {
    install(Optional.of(AutoUpdate.DAILY), false);
    install(Optional.of(AutoUpdate.OFF), false);

    assertThat(file(HostFile.UPDATE_TIMER)).doesNotExist();
    assertThat(file(HostFile.UPDATE_SERVICE)).doesNotExist();
    assertThat(machine.commandLines())
        .containsSubsequence("systemctl disable --now " + TIMER, "systemctl daemon-reload");
    assertThat(machine.output())
        .contains(
            "run    rm -f " + file(HostFile.UPDATE_TIMER) + " " + file(HostFile.UPDATE_SERVICE));
    assertThat(read(FilePlanner.MANIFEST)).doesNotContain(TIMER);
    assertThat(read(FilePlanner.SETTINGS)).contains("auto-update=off\n");

    // Off again: nothing left to do.
    install(Optional.of(AutoUpdate.OFF), false);
    assertThat(machine.commandLines()).noneMatch(c -> c.contains(TIMER));
  }

  @Test
  void aDryRunShowsTheTimerAndItsCommandsAndChangesNothing() throws Exception {
    install(Optional.of(AutoUpdate.DAILY), true);

    assertThat(file(HostFile.UPDATE_TIMER)).doesNotExist();
    assertThat(machine.output())
        .contains("file   " + HostFile.UPDATE_TIMER.path() + " (mode 0644, new)")
        .contains("OnCalendar=Mon..Sun *-*-* 04:00:00")
        .contains("file   " + HostFile.UPDATE_SERVICE.path() + " (mode 0644, new)")
        .contains("would run  systemctl enable --quiet " + TIMER)
        .contains("would run  systemctl start " + TIMER);
  }

  @Test
  void uninstallDisablesTheTimerAndRemovesItsFiles() throws Exception {
    install(Optional.of(AutoUpdate.DAILY), false);
    machine.commands.clear();

    new Uninstaller(HostRoot.of(dir), machine.context().commands(), machine.context().out())
        .uninstall(false, false);

    assertThat(machine.commandLines()).contains("systemctl disable --now " + TIMER);
    assertThat(file(HostFile.UPDATE_TIMER)).doesNotExist();
    assertThat(file(HostFile.UPDATE_SERVICE)).doesNotExist();
  }

  @Test
  void aScheduleOtherThanDailyWeeklyOrOffIsRefusedInOneLine() {
    assertThatThrownBy(() -> AutoUpdate.parse("hourly"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("--auto-update: 'hourly' is none of daily, weekly, off");
  }
}
