package org.slipsfailover.docker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slipsfailover.config.Settings;

/**
 * The Slips container: host network, CPU shares, memory and memory-swap equal, shm size, NET_ADMIN,
 * a TTY with stdin open, {@code output/} mounted, Slips in tmux.
 */
public record ContainerSpec(
    String name,
    String image,
    Path hostOutputDir,
    String containerOutputDir,
    int cpuShares,
    String memory,
    String shmSize,
    List<String> command) {

  /** The tmux session Slips runs in: users attach to it, and a stop presses Ctrl-C in it. */
  public static final String TMUX_SESSION = "slips";

  /** The same container, with {@code output/} mounted from {@code dir} instead. */
  public ContainerSpec withHostOutputDir(Path dir) {
    return new ContainerSpec(
        name, image, dir, containerOutputDir, cpuShares, memory, shmSize, command);
  }

  /** The same container, from {@code other} (a digest instead of the tag). */
  public ContainerSpec withImage(String other) {
    return new ContainerSpec(
        name, other, hostOutputDir, containerOutputDir, cpuShares, memory, shmSize, command);
  }

  public static ContainerSpec from(Settings settings) {
    List<String> slipsArgs =
        new ArrayList<>(List.of("./slips.py", "-ap", settings.pair().toString()));
    if (settings.blocking()) {
      slipsArgs.add("-p");
    }
    // Interface names hold only letters, digits, ".-_" (InterfaceName), so joining them is safe for
    // tmux's
    // shell; the outer bash -c string is passed as one argv element, never through a host shell.
    String slips = String.join(" ", slipsArgs);
    String script = "tmux new -s " + TMUX_SESSION + " '" + slips + "'; tmux wait-for -S slips_done";
    return new ContainerSpec(
        settings.containerName(),
        settings.image(),
        settings.outputDir(),
        Settings.CONTAINER_OUTPUT,
        settings.cpuShares(),
        settings.memory(),
        settings.shmSize(),
        List.of("bash", "-c", script));
  }

  /** How the container is run, in one line for the log. */
  public String describe() {
    return "image "
        + image()
        + ", host network, cpu-shares "
        + cpuShares()
        + ", memory and memory-swap "
        + memory()
        + ", shm "
        + shmSize()
        + ", cap NET_ADMIN, tty, open stdin, "
        + hostOutputDir()
        + " mounted at "
        + containerOutputDir()
        + ", command "
        + command();
  }
}
