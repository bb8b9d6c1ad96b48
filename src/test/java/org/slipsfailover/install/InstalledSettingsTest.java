package org.slipsfailover.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.TestSettings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.host.HostRoot;

/** The saved install is read back as it was written, or refused: no value is made up. */
class InstalledSettingsTest {
  @TempDir Path dir;

  private Path file() throws Exception {
    Path file = dir.resolve(FilePlanner.SETTINGS.substring(1));
    Files.createDirectories(file.getParent());
    return file;
  }

  /**
   * Writes the default settings with {@code regex} replaced: a file edited, or from an old install.
   */
  private void writeDefaultsWith(String regex, String replacement) throws Exception {
    String text = InstalledSettings.format(TestSettings.defaults(dir.resolve("slips")));
    Files.writeString(file(), text.replaceAll(regex, replacement));
  }

  @Test
  void readsBackWhatItWrote() throws Exception {
    Settings s = TestSettings.defaults(dir.resolve("slips"));
    Settings keepAp =
        new Settings(
            s.pair(),
            s.image(),
            s.containerName(),
            true,
            s.memory(),
            s.cpuShares(),
            s.shmSize(),
            s.slipsDir(),
            true);
    Files.writeString(file(), InstalledSettings.format(keepAp));
    assertThat(InstalledSettings.read(HostRoot.of(dir))).contains(keepAp);
  }

  @Test
  void aMissingLineIsAnErrorNotADefault() throws Exception {
    writeDefaultsWith("(?m)^memory=.*\n", "");
    assertThatThrownBy(() -> InstalledSettings.read(HostRoot.of(dir)))
        .isInstanceOf(InstallException.class)
        .hasMessageContaining("no memory= line")
        .hasMessageContaining("run the install again");
  }

  @Test
  void aBadValueIsCheckedAsOnTheCommandLine() throws Exception {
    writeDefaultsWith("(?m)^cpu-shares=.*$", "cpu-shares=1");
    assertThatThrownBy(() -> InstalledSettings.read(HostRoot.of(dir)))
        .isInstanceOf(InstallException.class)
        .hasMessageContaining("--cpu-shares 1 is outside 2..262144");
  }

  @Test
  void anInstallFromBeforeKeepApHadItOff() throws Exception {
    writeDefaultsWith("(?m)^keep-ap=.*\n", "");
    assertThat(InstalledSettings.read(HostRoot.of(dir)).orElseThrow().keepAp()).isFalse();
  }
}
