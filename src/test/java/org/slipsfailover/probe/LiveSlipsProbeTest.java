package org.slipsfailover.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcFs;
import org.slipsfailover.host.ProcessExits;

/**
 * The probes against a fake /proc tree (made-up pids, namespaces as the symlinks the kernel shows)
 * and a Redis stand-in on a loopback port of the test's own.
 */
class LiveSlipsProbeTest {
  private static final String CONTAINER_NS = "pid:[4026532999]";
  private static final String HOST_NS = "pid:[4026531836]";

  @TempDir Path root;
  private ServerSocket redis;
  private volatile String answer = "+PONG";
  private final List<Thread> servers = new ArrayList<>();
  private final List<Socket> frozen = java.util.Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void redisStandIn() throws IOException {
    redis = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread server =
        new Thread(
            () -> {
              while (!redis.isClosed()) {
                try {
                  Socket s = redis.accept();
                  s.getInputStream().read(new byte[6]);
                  if (answer == null) {
                    frozen.add(s); // accepted by the kernel, never answered
                    continue;
                  }
                  try (s) {
                    s.getOutputStream()
                        .write((answer + "\r\n").getBytes(StandardCharsets.US_ASCII));
                  }
                } catch (IOException e) {
                  // closed
                }
              }
            });
    server.setDaemon(true);
    server.start();
    servers.add(server);
  }

  @AfterEach
  void close() throws IOException {
    redis.close();
    for (Socket s : frozen) {
      s.close();
    }
  }

  private void process(long pid, long startTicks, String ns, String... argv) throws IOException {
    Path dir = Files.createDirectories(root.resolve("proc/" + pid + "/ns"));
    Files.writeString(
        dir.getParent().resolve("stat"),
        pid
            + " ("
            + Path.of(argv[0]).getFileName()
            + ") S 1 1 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 "
            + startTicks
            + " 0 0\n");
    Files.writeString(dir.getParent().resolve("cmdline"), String.join("\0", argv) + "\0");
    Files.deleteIfExists(dir.resolve("pid"));
    Files.createSymbolicLink(dir.resolve("pid"), Path.of(ns));
  }

  /** The kernel's tables of listening sockets (little-endian words, as on x86 and the Pi). */
  private void listening(String tcp, String tcp6) throws IOException {
    String header =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode\n";
    Files.createDirectories(root.resolve("proc/net"));
    Files.writeString(root.resolve("proc/net/tcp"), header + tcp);
    Files.writeString(root.resolve("proc/net/tcp6"), header + tcp6);
  }

  private static String tcpListener(String address, int port, long inode) {
    return String.format(
        "   0: %s:%04X 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 %d"
            + " 1 0000000000000000 100 0 0 10 0%n",
        address, port, inode);
  }

  private void holds(long pid, int fd, long inode) throws IOException {
    Path fds = Files.createDirectories(root.resolve("proc/" + pid + "/fd"));
    Files.deleteIfExists(fds.resolve(Integer.toString(fd)));
    Files.createSymbolicLink(fds.resolve(Integer.toString(fd)), Path.of("socket:[" + inode + "]"));
  }

