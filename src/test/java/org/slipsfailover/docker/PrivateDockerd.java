package org.slipsfailover.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slipsfailover.testing.Poll;

/**
 * A second, private dockerd for tests that stop or kill the daemon: its own socket, data root, exec
 * root and pid file, no iptables rules, no forwarding or masquerading, and a bridge of its own, so
 * it leaves the host's network alone.
 *
 * <p>Not {@code --bridge=none}: a dockerd started so deletes the interface named {@code docker0} in
 * its network namespace (moby's {@code removeDefaultBridgeInterface}, "--bridge=none use case"),
 * which here is the host's: the main engine's default network then fails every container start. The
 * bridge it gets instead is the test's, with an address of the benchmarking range 198.18.0.0/15
 * (never routed, and in no pool Docker picks from), and is deleted when the daemon is closed.
 */
public final class PrivateDockerd implements AutoCloseable {
  private final Path dir;
  private final String bridge;
  private Process process;

  private PrivateDockerd(Path dir) {
    this.dir = dir;
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    this.bridge = "sfitd" + HexFormat.of().formatHex(random);
  }

  private void addBridge() {
    byte[] random = new byte[2];
    new SecureRandom().nextBytes(random);
    String address =
        "198.18."
            + Byte.toUnsignedInt(random[0])
            + "."
            + (Byte.toUnsignedInt(random[1]) & 0xfc | 1);
    DockerCli.exec(List.of("ip", "link", "add", bridge, "type", "bridge"), true);
    DockerCli.exec(List.of("ip", "addr", "add", address + "/30", "dev", bridge), true);
  }

  private void deleteBridge() {
    DockerCli.exec(List.of("ip", "link", "del", bridge), false);
  }

  /** Starts it in a fresh folder under /tmp and loads the stand-in Slips image into it. */
  public static PrivateDockerd startWithStandinImage() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "sfit-dockerd-");
    PrivateDockerd dockerd = new PrivateDockerd(dir);
    dockerd.addBridge();
    try {
      dockerd.start();
      DockerCli.local().buildStandinImage();
      DockerCli.exec(
          List.of(
              "bash",
              "-c",
              "set -o pipefail; docker save "
                  + DockerCli.STANDIN_IMAGE
                  + " | docker -H "
                  + dockerd.host()
                  + " load -q"),
          true);
    } catch (Exception | AssertionError e) {
      if (dockerd.process != null) {
        dockerd.process.destroyForcibly();
      }
      dockerd.removeFolderAndBridge();
      throw e;
    }
    return dockerd;
  }

  public String host() {
    return "unix://" + dir.resolve("docker.sock");
  }

  public DockerCli cli() {
    return new DockerCli(host());
  }

  /** (Re)starts the daemon on the same folders and waits until it answers. */
  public void start() throws Exception {
    process =
        new ProcessBuilder(
                "dockerd",
                "--host",
                host(),
                "--data-root",
                dir.resolve("data").toString(),
                "--exec-root",
                dir.resolve("exec").toString(),
                "--pidfile",
                dir.resolve("docker.pid").toString(),
                "--bridge=" + bridge,
                "--iptables=false",
                "--ip6tables=false",
                "--ip-forward=false",
                "--ip-masq=false",
                "--shutdown-timeout=2")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile()))
            .start();
    Poll.within(Duration.ofSeconds(30), Duration.ofMillis(100))
        .alias("private dockerd answers; see " + dir.resolve("dockerd.log"))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "private dockerd exited; see " + dir.resolve("dockerd.log"));
              }
              try {
                cli().run("version", "-f", "{{.Server.Version}}");
                return true;
              } catch (IllegalStateException notYet) {
                return false;
              }
            });
  }

  /** SIGKILL: the socket closes mid-wait, as when the daemon crashes. */
  public void kill() throws Exception {
    Path containerdPid = dir.resolve("exec/containerd/containerd.pid");
    Optional<ProcessHandle> containerd =
        Files.exists(containerdPid)
            ? ProcessHandle.of(Long.parseLong(Files.readString(containerdPid).strip()))
            : Optional.empty();
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    // Its containerd outlives it, and a restarted dockerd would wait for that one's socket, which
    // it no longer serves ("containerd is still running"): a crash takes both down. The
    // container's shim survives, as in a real crash.
    if (containerd.isPresent()) {
      containerd.get().destroyForcibly();
      containerd.get().onExit().get(10, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM, as {@code systemctl stop docker}: it stops its containers, then exits. */
  public void stop() throws Exception {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      kill();
    }
  }

  /** SIGSTOP: the daemon hangs with its socket open; it answers nothing until {@link #resume}. */
  public void freeze() throws Exception {
    signal("-STOP");
  }

  public void resume() throws Exception {
    signal("-CONT");
  }

  private void signal(String which) throws Exception {
    int code = new ProcessBuilder("kill", which, Long.toString(process.pid())).start().waitFor();
    if (code != 0) {
      throw new IllegalStateException("kill " + which + " " + process.pid() + " failed");
    }
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Stops it (restarting it first if it was killed, so that it stops its own containers) and
   * removes its folder and its bridge.
   */
  @Override
  public void close() throws Exception {
    if (!isRunning()) {
      start();
    }
    for (String id : cli().run("ps", "-aq").split("\\s+")) {
      if (!id.isBlank()) {
        cli().quietly("rm", "-f", id);
      }
    }
    stop();
    removeFolderAndBridge();
  }

  private void removeFolderAndBridge() {
    // dockerd leaves its data root and network namespace mounted.
    DockerCli.exec(
        List.of(
            "bash",
            "-c",
            "awk '{print $5}' /proc/self/mountinfo | grep '^"
                + dir
                + "/' | sort -r | xargs -r umount -l;"
                + " rm -rf '"
                + dir
                + "'"),
        false);
    deleteBridge();
  }
}
