package org.slipsfailover.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.host.DaemonThreads;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.supervise.ProtectionEvents.Cause;
import org.slipsfailover.testing.Poll;

/**
 * Debian's real {@code apprise} posting to {@code json://127.0.0.1:PORT/} receivers this test runs:
 * one that answers, one that accepts and never answers, one port nobody listens on.
 */
class AppriseIT {
  @TempDir Path dir;

  private HttpServer receiver;
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private ServerSocket silent;
  private final List<Socket> held = new ArrayList<>();

  @BeforeEach
  void receivers() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          received.add(new ObjectMapper().readTree(exchange.getRequestBody()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    DaemonThreads.start(
        "silent receiver",
        () -> {
          try {
            while (true) {
              Socket s = silent.accept(); // accepted, never read nor answered
              synchronized (held) {
                held.add(s);
              }
            }
          } catch (IOException closed) {
            // the test ended
          }
        });
  }

  @AfterEach
  void stop() throws IOException {
    receiver.stop(0);
    silent.close();
    synchronized (held) {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private String good() {
    return "json://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?token=s3cret";
  }

  private String neverAnswers() {
    return "json://127.0.0.1:" + silent.getLocalPort() + "/hook";
  }

  private HostRoot withUrls(String... urls) throws IOException {
    Path file = dir.resolve(NotifyFiles.URLS.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, NotifyUrls.format(List.of(urls)));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return HostRoot.of(dir);
  }

  @Test
  void appriseSaysWhichUrlsItAcceptsWithoutSending() throws Exception {
    ProcessCommands commands = ProcessCommands.onSafePath(Map.of());
    assertThat(AppriseSender.installed(commands)).isTrue();
    assertThat(AppriseSender.accepts(commands, good())).isTrue();
    assertThat(AppriseSender.accepts(commands, "bogus://user:pw@example.org/x")).isFalse();
    assertThat(AppriseSender.accepts(commands, "not a url")).isFalse();
    assertThat(received.poll(1, TimeUnit.SECONDS)).as("a dry run sends nothing").isNull();
  }

  @Test
  void theRunnersListenerSendsOffItsThreadWithTheHostAndTheCause() throws Exception {
    HostRoot root = withUrls(good());
    NotifyEvents events =
        Notifications.forRunner(root, ProcessCommands.onSafePath(Map.of()), Clock.systemUTC());
    events.notProtecting(Cause.CONTAINER_ENDED, "Container 'slips' ended (exit 137)", true);
    JsonNode down = received.poll(30, TimeUnit.SECONDS);
    assertThat(down).isNotNull();
    assertThat(down.get("title").asText())
        .endsWith(": NOT PROTECTED, Slips' container ended; Wi-Fi cut");
    assertThat(down.get("message").asText()).contains("Container 'slips' ended (exit 137)");
    assertThat(down.get("type").asText()).isEqualTo("failure");
    events.protecting();
    JsonNode up = received.poll(30, TimeUnit.SECONDS);
    assertThat(up.get("title").asText()).containsPattern(": protecting again after \\d+ s$");
    events.runnerEnded(ExitCode.TERMINATED);
    // Written down once apprise has ended (the receiver got it a moment before).
    Poll.within(Duration.ofSeconds(30)).until(() -> new SpoolFile(root).read().pending().isEmpty());
    assertThat(new SpoolFile(root).read().lastSentTitle()).contains("protecting again");
  }

  @Test
  void aReceiverThatNeverAnswersIsEndedByTheTimeLimitAndNothingPilesUp() throws Exception {
    HostRoot root = withUrls(neverAnswers());
    // A short limit for the test; production's is CommandLimits' 30 s (apprise's own is 4 s).
    ProcessCommands commands = new ProcessCommands(Map.of(), argv -> Duration.ofSeconds(3));
    Sender.Attempt a =
        new AppriseSender(commands, root.resolve(NotifyFiles.URLS)).send("t", "b", false);
    assertThat(a.ok()).isFalse();
    assertThat(a.failure()).doesNotContain("127.0.0.1").startsWith("apprise");
    // Every attempt ended with its process: no apprise left behind.
    Poll.within(Duration.ofSeconds(30))
        .until(
            () ->
                ProcessHandle.current()
                    .descendants()
                    .noneMatch(p -> p.info().commandLine().orElse("").contains("apprise")));
  }

  @Test
  void notifyTestSaysPerUrlWhetherItWentOutNamingOnlySchemeAndHost() throws Exception {
    int nobody;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobody = s.getLocalPort();
    }
    List<String> urls = List.of(good(), "json://127.0.0.1:" + nobody + "/x");
    List<Sender.Attempt> results =
        AppriseSender.testEach(ProcessCommands.onSafePath(Map.of()), urls, "pi");
    assertThat(results.get(0).ok()).isTrue();
    assertThat(results.get(1).ok()).isFalse();
    assertThat(results.get(1).failure()).doesNotContain(String.valueOf(nobody));
    JsonNode test = received.poll(30, TimeUnit.SECONDS);
    assertThat(test.get("title").asText()).isEqualTo("pi: slips-failover test message");
  }
}
