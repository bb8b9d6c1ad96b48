package org.slipsfailover.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.ContainerEnd.Reason;
import org.slipsfailover.testing.Poll;

/** The adapter against the real engine on /var/run/docker.sock, with the stand-in Slips image. */
class DockerJavaEngineIT {
  private static final DockerCli docker = DockerCli.local();

  @TempDir Path slipsDir;
  private final String name = "sfit-" + Long.toHexString(System.nanoTime());
  private final DockerJavaEngine engine = new DockerJavaEngine(DockerJavaEngine.DEFAULT_HOST);

  @BeforeAll
  static void standinImage() {
    docker.buildStandinImage();
  }

  @AfterEach
  void cleanUp() {
    docker.quietly("rm", "-f", name);
    engine.close();
  }

  private Settings settings(boolean blocking, String memory) {
    return new Settings(
        new InterfacePair("wlan0", "eth0"),
        DockerCli.STANDIN_IMAGE,
        name,
        blocking,
        memory,
        512,
        "64m",
        slipsDir,
        false);
  }

  private ContainerSpec withCommand(ContainerSpec spec, String script) {
    return new ContainerSpec(
        spec.name(),
        spec.image(),
        spec.hostOutputDir(),
        spec.containerOutputDir(),
        spec.cpuShares(),
        spec.memory(),
        spec.shmSize(),
        List.of("bash", "-c", script));
  }

  @Test
  void theContainerHasTheShellVersionsSettings() throws Exception {
    Files.createDirectories(slipsDir.resolve("output"));
    engine.createAndStart(ContainerSpec.from(settings(false, "256m")));

    assertThat(docker.inspect(name, "{{.HostConfig.NetworkMode}}")).isEqualTo("host");
    assertThat(docker.inspect(name, "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}"))
        .isEqualTo((256L << 20) + " " + (256L << 20));
    assertThat(docker.inspect(name, "{{.HostConfig.CpuShares}}")).isEqualTo("512");
    assertThat(docker.inspect(name, "{{.HostConfig.ShmSize}}"))
        .isEqualTo(String.valueOf(64L << 20));
    assertThat(docker.inspect(name, "{{.HostConfig.CapAdd}}")).isEqualTo("[NET_ADMIN]");
    assertThat(docker.inspect(name, "{{.Config.Tty}} {{.Config.OpenStdin}}"))
        .isEqualTo("true true");
    assertThat(docker.inspect(name, "{{range .Mounts}}{{.Source}}:{{.Destination}}:{{.RW}}{{end}}"))
        .isEqualTo(slipsDir.resolve("output") + ":/StratosphereLinuxIPS/output:true");
    assertThat(docker.inspect(name, "{{json .Config.Cmd}}"))
        .isEqualTo(
            "[\"bash\",\"-c\",\"tmux new -s slips './slips.py -ap wlan0,eth0'; tmux wait-for -S slips_done\"]");
    // The stand-in Slips really runs in tmux and writes into the mounted output folder.
    Path log = slipsDir.resolve("output/standin.log");
    Poll.within(Duration.ofSeconds(5), Duration.ofMillis(50)).until(() -> Files.exists(log));
    assertThat(Files.readString(log)).contains("args: -ap wlan0,eth0").doesNotContain("-p");
  }

  @Test
  void blockingAddsSlipsDashP() throws Exception {
    // On the host's own network: the stand-in takes -p but must not touch the host's firewall.
    Files.createDirectories(slipsDir.resolve("output"));
    Files.writeString(slipsDir.resolve("output/standin-behaviour"), "firewall off\n");
    engine.createAndStart(ContainerSpec.from(settings(true, "256m")));
    assertThat(docker.inspect(name, "{{index .Config.Cmd 2}}"))
        .isEqualTo("tmux new -s slips './slips.py -ap wlan0,eth0 -p'; tmux wait-for -S slips_done");
  }

  @Test
  void aLeftoverContainerOfThatNameIsReplaced() {
    String leftover = docker.run("create", "--name", name, DockerCli.STANDIN_IMAGE).strip();

    assertThat(engine.removeIfExists(name)).isTrue();
    String id = engine.createAndStart(ContainerSpec.from(settings(false, "256m")));

    assertThat(id).isNotEqualTo(leftover);
    assertThat(docker.inspect(name, "{{.Id}}")).isEqualTo(id);
    assertThat(engine.removeIfExists(name + "-absent")).isFalse();
  }

  @Test
  void anExitIsReportedWithItsCode() {
    String id =
        engine.createAndStart(
            withCommand(ContainerSpec.from(settings(false, "256m")), "sleep 0.3; exit 7"));
    ContainerEnd end = engine.explain(id, engine.awaitEnd(id));
    assertThat(end).isEqualTo(new ContainerEnd(Reason.EXITED, 7, null));
  }

