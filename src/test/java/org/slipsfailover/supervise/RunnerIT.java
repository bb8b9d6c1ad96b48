package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.DockerCli;
import org.slipsfailover.docker.DockerJavaEngine;
import org.slipsfailover.docker.PrivateDockerd;
import org.slipsfailover.host.HandOver;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.host.MonotonicClock;
import org.slipsfailover.host.Pause;
import org.slipsfailover.host.ProcFs;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.probe.LiveSlipsProbe;
import org.slipsfailover.testing.Poll;
import org.slipsfailover.testing.StandinAp;

/**
 * The runner with the real engine, the Slips-like stand-in (a real Redis, a Zeek per interface), a
 * real stand-in AP process, the real probes and a real rules-saving script: each way Slips can stop
 * protecting ends with the AP signalled, the reason logged and the rules saved, and the runner then
 * waits for the access point.
 *
 * <p>The pairs are made up (no such interfaces here), so the stand-in's own access-point check is
 * off; its Redis listens on a random port, so parallel runs never share one.
 */
class RunnerIT {
  private static final DockerCli docker = DockerCli.local();

  @TempDir Path tmp;
  private final String name = "sfit-runner-" + Long.toHexString(System.nanoTime());
  private final int redisPort = 20000 + ThreadLocalRandom.current().nextInt(20000);
  private final List<String> lines =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());
  private final AppenderBase<ILoggingEvent> logged =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          lines.add(event.getFormattedMessage());
        }
      };
  private final Logger supervise = (Logger) LoggerFactory.getLogger("org.slipsfailover.supervise");
  private StandinAp ap;
  private Runner runner;
  private boolean keepAp;

  @BeforeAll
  static void standinImage() {
    docker.buildSlipsLikeStandinImage();
  }

  @BeforeEach
  void setUp() throws Exception {
    logged.start();
    supervise.addAppender(logged);
    ap = StandinAp.start(Files.createDirectories(tmp.resolve("ap")));
    Files.writeString(
        tmp.resolve("watcher.sh"), "#!/bin/sh\necho saved > " + tmp.resolve("rules-saved") + "\n");
    tmp.resolve("watcher.sh").toFile().setExecutable(true);
    behaviour("");
  }

  @AfterEach
  void tearDown() {
    if (runner != null) {
      runner.stopOnRequest();
    }
    supervise.detachAppender(logged);
    ap.close();
    docker.quietly("rm", "-f", name);
  }

  private void behaviour(String extra) throws Exception {
    Path output = Files.createDirectories(tmp.resolve("slips/output"));
    Files.writeString(
        output.resolve("standin-behaviour"),
        "ap-check off\nstart-delay 1\nredis-port " + redisPort + "\n" + extra);
  }

  private Settings settings() {
    return DockerCli.slipsLikeSettings(ap.pair, name, tmp.resolve("slips"), keepAp);
  }

  private CompletableFuture<ExitCode> runAgainst(String dockerHost) {
    return runAgainst(dockerHost, DaemonLiveness.DEFAULT);
  }

  private CompletableFuture<ExitCode> runAgainst(String dockerHost, DaemonLiveness liveness) {
    DockerJavaEngine engine = new DockerJavaEngine(dockerHost);
    ProbeTimings timings =
        new ProbeTimings(
            Duration.ofSeconds(1), 3, Duration.ofSeconds(30), redisPort, Duration.ofMillis(500));
    runner =
        new Runner(
            new RunnerParts(
                settings(),
                engine,
                ap.accessPoints(),
                new WatcherRulesSaver(new ProcessCommands(), tmp.resolve("watcher.sh")),
                ServiceManager.none(),
                Duration.ofSeconds(2),
                MonotonicClock.INSTANCE,
                Clock.systemUTC(),
                liveness,
                new LiveSlipsProbe(new ProcFs(HostRoot.live()), ap.pair, timings),
                timings,
                Pause.real(),
                GateHold.none(),
                HandOver.none(),
                ProtectionEvents.none(),
                ImagePinFile.none()));
    return CompletableFuture.supplyAsync(runner::run).whenComplete((code, e) -> engine.close());
  }

  private List<String> messages() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  private void awaitLogged(String prefix, Duration within) {
    Poll.within(within, Duration.ofMillis(50))
        .untilAsserted(
            () -> assertThat(messages()).as("logged").anyMatch(m -> m.startsWith(prefix)));
  }

  private void awaitProtecting(DockerCli cli) throws InterruptedException {
    awaitLogged("Slips protects", Duration.ofSeconds(30));
    assertThat(cli.inspect(name, "{{.State.Running}}")).isEqualTo("true");
  }

  /** The AP cut, the reason logged, the rules saved; then the runner waits for the AP. */
  private void assertFailedClosed(String reason) throws Exception {
    assertThat(ap.awaitSignal(Duration.ofSeconds(10))).contains("TERM");
    awaitLogged("Waiting for the access point", Duration.ofSeconds(40));
    assertThat(messages())
        .anyMatch(m -> m.startsWith(reason))
        .anyMatch(m -> m.startsWith("Access point of " + ap.pair + " is cut"))
        .anyMatch(m -> m.startsWith("Saved iptables rules with " + tmp.resolve("watcher.sh")));
    assertThat(tmp.resolve("rules-saved")).exists();
  }

  @Test
  void dockerKill() throws Exception {
    runAgainst(DockerJavaEngine.DEFAULT_HOST);
    awaitProtecting(docker);
    assertThat(ap.isAlive()).isTrue();

    docker.run("kill", name);

    assertFailedClosed("Slips container was killed (exit code 137)");
  }

  @Test
  void dockerRm() throws Exception {
    runAgainst(DockerJavaEngine.DEFAULT_HOST);
    awaitProtecting(docker);

    docker.run("rm", "-f", name);

    assertFailedClosed("Slips container was removed");
  }

  @Test
  void aZeekThatDiesCutsTheApAndIsNamed() throws Exception {
    runAgainst(DockerJavaEngine.DEFAULT_HOST);
    awaitProtecting(docker);

    long before = System.nanoTime();
    docker.run("exec", name, "standin-fault", "kill-zeek", ap.pair.eth());

    // Three probes a second apart: the cut about 3 s after the fault, far from the 180 s a start
    // that never protects would take (the time is the benchmark's to show, not this test's).
    assertThat(ap.awaitSignal(Duration.ofSeconds(10))).contains("TERM");
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(15));
    assertFailedClosed(
        "Slips stopped protecting (3 probes in a row failed): zeek "
            + ap.pair.eth()
            + ": no 'zeek -i "
            + ap.pair.eth()
            + "' runs in the container");
    // A blind Slips is not left running: the next one replaces it when the AP comes back.
    assertThat(docker.inspect(name, "{{.State.Running}}")).isEqualTo("false");
  }

  @Test
  void aFrozenRedisCutsTheApAndIsNamed() throws Exception {
    runAgainst(DockerJavaEngine.DEFAULT_HOST);
    awaitProtecting(docker);

    docker.run("exec", name, "standin-fault", "hang");

    assertFailedClosed(
        "Slips stopped protecting (3 probes in a row failed): redis: 127.0.0.1:"
            + redisPort
            + " no answer within 500 ms");
  }

  @Test
  void slipsExitsOnItsOwn() throws Exception {
    behaviour("exit 3\n");

    runAgainst(DockerJavaEngine.DEFAULT_HOST);

    // Slips ends in tmux; the container's own code is tmux wait-for's.
    assertFailedClosed("Slips container exited with code");
    assertThat(Files.readString(tmp.resolve("slips/output/standin.log")))
        .contains("args: -ap " + ap.pair);
  }

  @Test
  void slipsWaitsForTheAccessPointAndComesBackWithIt() throws Exception {
    ap.close();
    runAgainst(DockerJavaEngine.DEFAULT_HOST);
    awaitLogged("Waiting for the access point", Duration.ofSeconds(10));
    assertThat(messages()).noneMatch(m -> m.startsWith("Started container"));

    // Its owner starts the access point again, a while later.
    ap = StandinAp.start(tmp.resolve("ap"), ap.pair);

    awaitProtecting(docker);
  }

  @Test
  void aLeftoverContainerIsReplaced() throws Exception {
    String leftover = docker.run("create", "--name", name, DockerCli.SLIPS_LIKE_IMAGE).strip();
    runAgainst(DockerJavaEngine.DEFAULT_HOST);
    awaitProtecting(docker);

    assertThat(docker.inspect(name, "{{.Id}}")).isNotEqualTo(leftover);
  }

  @Test
  void noDaemonAtStart() throws Exception {
    CompletableFuture<ExitCode> run = runAgainst("unix://" + tmp.resolve("no-docker.sock"));

    assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCode.DOCKER_UNREACHABLE);
    assertThat(ap.awaitSignal(Duration.ofSeconds(5))).contains("TERM");
    assertThat(messages()).anyMatch(m -> m.startsWith("Could not start Slips: "));
  }

  @Test
  void theDaemonDies() throws Exception {
    try (PrivateDockerd dockerd = PrivateDockerd.startWithStandinImage()) {
      dockerd.cli().buildSlipsLikeStandinImage();
      runAgainst(dockerd.host());
      awaitProtecting(dockerd.cli());

      dockerd.kill();

      assertFailedClosed("Docker daemon is unreachable");
      runner.stopOnRequest();
    }
  }

  @Test
  void aHungDaemonIsNoticed() throws Exception {
    try (PrivateDockerd dockerd = PrivateDockerd.startWithStandinImage()) {
      dockerd.cli().buildSlipsLikeStandinImage();
      runAgainst(dockerd.host(), new DaemonLiveness(Duration.ofSeconds(1), Duration.ofSeconds(3)));
      awaitProtecting(dockerd.cli());

      dockerd.freeze();
      try {
        // The wait stays open and silent: only the pings can tell.
        assertThat(ap.awaitSignal(Duration.ofSeconds(15))).contains("TERM");
        awaitLogged("Docker daemon is unreachable: no answer for", Duration.ofSeconds(5));
      } finally {
        dockerd.resume();
      }
    }
  }

  /** {@code systemctl restart docker} (an upgrade of docker.io): one cut, and Slips is back. */
  @Test
  void anEngineRestartCostsOneCutAndSlipsComesBackWithTheAp() throws Exception {
    try (PrivateDockerd dockerd = PrivateDockerd.startWithStandinImage()) {
      dockerd.cli().buildSlipsLikeStandinImage();
      runAgainst(dockerd.host());
      awaitProtecting(dockerd.cli());

      dockerd.restart();
      assertThat(ap.awaitSignal(Duration.ofSeconds(30))).contains("TERM");
      awaitLogged("Waiting for the access point", Duration.ofSeconds(40));
      lines.clear();
      ap = StandinAp.start(tmp.resolve("ap2"), ap.pair);

      // Before the fix, the new Slips was cut at once: its wait answered "Broken pipe".
      awaitProtecting(dockerd.cli());
      assertThat(ap.isAlive()).isTrue();
      assertThat(ap.signalLogLines()).isEmpty();
      runner.stopOnRequest();
    }
  }

  /**
   * With --keep-ap, an engine restart never cuts: Slips is back by itself, the gate shut meanwhile,
   * one failure in all. dockerd's shutdown is held (a container that ignores its stop signal) until
   * the runner has shown that it waits: Slips has ended, and the old dockerd still answers on the
   * connections it had. Started on those, each new Slips was abandoned by the dockerd on its way
   * out, one more failure; the third cut the access point.
   */
  @Test
  void withKeepApAnEngineRestartNeverCuts() throws Exception {
    keepAp = true;
    try (PrivateDockerd dockerd = PrivateDockerd.startWithStandinImage()) {
      dockerd.cli().buildSlipsLikeStandinImage();
      runAgainst(dockerd.host());
      awaitProtecting(dockerd.cli());
      PrivateDockerd.ShutdownHold hold = dockerd.holdShutdown();
      lines.clear();

      dockerd.beginStop();
      awaitLogged("Access point of " + ap.pair + " left up (--keep-ap)", Duration.ofSeconds(60));
      awaitLogged("Docker engine does not answer", Duration.ofSeconds(60));
      assertThat(messages()).noneMatch(m -> m.startsWith("Started container"));
      hold.release();
      dockerd.awaitStopped(Duration.ofSeconds(60));
      dockerd.start();

      awaitProtecting(dockerd.cli());
      assertThat(ap.isAlive()).isTrue();
      assertThat(ap.signalLogLines()).isEmpty();
      assertThat(messages())
          .filteredOn(m -> m.startsWith("Access point of " + ap.pair + " left up"))
          .hasSize(1);
      assertThat(messages()).noneMatch(m -> m.startsWith("Could not start Slips"));
      runner.stopOnRequest();
    }
  }
}