  private void gone(long pid) throws IOException {
    try (var files = Files.walk(root.resolve("proc/" + pid))) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  private SlipsProbe probe() {
    return probe(ProcessExits.pidfd(new ProcFs(HostRoot.of(root))));
  }

  private SlipsProbe probe(ProcessExits exits) {
    return new LiveSlipsProbe(
        new ProcFs(HostRoot.of(root)),
        new InterfacePair("wlan0", "eth0"),
        new ProbeTimings(
            Duration.ofSeconds(1),
            3,
            Duration.ofSeconds(180),
            redis.getLocalPort(),
            Duration.ofMillis(300)),
        exits);
  }

  /** What the probe says of the Redis it knocks at: "redis: 127.0.0.1:PORT " and {@code what}. */
  private String redisAt(String what) {
    return "redis: 127.0.0.1:" + redis.getLocalPort() + " " + what;
  }

  /** Slips as {@link #slips()} sets it up, and its container's probe, which found it protecting. */
  private SlipsProbe.Container protectingSlips() throws IOException {
    slips();
    SlipsProbe.Container probe = probe().forContainer(100);
    assertThat(probe.probe().good()).isTrue();
    return probe;
  }

  private void slips() throws IOException {
    process(100, 500, CONTAINER_NS, "bash", "-c", "tmux new -s slips ...");
    process(110, 600, CONTAINER_NS, "redis-server", "127.0.0.1:6379");
    holds(110, 6, 5555);
    listening(tcpListener("0100007F", redis.getLocalPort(), 5555), "");
    process(
        120,
        900,
        CONTAINER_NS,
        "zeek",
        "-C",
        "-i",
        "wlan0",
        "tcp_inactivity_timeout=60mins",
        "local");
    process(
        121,
        901,
        CONTAINER_NS,
        "/usr/local/zeek/bin/zeek",
        "-C",
        "-i",
        "eth0",
        "-f",
        "dst net 192.168.0.0/16");
  }

  @Test
  void aSlipsWithItsRedisAndBothZeeksProtects() throws IOException {
    slips();

    ProbeReport report = probe().forContainer(100).probe();

    assertThat(report.good()).isTrue();
    assertThat(report.checks())
        .extracting(Check::describe)
        .containsExactly(
            "container: running (pid 100)",
            redisAt("answers PING"),
            "zeek wlan0: running (pid 120)",
            "zeek eth0: running (pid 121)");
  }

  @Test
  void aZeekThatDiesIsNamedAndAZeekOutsideTheContainerDoesNotCount() throws IOException {
    SlipsProbe.Container probe = protectingSlips();

    gone(121);
    // The host's own Zeek (another pid namespace) for the same interface is not Slips'.
    process(300, 950, HOST_NS, "zeek", "-i", "eth0");

    assertThat(probe.probe().failures())
        .isEqualTo("zeek eth0: no 'zeek -i eth0' runs in the container");
  }

  @Test
  void aPidReusedByAnotherProcessIsNotTheZeekAnyMore() throws IOException {
    SlipsProbe.Container probe = protectingSlips();

    process(120, 7777, CONTAINER_NS, "sleep", "100");

    assertThat(probe.probe().failures()).startsWith("zeek wlan0: no 'zeek -i wlan0'");
  }

  @Test
  void onlyArgvZeroNamedZeekWithThatInterfaceCounts() {
    assertThat(ZeekFinder.watches(List.of("zeek", "-C", "-i", "wlan0"), "wlan0")).isTrue();
    assertThat(ZeekFinder.watches(List.of("/opt/zeek/bin/zeek", "-i", "wlan0"), "wlan0")).isTrue();
    assertThat(ZeekFinder.watches(List.of("zeek", "-i", "wlan01"), "wlan0")).isFalse();
    assertThat(ZeekFinder.watches(List.of("bash", "zeek", "-i", "wlan0"), "wlan0")).isFalse();
    assertThat(ZeekFinder.watches(List.of("zeekctl", "-i", "wlan0"), "wlan0")).isFalse();
    assertThat(ZeekFinder.watches(List.of("zeek", "-i"), "wlan0")).isFalse();
    assertThat(ZeekFinder.watches(List.of("/", "-i", "wlan0"), "wlan0")).isFalse();
    assertThat(ZeekFinder.watches(List.of("", "-i", "wlan0"), "wlan0")).isFalse();
    assertThat(ZeekFinder.watches(List.of(), "wlan0")).isFalse();
  }

  @Test
  void aContainerWhoseFirstProcessIsGoneIsNotRunning() throws IOException {
    slips();
    SlipsProbe.Container probe = probe().forContainer(100);

    gone(100);
    process(100, 12345, CONTAINER_NS, "bash"); // the pid reused: not the container's process

    assertThat(probe.probe().checks().get(0).describe())
        .isEqualTo("container: its first process (pid 100) is gone");
  }

  @Test
  void aFrozenRedisFailsWithinItsTimeoutAndAWrongAnswerIsNamed() throws IOException {
    slips();
    answer = null;
    long before = System.nanoTime();

    assertThat(probe().forContainer(100).probe().failures())
        .isEqualTo(redisAt("no answer within 300 ms"));
    // The answer says the 300 ms limit was the one used; the bound only catches a PING that
    // waits for a Redis that never answers (a read without a timeout), not a slow machine.
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(60));

    answer = "-LOADING Redis is loading the dataset in memory";
    assertThat(probe().forContainer(100).probe().failures())
        .isEqualTo(redisAt("answered '-LOADING Redis is loading the dataset in memory' to PING"));
  }