  /** The wait is attached and does not end by itself while the container runs. */
  private static void waitingStill(CompletableFuture<ContainerEnd> end) {
    Poll.within(Duration.ofSeconds(2)).during(Duration.ofMillis(300)).until(() -> !end.isDone());
  }

  @Test
  void dockerKillIsReportedAsKilled() throws Exception {
    String id = engine.createAndStart(ContainerSpec.from(settings(false, "256m")));
    CompletableFuture<ContainerEnd> end = CompletableFuture.supplyAsync(() -> engine.awaitEnd(id));
    waitingStill(end);

    docker.run("kill", name);

    ContainerEnd ended = end.get(10, TimeUnit.SECONDS);
    assertThat(engine.explain(id, ended)).isEqualTo(new ContainerEnd(Reason.KILLED, 137, null));
  }

  @Test
  void dockerRmIsReportedAsRemoved() throws Exception {
    String id = engine.createAndStart(ContainerSpec.from(settings(false, "256m")));
    CompletableFuture<ContainerEnd> end = CompletableFuture.supplyAsync(() -> engine.awaitEnd(id));
    waitingStill(end);

    docker.run("rm", "-f", name);

    ContainerEnd ended = end.get(10, TimeUnit.SECONDS);
    assertThat(engine.explain(id, ended).reason()).isEqualTo(Reason.REMOVED);
    // Waiting on a container that is gone says so too.
    assertThat(engine.awaitEnd(id).reason()).isEqualTo(Reason.REMOVED);
  }

  @Test
  void runningOutOfMemoryIsReportedAsOomKilled() {
    String id =
        engine.createAndStart(
            withCommand(
                ContainerSpec.from(settings(false, "16m")),
                "hog=$(head -c 200000000 /dev/zero | tr '\\0' x); echo ${#hog}"));
    ContainerEnd end = engine.explain(id, engine.awaitEnd(id));
    // The kernel kills it in every case; whether the engine learns that it was an OOM kill depends
    // on containerd's OOM monitor (on this cgroup v1 build machine it misses it). We report what
    // the engine knows, and an unflagged OOM kill still reads as "killed".
    boolean engineSawOom = Boolean.parseBoolean(docker.inspect(name, "{{.State.OOMKilled}}"));
    assertThat(end.reason()).isEqualTo(engineSawOom ? Reason.OOM_KILLED : Reason.KILLED);
    assertThat(end.exitCode()).isEqualTo(137);
  }

  @Test
  void stopEndsTheContainerWithinTheGraceAndIsANoOpWhenStopped() {
    String id = engine.createAndStart(ContainerSpec.from(settings(false, "256m")));
    long start = System.nanoTime();

    engine.stop(name, Duration.ofSeconds(1));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(docker.inspect(name, "{{.State.Running}}")).isEqualTo("false");
    engine.stop(name, Duration.ofSeconds(1));
    engine.stop(name + "-absent", Duration.ofSeconds(1));
    assertThat(engine.awaitEnd(id).reason()).isIn(Reason.KILLED, Reason.EXITED);
  }

  @Test
  void stopAsksSlipsToStopSoItNeedNotBeKilled() throws Exception {
    Path log = Files.createDirectories(slipsDir.resolve("output")).resolve("standin.log");
    String id = engine.createAndStart(ContainerSpec.from(settings(false, "256m")));
    Poll.within(Duration.ofSeconds(5), Duration.ofMillis(50))
        .until(() -> Files.exists(log) && Files.readString(log).contains("started"));
    long start = System.nanoTime();

    engine.stop(name, Duration.ofSeconds(20));

    // The container's bash ignores docker stop's SIGTERM: only Ctrl-C in the pane ends it early.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(Files.readString(log)).contains("stopped by SIGINT");
    assertThat(engine.awaitEnd(id).reason()).isEqualTo(Reason.EXITED);
  }

  @Test
  void imagesAreFoundAndAFailedPullSaysWhy() {
    assertThat(engine.imagePresent(DockerCli.STANDIN_IMAGE)).isTrue();
    assertThat(engine.imagePresent("slips-failover/absent:none")).isFalse();
    assertThatThrownBy(() -> engine.pull("localhost:1/absent:none", p -> {}))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("pull localhost:1/absent:none");
  }

  @Test
  void anUnreachableDaemonIsAnEngineErrorOrAnEnd() {
    try (DockerJavaEngine nowhere = new DockerJavaEngine("unix:///tmp/sfit-no-such-docker.sock")) {
      assertThatThrownBy(() -> nowhere.imagePresent("x")).isInstanceOf(EngineException.class);
      assertThat(nowhere.awaitEnd("x").reason()).isEqualTo(Reason.DAEMON_UNREACHABLE);
    }
  }
}
