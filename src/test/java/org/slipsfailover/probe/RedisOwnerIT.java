package org.slipsfailover.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcFs;
import org.slipsfailover.testing.Poll;
import org.slipsfailover.testing.RedisServer;

/**
 * A real redis-server answering PING, started inside a PID namespace of its own (as in Slips'
 * container, with the host network) or outside it, beside a "container" that is then only a
 * sleeping process in a new PID namespace. As root: {@code unshare --pid} needs it.
 */
class RedisOwnerIT {
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  @TempDir Path dir;
  private int port;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void theRedisOfTheContainerPasses() throws Exception {
    long init = inNewPidNamespace(RedisServer.argv(port, dir));
    awaitPong();

    assertThat(redisCheck(init)).isEqualTo("redis: 127.0.0.1:" + port + " answers PING");
  }

  @Test
  void aPongFromARedisOutsideTheContainerDoesNotOpenTheGate() throws Exception {
    long init = inNewPidNamespace(List.of("sleep", "600"));
    Process outside = start(RedisServer.argv(port, dir));
    awaitPong();

    assertThat(redisCheck(init))
        .isEqualTo(
            "redis: 127.0.0.1:"
                + port
                + " is not Slips' (pid "
                + outside.pid()
                + " outside its container)");
  }

  private String redisCheck(long init) {
    ProbeReport report =
        new LiveSlipsProbe(
                new ProcFs(HostRoot.live()),
                new InterfacePair("wlan0", "eth0"),
                new ProbeTimings(Duration.ofSeconds(1), 3, Duration.ofSeconds(180), port, TIMEOUT))
            .forContainer(init)
            .probe();
    return report.checks().stream()
        .filter(c -> c.name().equals("redis"))
        .findFirst()
        .orElseThrow()
        .describe();
  }

  /** The host pid of the first process of a new PID namespace running {@code command}. */
  private long inNewPidNamespace(List<String> command) throws IOException {
    List<String> argv = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc"));
    argv.addAll(command);
    Process unshare = start(argv);
    Path children = Path.of("/proc/" + unshare.pid() + "/task/" + unshare.pid() + "/children");
    Poll.within(Duration.ofSeconds(10), Duration.ofMillis(20))
        .until(() -> !Files.readString(children).isBlank());
    return Long.parseLong(Files.readString(children).trim().split(" ")[0]);
  }

  private Process start(List<String> argv) throws IOException {
    Process p =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out-" + started.size() + ".log").toFile())
            .start();
    started.add(p);
    return p;
  }

  private void awaitPong() {
    Poll.within(Duration.ofSeconds(10), Duration.ofMillis(50))
        .until(() -> RedisPing.ping(port, TIMEOUT).isEmpty());
  }
}
