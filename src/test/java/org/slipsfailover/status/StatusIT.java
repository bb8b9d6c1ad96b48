package org.slipsfailover.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.ContainerSpec;
import org.slipsfailover.docker.DockerCli;
import org.slipsfailover.docker.DockerJavaEngine;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcFs;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.install.InstallOptions;
import org.slipsfailover.install.InstalledSettings;
import org.slipsfailover.install.Installer;
import org.slipsfailover.install.Machine;
import org.slipsfailover.probe.LiveSlipsProbe;
import org.slipsfailover.probe.RunnerStatus;
import org.slipsfailover.testing.Poll;
import org.slipsfailover.testing.StandinAp;

/**
 * Status verdicts from real parts: an install written by the real installer (into an image tree), a
 * real Slips container, a real stand-in create_ap and a real log file. Only systemd's answers are
 * stubbed: the build machine has no systemd (the smoke test asks a real one).
 */
class StatusIT {
  private static final DockerCli docker = DockerCli.local();

  @TempDir Path tmp;
  private final String name = "sfit-status-" + Long.toHexString(System.nanoTime());
  private final Map<String, String> units = new HashMap<>();
  private DockerJavaEngine engine;
  private StandinAp ap;
  private Path root;

  private final int redisPort =
      20000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(20000);

  @BeforeAll
  static void image() {
    docker.buildSlipsLikeStandinImage();
  }

  @BeforeEach
  void setUp() throws Exception {
    engine = new DockerJavaEngine(DockerJavaEngine.DEFAULT_HOST);
    ap = StandinAp.start(Files.createDirectories(tmp.resolve("ap")));
    root = Files.createDirectories(tmp.resolve("root"));
    units.put(
        "slips.service", "ActiveState=active\nSubState=running\nResult=success\nNRestarts=0\n");
    units.put("iptables-watcher.timer", "ActiveState=active\nSubState=waiting\nResult=success\n");
  }

  @AfterEach
  void tearDown() {
    ap.close();
    docker.quietly("rm", "-f", name);
    engine.close();
  }

  /**
   * Host paths: the Slips folder lives inside the image tree, as the daemon sees it on the host.
   */
  private Settings settings() {
    return DockerCli.slipsLikeSettings(ap.pair, name, root.resolve("home/pi/slips"), false);
  }

  private void install() throws Exception {
    Path slipsDir =
        Files.createDirectories(root.resolve(settings().slipsDir().toString().substring(1)));
    // The engine mounts the host path settings().slipsDir(), which is under the tree itself.
    Path output = Files.createDirectories(settings().slipsDir().resolve("output"));
    Files.writeString(
        output.resolve("standin-behaviour"),
        "ap-check off\nstart-delay 0\nredis-port " + redisPort + "\n");
    assertThat(slipsDir).isDirectory();
    Machine ctx =
        new Machine(
            HostRoot.of(tmp.resolve("unused")),
            new ProcessCommands(),
            ap.accessPoints(),
            () -> engine,
            () -> true,
            () -> new byte[] {1},
            new PrintStream(new ByteArrayOutputStream()),
            false,
            () -> {
              throw new AssertionError("an install into an image tree pins nothing");
            });
    new Installer(ctx).install(new InstallOptions(settings(), false, Optional.of(root), false));
  }

  private Facts facts() {
    // systemctl show slips.service iptables-watcher.timer: a block per unit, a blank line between.
    Commands systemctl =
        argv ->
            new CommandResult(
                0,
                units.getOrDefault(argv.get(2), "") + "\n" + units.getOrDefault(argv.get(3), ""),
                "");
    return new StatusReader(
            HostRoot.of(root),
            systemctl,
            ap.accessPoints(),
            engine::inspect,
            pair ->
                new LiveSlipsProbe(
                    new ProcFs(HostRoot.live()),
                    pair,
                    new ProbeTimings(
                        Duration.ofSeconds(1),
                        3,
                        Duration.ofSeconds(30),
                        redisPort,
                        Duration.ofMillis(500))))
        .read(InstalledSettings.read(HostRoot.of(root)));
  }

  private Verdict verdict() {
    return Verdict.of(facts());
  }

  @Test
  void notInstalledUntilTheInstallerWroteItsFiles() throws Exception {
    assertThat(verdict().reason()).startsWith("not installed");
    install();
    assertThat(facts().installed()).isTrue();
  }

  /** Starts the container as the runner does, and waits until its probes all pass. */
  private void startSlips() throws Exception {
    engine.createAndStart(ContainerSpec.from(settings()));
    Poll.within(Duration.ofSeconds(10), Duration.ofMillis(50))
        .until(() -> facts().protection().probes().map(p -> p.good()).orElse(false));
  }

  private void runnerSays(RunnerStatus.Phase phase) {
    units.put(
        "slips.service",
        "ActiveState=active\nSubState=running\nResult=success\nNRestarts=0\nStatusText="
            + new RunnerStatus(phase, Instant.parse("2026-01-02T03:04:05Z")).text()
            + "\n");
  }

