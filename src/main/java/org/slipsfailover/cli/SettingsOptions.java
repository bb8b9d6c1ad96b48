package org.slipsfailover.cli;

import java.nio.file.Path;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.Settings;
import org.slipsfailover.config.SlipsFolderNames;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options shared by {@code install} and {@code run}. Defaults are {@link Settings}'; nothing is
 * read from the environment.
 */
public final class SettingsOptions {

  @Parameters(
      index = "0",
      paramLabel = "<wifi>,<eth>",
      description =
          "The access point's wifi interface and the interface to the router, e.g. wlan0,eth0.")
  String interfaces;

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description = "Slips image (default: ${DEFAULT-VALUE}).")
  String image = Settings.DEFAULT_IMAGE;

  @Option(
      names = "--container-name",
      paramLabel = "NAME",
      description = "Name of the Slips container (default: ${DEFAULT-VALUE}).")
  String containerName = Settings.DEFAULT_CONTAINER_NAME;

  @Option(
      names = "--blocking",
      arity = "0..1",
      paramLabel = "true|false",
      description = "Let Slips block attackers with iptables (Slips' -p).")
  boolean blocking;

  @Option(
      names = "--keep-ap",
      arity = "0..1",
      paramLabel = "true|false",
      description =
          "When Slips fails, close the gate but keep the access point up and restart Slips at once;"
              + " clients get the Internet back when it protects again. The access point is still"
              + " cut when Slips does not protect within its start limit (3 minutes), or fails 3"
              + " times within 5 minutes.")
  boolean keepAp;

  @Option(
      names = "--memory",
      paramLabel = "SIZE",
      description = "Container memory and memory-swap limit (default: ${DEFAULT-VALUE}).")
  String memory = Settings.DEFAULT_MEMORY;

  @Option(
      names = "--cpu-shares",
      paramLabel = "N",
      description = "Container CPU shares (default: ${DEFAULT-VALUE}).")
  int cpuShares = Settings.DEFAULT_CPU_SHARES;

  @Option(
      names = "--shm-size",
      paramLabel = "SIZE",
      description = "Container /dev/shm size (default: ${DEFAULT-VALUE}).")
  String shmSize = Settings.DEFAULT_SHM_SIZE;

  @Option(
      names = "--slips-dir",
      paramLabel = "DIR",
      description =
          "The Slips folder; "
              + SlipsFolderNames.OUTPUT
              + "/ and "
              + SlipsFolderNames.LOG
              + " go here (default: the current folder).")
  Path slipsDir;

  /**
   * The settings; throws {@link BadInputException} on the first bad value ({@link Settings} checks
   * them).
   */
  public Settings toSettings() {
    return new Settings(
        InterfacePair.parse(interfaces),
        image,
        containerName,
        blocking,
        memory,
        cpuShares,
        shmSize,
        (slipsDir == null ? Path.of("") : slipsDir).toAbsolutePath(),
        keepAp);
  }
}
