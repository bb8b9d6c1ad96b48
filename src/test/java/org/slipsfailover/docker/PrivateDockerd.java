package org.slipsfailover.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slipsfailover.testing.Poll;

/**
 * A second, private dockerd for tests that stop or kill the daemon: its own socket, data root, exec
 * root and pid file, its own bridge and no iptables rules, so it leaves the host's network alone.
 *
 * <p>Never {@code --bridge=none}: a dockerd started so deletes the link named {@code docker0}, the
 * host engine's bridge. A bridge named otherwise must exist before dockerd starts (it creates only
 * {@code docker0} itself), so this one makes its own and deletes it at the end.
 */
public final class PrivateDockerd implements AutoCloseable {
  private final Path dir;
  private final String bridge;
  private Process process;
  private boolean stopBegun; // SIGTERM sent, maybe still shutting down (held)

  private PrivateDockerd(Path dir) {
    this.dir = dir;
    this.bridge = "sfbr" + Integer.toHexString(dir.getFileName().toString().hashCode());
  }

  /** Starts one in a fresh folder under /tmp, with no image. */
  public static PrivateDockerd startEmpty() throws Exception {
    PrivateDockerd dockerd =
        new PrivateDockerd(Files.createTempDirectory(Path.of("/tmp"), "sfit-dockerd-"));
    dockerd.start();
    return dockerd;
  }

  /**
   * Starts one with no image whose data root is a tmpfs of {@code size} (as {@code mount -o size=},
   * e.g. {@code 64m}) made for it: an engine short of room. {@link #close} unmounts it.
   */
  public static PrivateDockerd startOnSmallDataRoot(String size) throws Exception {
    PrivateDockerd dockerd =
        new PrivateDockerd(Files.createTempDirectory(Path.of("/tmp"), "sfit-dockerd-"));
    Path data = Files.createDirectories(dockerd.dir.resolve("data"));
    DockerCli.exec(
        List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", data.toString()), true);
    dockerd.start();
    return dockerd;
  }

  /** Starts it in a fresh folder under /tmp and loads the stand-in Slips image into it. */
  public static PrivateDockerd startWithStandinImage() throws Exception {
    PrivateDockerd dockerd = startEmpty();
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
    if (DockerCli.exec(List.of("ip", "link", "show", bridge), false).isBlank()) {
      DockerCli.exec(List.of("ip", "link", "add", bridge, "type", "bridge"), true);
    }
    stopBegun = false;
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
                "--ip-forward=false",
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
    beginStop();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      kill();
    }
  }

  /**
   * SIGTERM, without waiting: dockerd closes its socket (new connections fail), stops its
   * containers, answering meanwhile on the connections it had, then exits.
   */
  public void beginStop() {
    stopBegun = true;
    process.destroy();
  }

  /** Waits until a shutdown begun with {@link #beginStop} has ended. */
  public void awaitStopped(Duration within) throws Exception {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("private dockerd still runs " + within + " after SIGTERM");
    }
  }

  /** Lets the shutdown held by {@link #holdShutdown} go on. */
  public interface ShutdownHold {
    void release() throws java.io.IOException;
  }

  private void releaseHold() throws java.io.IOException {
    Path latch = dir.resolve("hold");
    if (Files.isDirectory(latch)) {
      Files.writeString(latch.resolve("release"), "");
    }
  }

  /**
   * Holds this dockerd's next shutdown until the test releases it: a container that ignores its
   * stop signal (PID 1 of its namespace), with a stop timeout of 10 minutes, which dockerd's
   * shutdown waits for. The test, not a timing, then decides how long dockerd stays in its
   * shutdown.
   */
  public ShutdownHold holdShutdown() throws Exception {
    Path latch = Files.createDirectories(dir.resolve("hold"));
    cli()
        .run(
            "run",
            "-d",
            "--name",
            "sfit-shutdown-hold",
            "--stop-timeout",
            "600",
            "-v",
            latch + ":/hold",
            DockerCli.STANDIN_IMAGE,
            "sh",
            "-c",
            "trap '' TERM; until [ -e /hold/release ]; do sleep 0.1; done");
    return this::releaseHold;
  }

  /** As {@code systemctl restart docker}: stops it, then starts it again on the same socket. */
  public void restart() throws Exception {
    stop();
    start();
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
   * removes its folder.
   */
  @Override
  public void close() throws Exception {
    // A test that failed during a held shutdown: let it end, as the test would have.
    releaseHold();
    if (stopBegun && isRunning() && !process.waitFor(60, TimeUnit.SECONDS)) {
      kill();
    }
    if (!isRunning()) {
      start();
    }
    for (String id : cli().run("ps", "-aq").split("\\s+")) {
      if (!id.isBlank()) {
        cli().quietly("rm", "-f", id);
      }
    }
    stop();
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
    DockerCli.exec(List.of("ip", "link", "delete", bridge), false);
  }
}