  @Test
  void protectedWhileSlipsProtectsThenDownWhenItsContainerIsKilled() throws Exception {
    install();
    runnerSays(RunnerStatus.Phase.PROTECTING);
    startSlips();
    // The reader resolves the install's paths inside the tree; here the folder's host path is
    // itself
    // under the tree (the engine needs a real host path to mount), so the log sits at both joined.
    Path log = root.resolve(settings().logFile().toString().substring(1));
    Files.createDirectories(log.getParent());
    Files.writeString(log, "line one\nSlips protects\n");

    Facts up = facts();
    assertThat(Verdict.of(up).reason()).isEqualTo("Slips is protecting and the access point is up");
    assertThat(up.container().get().running()).isTrue();
    assertThat(up.container().get().image()).isEqualTo(DockerCli.SLIPS_LIKE_IMAGE);
    assertThat(up.accessPoint().get().description()).contains("create_ap pid");
    assertThat(up.logTail()).containsExactly("line one", "Slips protects");
    assertThat(up.protection().probes().get().checks())
        .extracting(c -> c.name())
        .containsExactly("container", "redis", "zeek " + ap.pair.wifi(), "zeek " + ap.pair.eth());

    docker.run("kill", name);
    Facts down = facts();
    assertThat(Verdict.of(down).protectedNow()).isFalse();
    assertThat(Verdict.of(down).reason()).isEqualTo("Slips is down: its container is not running");
    assertThat(down.container().get().exitCode()).isEqualTo(137);
    assertThat(down.container().get().finishedAt()).isPresent();
  }

  @Test
  void theStandinsAlertsAreReadAsSlipsWritesThem() throws Exception {
    install();
    runnerSays(RunnerStatus.Phase.PROTECTING);
    startSlips();
    // The container writes to the folder's host path (see above): read there.
    Path output = settings().outputDir();
    assertThat(AlertsFile.read(output).alertsFile()).isPresent();
    assertThat(AlertsFile.read(output).alerts()).as("emptied at start").isZero();

    docker.run("exec", name, "standin-fault", "alert", "192.168.12.34");

    Poll.within(Duration.ofSeconds(10)).until(() -> AlertsFile.read(output).alerts() == 1);
    SlipsFindings found = AlertsFile.read(output);
    assertThat(found.alertsFile().get()).endsWith("/alerts/alerts.json");
    assertThat(found.evidence()).isEqualTo(1);
    assertThat(found.last())
        .extracting(SlipsFindings.Entry::source)
        .containsExactly("192.168.12.34", "192.168.12.34");
    assertThat(found.last().get(0).description()).startsWith("Horizontal port scan to port 22/TCP");
  }

  @Test
  void aDeadZeekIsSeenByStatusItself() throws Exception {
    install();
    runnerSays(RunnerStatus.Phase.PROTECTING);
    startSlips();

    docker.run("exec", name, "standin-fault", "kill-zeek", ap.pair.wifi());

    assertThat(verdict().reason())
        .isEqualTo(
            "Slips is not protecting: zeek "
                + ap.pair.wifi()
                + ": no 'zeek -i "
                + ap.pair.wifi()
                + "' runs in the container");
  }

  @Test
  void waitingForTheAccessPointAndStartingAreStatesOfTheirOwn() throws Exception {
    install();
    runnerSays(RunnerStatus.Phase.WAITING_FOR_AP);
    assertThat(verdict().reason()).startsWith("waiting for the access point");
    assertThat(facts().protection().runner().get().since())
        .isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));

    runnerSays(RunnerStatus.Phase.STARTING);
    startSlips();
    assertThat(verdict().reason()).startsWith("Slips is starting");
  }

  @Test
  void aMissingContainerIsDown() throws Exception {
    install();
    assertThat(verdict().reason()).isEqualTo("Slips is down: its container is not running");
    assertThat(facts().container().get().image()).isEqualTo("(no such container)");
  }

  @Test
  void aCutAccessPointIsNotProtected() throws Exception {
    install();
    startSlips();
    ap.accessPoints().cut(ap.pair);
    assertThat(verdict().reason()).startsWith("the access point is cut");
  }

  @Test
  void aCrashLoopAndAStoppedWatcherAreNamed() throws Exception {
    install();
    startSlips();
    units.put("iptables-watcher.timer", "ActiveState=inactive\nSubState=dead\nResult=success\n");
    assertThat(verdict().reason()).startsWith("the iptables watcher is stopped");
    units.put(
        "slips.service",
        "ActiveState=failed\nSubState=failed\nResult=start-limit-hit\nNRestarts=4\n");
    assertThat(verdict().reason()).startsWith("crash loop");
  }

  @Test
  void aLinkPlantedAtOutputIsTheReasonInTextAndJson() throws Exception {
    install();
    Path output = root.resolve(settings().outputDir().toString().substring(1));
    Files.delete(output);
    Files.createSymbolicLink(output, tmp);
    Facts f = facts();
    assertThat(Verdict.of(f).reason()).startsWith("unsafe path: " + output + " is a symlink");
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    StatusReport.printJson(new PrintStream(json, true), f, Verdict.of(f));
    assertThat(json.toString()).contains("\"unsafePath\" : \"" + output + " is a symlink");
  }

  @Test
  void theReportPutsTheVerdictFirstAndJsonCarriesIt() throws Exception {
    install();
    runnerSays(RunnerStatus.Phase.PROTECTING);
    startSlips();
    Facts f = facts();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    StatusReport.printText(new PrintStream(text, true), f, Verdict.of(f), Instant.now());
    assertThat(text.toString().lines().findFirst())
        .hasValue("PROTECTED: Slips is protecting and the access point is up");
    assertThat(text.toString())
        .contains("container " + name)
        .contains("running, image " + DockerCli.SLIPS_LIKE_IMAGE)
        .contains("runner           protecting since 2026-")
        .contains("probe redis      ok: 127.0.0.1:" + redisPort + " answers PING");
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    StatusReport.printJson(new PrintStream(json, true), f, Verdict.of(f));
    assertThat(json.toString())
        .contains("\"protected\" : true")
        .contains("\"running\" : true")
        .contains("\"protectingSince\" : \"2026-01-02T03:04:05Z\"")
        .contains("\"state\" : \"protecting\"")
        .contains("\"name\" : \"zeek " + ap.pair.eth() + "\"");
    assertThat(List.of(json.toString())).isNotEmpty();
  }
}
