package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.DockerCli;
import org.slipsfailover.docker.DockerJavaEngine;
import org.slipsfailover.docker.PrivateDockerd;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.testing.StandinAp;

/**
 * The runner with the real engine, a real stand-in AP process and a real rules-saving script: each
 * way Slips can end ends with the AP signalled, the reason logged and the rules saved.
 */
class RunnerIT {
  private static final DockerCli docker = DockerCli.local();

  @TempDir Path tmp;
  private final String name = "sfit-runner-" + Long.toHexString(System.nanoTime());
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger supervise = (Logger) LoggerFactory.getLogger("org.slipsfailover.supervise");
  private StandinAp ap;

  @BeforeAll
  static void standinImage() {
    docker.buildStandinImage();
  }

  @BeforeEach
  void setUp() throws Exception {
    logged.start();
    supervise.addAppender(logged);
    ap = StandinAp.start(Files.createDirectories(tmp.resolve("ap")));
    Files.writeString(tmp.resolve("watcher.sh"), "#!/bin/sh\necho saved > " + tmp.resolve("rules-saved") + "\n");
    tmp.resolve("watcher.sh").toFile().setExecutable(true);
    Files.createDirectories(tmp.resolve("slips"));
  }

  @AfterEach
  void tearDown() {
    supervise.detachAppender(logged);
    ap.close();
    docker.quietly("rm", "-f", name);
  }

  private Settings settings() {
    return new Settings(
        ap.pair, DockerCli.STANDIN_IMAGE, name, false, "256m", 512, "64m",
        tmp.resolve("slips"));
  }

  private CompletableFuture<Integer> runAgainst(String dockerHost) {
    DockerJavaEngine engine = new DockerJavaEngine(dockerHost);
    Runner runner =
        new Runner(
            settings(), engine, ap.accessPoints(),
            new WatcherRulesSaver(new ProcessCommands(), tmp.resolve("watcher.sh")),
            ServiceManager.none(), Duration.ofSeconds(2), Clock.systemUTC());
    return CompletableFuture.supplyAsync(runner::run).whenComplete((code, e) -> engine.close());
  }

  private void awaitRunning(DockerCli cli) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (logged.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("Slips is running"))) {
        assertThat(cli.inspect(name, "{{.State.Running}}")).isEqualTo("true");
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("Slips did not start: " + logged.list);
  }

  private void assertFailedClosed(CompletableFuture<Integer> run, int exitCode, String reason) throws Exception {
    assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(exitCode);
    assertThat(ap.awaitSignal(Duration.ofSeconds(5))).contains("TERM");
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.startsWith(reason))
        .anyMatch(m -> m.startsWith("Access point of " + ap.pair + " is cut"))
        .anyMatch(m -> m.startsWith("Saved iptables rules with " + tmp.resolve("watcher.sh")));
    assertThat(tmp.resolve("rules-saved")).exists();
  }

  @Test
  void dockerKill() throws Exception {
    CompletableFuture<Integer> run = runAgainst(DockerJavaEngine.DEFAULT_HOST);
    awaitRunning(docker);
    assertThat(ap.isAlive()).isTrue();

    docker.run("kill", name);

    assertFailedClosed(run, Runner.EXIT_SLIPS_ENDED, "Slips container was killed (exit code 137)");
  }

  @Test
  void dockerRm() throws Exception {
    CompletableFuture<Integer> run = runAgainst(DockerJavaEngine.DEFAULT_HOST);
    awaitRunning(docker);

    docker.run("rm", "-f", name);

    assertFailedClosed(run, Runner.EXIT_SLIPS_ENDED, "Slips container was removed");
  }

  @Test
  void dockerStop() throws Exception {
    CompletableFuture<Integer> run = runAgainst(DockerJavaEngine.DEFAULT_HOST);
    awaitRunning(docker);

    docker.run("stop", "-t", "1", name);

    assertFailedClosed(run, Runner.EXIT_SLIPS_ENDED, "Slips container was killed (exit code 137)");
  }

  @Test
  void slipsExitsOnItsOwn() throws Exception {
    Files.createDirectories(tmp.resolve("slips/output"));
    Files.writeString(tmp.resolve("slips/output/standin-behaviour"), "exit 3");

    CompletableFuture<Integer> run = runAgainst(DockerJavaEngine.DEFAULT_HOST);

    // Slips ends in tmux; the container's own code is tmux wait-for's, as in the shell version.
    assertFailedClosed(run, Runner.EXIT_SLIPS_ENDED, "Slips container exited with code");
    assertThat(Files.readString(tmp.resolve("slips/output/standin.log"))).contains("args: -ap " + ap.pair);
  }

  @Test
  void aLeftoverContainerIsReplaced() throws Exception {
    String leftover = docker.run("create", "--name", name, DockerCli.STANDIN_IMAGE).strip();
    CompletableFuture<Integer> run = runAgainst(DockerJavaEngine.DEFAULT_HOST);
    awaitRunning(docker);

    assertThat(docker.inspect(name, "{{.Id}}")).isNotEqualTo(leftover);
    docker.run("kill", name);
    assertFailedClosed(run, Runner.EXIT_SLIPS_ENDED, "Slips container was killed");
  }

  @Test
  void noDaemonAtStart() throws Exception {
    CompletableFuture<Integer> run = runAgainst("unix://" + tmp.resolve("no-docker.sock"));

    assertFailedClosed(run, Runner.EXIT_ENGINE_ERROR, "Could not start Slips: ");
  }

  @Test
  void theDaemonDiesOrStops() throws Exception {
    try (PrivateDockerd dockerd = PrivateDockerd.startWithStandinImage()) {
      CompletableFuture<Integer> run = runAgainst(dockerd.host());
      awaitRunning(dockerd.cli());

      dockerd.kill();

      assertFailedClosed(run, Runner.EXIT_ENGINE_ERROR, "Docker daemon is unreachable");

      // Now a graceful daemon stop (systemctl stop docker): it stops Slips on its way out.
      dockerd.start();
      ap.close();
      Files.deleteIfExists(tmp.resolve("rules-saved"));
      logged.list.clear();
      ap = StandinAp.start(Files.createDirectories(tmp.resolve("ap2")));
      CompletableFuture<Integer> second = runAgainst(dockerd.host());
      awaitRunning(dockerd.cli());

      dockerd.stop();

      assertThat(second.get(30, TimeUnit.SECONDS)).isIn(Runner.EXIT_SLIPS_ENDED, Runner.EXIT_ENGINE_ERROR);
      assertThat(ap.awaitSignal(Duration.ofSeconds(5))).contains("TERM");
    }
  }
}
