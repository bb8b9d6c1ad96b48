package org.slipsfailover;

import java.nio.file.Path;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.Settings;

/** The two settings sets the golden files are rendered from. */
public final class TestSettings {
  private TestSettings() {}

  /** The default settings, in a plain Slips folder. */
  public static Settings defaults(Path slipsDir) {
    return defaults(new InterfacePair("wlan0", "eth0"), slipsDir);
  }

  /** The default settings for another pair of interfaces. */
  public static Settings defaults(InterfacePair pair, Path slipsDir) {
    return new Settings(
        pair,
        Settings.DEFAULT_IMAGE,
        Settings.DEFAULT_CONTAINER_NAME,
        false,
        Settings.DEFAULT_MEMORY,
        Settings.DEFAULT_CPU_SHARES,
        Settings.DEFAULT_SHM_SIZE,
        slipsDir,
        false);
  }

  /** The defaults with --keep-ap. */
  public static Settings keepingAp(Path slipsDir) {
    Settings s = defaults(slipsDir);
    return new Settings(
        s.pair(),
        s.image(),
        s.containerName(),
        s.blocking(),
        s.memory(),
        s.cpuShares(),
        s.shmSize(),
        s.slipsDir(),
        true);
  }

  /** Every option changed: blocking on, another image, a folder with a space and a '%'. */
  public static Settings custom(Path slipsDir) {
    return new Settings(
        new InterfacePair("wlp1s0", "enp2s0"),
        "registry.lan:5000/lab/slips:1.1.4",
        "slips-lab",
        true,
        "2g",
        512,
        "256m",
        slipsDir,
        false);
  }

  public static final Path CUSTOM_DIR = Path.of("/home/pi/my slips%dir");
  public static final Path DEFAULT_DIR = Path.of("/home/pi/StratosphereLinuxIPS");
}