  @Test
  void noRedisAtAllIsRefused() throws IOException {
    slips();
    int port = redis.getLocalPort();
    redis.close();

    assertThat(probe().forContainer(100).probe().failures())
        .startsWith("redis: 127.0.0.1:" + port + " Connection refused");
  }

  @Test
  void nextEndIsOneFutureWhileTheSameEndsArePendingAndANewOneOnceOneEnds() throws IOException {
    slips();
    Map<Long, CompletableFuture<Void>> exits = new ConcurrentHashMap<>();
    SlipsProbe.Container probe =
        probe(p -> exits.computeIfAbsent(p.pid(), x -> new CompletableFuture<>()))
            .forContainer(100);
    answer = null; // no good probe, so no Redis watch: only the processes' ends, held by the test
    probe.probe();

    // Built anew every second, each answer left a completion on every long-lived end: a leak.
    var first = probe.nextEnd();
    assertThat(probe.nextEnd()).isSameAs(first);

    exits.get(120L).complete(null);
    assertThat(first).isDone();
    var next = probe.nextEnd();
    assertThat(next).isNotSameAs(first).isNotDone();
    exits.get(121L).complete(null);
    assertThat(next).isDone();
  }

  @Test
  void aPongFromAProcessOutsideTheContainerDoesNotPass() throws IOException {
    slips();
    // Slips' Redis shut down; a local user's server answers on the port.
    gone(110);
    process(300, 950, HOST_NS, "python3", "fake-redis.py");
    holds(300, 3, 7777);
    listening(tcpListener("0100007F", redis.getLocalPort(), 7777), "");

    assertThat(probe().forContainer(100).probe().failures())
        .isEqualTo(redisAt("is not Slips' (pid 300 outside its container)"));
  }

  @Test
  void aListenerSwappedAfterAGoodProbeIsCheckedAgain() throws IOException {
    SlipsProbe.Container probe = protectingSlips();

    // An IPv6 wildcard listener of someone else's also takes connections to 127.0.0.1.
    process(300, 950, HOST_NS, "socat", "TCP6-LISTEN:6379", "-");
    holds(300, 5, 8888);
    listening(
        tcpListener("0100007F", redis.getLocalPort(), 5555),
        tcpListener("00000000000000000000000000000000", redis.getLocalPort(), 8888));

    assertThat(probe.probe().failures())
        .isEqualTo(redisAt("is not Slips' (pid 300 outside its container)"));
  }

  @Test
  void aRedisWhoseProcessWasReplacedIsCheckedAgain() throws IOException {
    SlipsProbe.Container probe = protectingSlips();

    // The same inode number, but the process that held it is gone and its pid reused outside.
    gone(110);
    process(110, 9999, HOST_NS, "nc", "-l", "6379");
    holds(110, 6, 5555);

    assertThat(probe.probe().failures())
        .isEqualTo(redisAt("is not Slips' (pid 110 outside its container)"));
  }

  @Test
  void noListenerInThisNetworkNamespaceIsNotSlips() throws IOException {
    slips();
    listening(tcpListener("0100007F", redis.getLocalPort() + 1, 5555), "");

    assertThat(probe().forContainer(100).probe().failures())
        .isEqualTo(redisAt("has no listening socket in this network namespace"));
  }

  @Test
  void addressesAreReadInTheMachinesByteOrder() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN);
    assertThat(LoopbackListeners.Tables.address("0100007F")).containsExactly(127, 0, 0, 1);
    assertThat(LoopbackListeners.Tables.address("0000000000000000FFFF00000100007F"))
        .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1);
  }
}
