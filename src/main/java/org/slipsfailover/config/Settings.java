package org.slipsfailover.config;

import java.nio.file.Path;

/**
 * Everything an install or a run needs, as the user gave it (defaults: the {@code DEFAULT_}
 * constants below). Settings check themselves, as {@link InterfacePair} does: whoever builds them
 * (the command line, the saved install) gets a {@link BadInputException} naming the option and the
 * value.
 *
 * @param slipsDir absolute path of the Slips folder on the host; {@code output/} and {@code
 *     slips_container.log} live in it
 * @param keepAp on a failure, close the gate but leave the access point up and restart Slips at
 *     once (cut only when Slips does not come back)
 */
public record Settings(
    InterfacePair pair,
    String image,
    String containerName,
    boolean blocking,
    String memory,
    int cpuShares,
    String shmSize,
    Path slipsDir,
    boolean keepAp) {

  public Settings {
    if (pair == null) {
      throw new BadInputException("no <wifi>,<eth> interfaces given");
    }
    image = SettingsChecks.image(image);
    containerName = containerName(containerName);
    memory = SettingsChecks.size("--memory", memory);
    cpuShares = SettingsChecks.cpuShares(cpuShares);
    shmSize = SettingsChecks.size("--shm-size", shmSize);
    slipsDir = SettingsChecks.slipsDir(slipsDir);
  }

  /** Checks a container name as {@code --container-name} takes it (Docker's grammar). */
  public static String containerName(String value) {
    return SettingsChecks.containerName(value);
  }

  public static final String DEFAULT_IMAGE = "stratosphereips/slips:latest";
  public static final String DEFAULT_CONTAINER_NAME = "slips";
  public static final String DEFAULT_MEMORY = "8g";
  public static final int DEFAULT_CPU_SHARES = 800;
  public static final String DEFAULT_SHM_SIZE = "512m";

  /** Where Slips' output lands on the host; mounted at {@link #CONTAINER_OUTPUT}. */
  public Path outputDir() {
    return slipsDir.resolve(SlipsFolderNames.OUTPUT);
  }

  public static final String CONTAINER_OUTPUT = "/StratosphereLinuxIPS/output";

  /** The runner's log file, in the Slips folder. */
  public Path logFile() {
    return slipsDir.resolve(SlipsFolderNames.LOG);
  }
}
