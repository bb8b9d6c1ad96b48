package org.slipsfailover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.ServiceTimings;
import org.slipsfailover.docker.DockerCli;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.supervise.StartHistory;
import org.slipsfailover.testing.Poll;
import org.slipsfailover.testing.RunnerJvmFlags;
import org.slipsfailover.testing.StandinAp;

/**
 * {@code run} in a JVM of its own, as systemd runs it: the log file, the exit code, SIGTERM; and
 * {@code cut-ap} as {@code ExecStopPost=} runs it.
 */
class RunCommandIT {
  private static final DockerCli docker = DockerCli.local();

  @TempDir Path tmp;
  private final String name = "sfit-run-" + Long.toHexString(System.nanoTime());
  private StandinAp ap;
  private Path slipsDir;
  private Path watcher;

  private final int redisPort =
      20000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(20000);

  @BeforeAll
  static void standinImage() {
    docker.buildSlipsLikeStandinImage();
  }

  @BeforeEach
  void setUp() throws Exception {
    ap = StandinAp.start(Files.createDirectories(tmp.resolve("ap")));
    slipsDir = Files.createDirectories(tmp.resolve("slips"));
    watcher = tmp.resolve("watcher.sh");
    Files.writeString(watcher, "#!/bin/sh\necho saved >> " + tmp.resolve("rules-saved") + "\n");
    watcher.toFile().setExecutable(true);
    // A made-up pair (no such interfaces here): the stand-in's own access-point check is off.
    Path output = Files.createDirectories(slipsDir.resolve("output"));
    Files.writeString(
        output.resolve("standin-behaviour"),
        "ap-check off\nstart-delay 1\nredis-port " + redisPort + "\n");
  }

  @AfterEach
  void tearDown() {
    ap.close();
    docker.quietly("rm", "-f", name);
  }

  private Process startRun() throws Exception {
    List<String> argv = new java.util.ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(RunnerJvmFlags.fromTemplate());
    argv.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            StandinRun.class.getName(),
            ap.stateFolders.toString(),
            watcher.toString(),
            ap.pair.toString(),
            "--slips-dir",
            slipsDir.toString(),
            "--image",
            DockerCli.SLIPS_LIKE_IMAGE,
            "--container-name",
            name,
            "--memory",
            "256m",
            "--state-dir",
            tmp.resolve("state").toString(),
            "--stop-grace",
            "2",
            "--redis-port",
            Integer.toString(redisPort)));
    return new ProcessBuilder(argv)
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("stdout").toFile())
        .start();
  }

  private List<String> logLines() throws Exception {
    return Files.readAllLines(slipsDir.resolve("slips_container.log"));
  }

  private void awaitLogged(String text) throws Exception {
    Path log = slipsDir.resolve("slips_container.log");
    Poll.within(Duration.ofSeconds(30), Duration.ofMillis(50))
        .alias("logged: " + text)
        .until(() -> Files.exists(log) && Files.readString(log).contains(text));
  }

  private void awaitRunning() throws Exception {
    awaitLogged("Slips protects");
  }

  /** Every line once in the file, the same lines on stdout, each with an ISO 8601 timestamp. */
  private void assertLogWrittenOnce() throws Exception {
    List<String> file = logLines();
    assertThat(new HashSet<>(file)).hasSameSizeAs(file);
    assertThat(file)
        .allMatch(
            l ->
                l.matches(
                    "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) .*"));
    assertThat(Files.readAllLines(tmp.resolve("stdout"))).containsAll(file);
  }

  @Test
  void aKilledContainerCutsTheApLogsOnceAndTheRunnerWaitsForTheAp() throws Exception {
    Process run = startRun();
    awaitRunning();

    docker.run("kill", name);

    assertThat(ap.awaitSignal(Duration.ofSeconds(5))).contains("TERM");
    awaitLogged("Waiting for the access point");
    assertThat(run.isAlive()).isTrue();
    run.destroy();
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).isEqualTo(143);
    assertThat(String.join("\n", logLines()))
        .contains(
            "Slips container was killed (exit code 137)",
            "Access point of " + ap.pair + " is cut",
            "Runner finished");
    assertLogWrittenOnce();
    assertThat(new StartHistory(tmp.resolve("state")).starts()).hasSize(1);
  }

  @Test
  void sigtermStopsTheContainerCutsTheApAndSavesRules() throws Exception {
    Process run = startRun();
    awaitRunning();

    run.destroy(); // SIGTERM, as systemctl stop with KillMode=mixed

    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).isEqualTo(143);
    assertThat(docker.inspect(name, "{{.State.Running}}")).isEqualTo("false");
    assertThat(ap.awaitSignal(Duration.ofSeconds(5))).contains("TERM");
    assertThat(String.join("\n", logLines()))
        .contains(
            "Stop requested (SIGTERM)", "Container '" + name + "' stopped", "Saved iptables rules");
    assertThat(Files.readAllLines(tmp.resolve("rules-saved"))).hasSize(1);
    assertLogWrittenOnce();
  }

  private String stdout() throws Exception {
    return Files.readString(tmp.resolve("stdout"));
  }

  private void awaitOnStdout(String text) throws Exception {
    Poll.within(Duration.ofSeconds(15), Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(stdout()).contains(text));
  }

  @Test
  void aLinkPlantedAtOutputIsRefusedSlipsIsNotStartedAndTheApIsCut() throws Exception {
    Path victim = Files.createDirectories(tmp.resolve("victim"));
    Files.delete(slipsDir.resolve("output").resolve("standin-behaviour"));
    Files.delete(slipsDir.resolve("output"));
    Files.createSymbolicLink(slipsDir.resolve("output"), victim);
    Process run = startRun();

    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).isEqualTo(org.slipsfailover.config.ExitCode.UNSAFE_PATH.number());
    assertThat(ap.awaitSignal(Duration.ofSeconds(5))).contains("TERM");
    assertThat(stdout())
        .contains(
            "Refusing to start Slips: unsafe path: "
                + slipsDir.resolve("output")
                + " is a symlink");
    assertThat(docker.run("ps", "-a", "-q", "--filter", "name=^" + name + "$")).isBlank();
    try (var files = Files.list(victim)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aLogOnAFullDiskNeverStopsTheCutAndTheReasonReachesStdout() throws Exception {
    // The Slips folder on a small tmpfs of its own, filled up before the runner starts.
    slipsDir = Files.createDirectories(tmp.resolve("full"));
    new ProcessCommands()
        .run("mount", "-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", slipsDir.toString());
    Process run = null;
    try {
      Files.writeString(
          Files.createDirectories(slipsDir.resolve("output")).resolve("standin-behaviour"),
          "ap-check off\nstart-delay 1\nredis-port " + redisPort + "\n");
      try (var filler = Files.newOutputStream(slipsDir.resolve("filler"))) {
        byte[] block = new byte[4096];
        for (int i = 0; i < 1000; i++) {
          filler.write(block);
        }
      } catch (java.io.IOException full) {
        assertThat(full.getMessage()).contains("No space left");
      }
      run = startRun();
      awaitOnStdout("Slips protects");

      docker.run("kill", name);

      assertThat(ap.awaitSignal(Duration.ofSeconds(5))).contains("TERM");
      awaitOnStdout("Slips container was killed (exit code 137)");
      // The runner now waits for the access point again; stop it as systemd would.
      run.destroy();
      assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(stdout())
          .contains(
              "Cannot write "
                  + slipsDir.resolve("slips_container.log")
                  + " (No space left on device)")
          .contains("log lines go to the journal")
          .contains("Access point of " + ap.pair + " is cut", "Runner finished");
    } finally {
      if (run != null) {
        run.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // a failed assertion leaves no runner
      }
      docker.quietly("rm", "-f", name);
      new ProcessCommands().run("umount", slipsDir.toString());
    }
  }

  private record CutAp(int exitCode, String out) {}

  private CutAp cutAp(Map<String, String> environment, String... more) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "cut-ap",
                ap.pair.toString(),
                "--slips-dir",
                slipsDir.toString(),
                "--state-dir",
                tmp.resolve("state").toString()));
    args.addAll(List.of(more));
    try (CommandFactory factory = StandinRun.standIn(ap.stateFolders, watcher, environment)) {
      int code =
          FailoverCommand.execute(
              factory,
              args.toArray(String[]::new),
              System.out,
              new PrintStream(err, true, StandardCharsets.UTF_8));
      return new CutAp(code, err.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void cutApCutsOnceLogsSystemdsResultAndIsANoOpWhenDown() throws Exception {
    Map<String, String> env =
        Map.of("SERVICE_RESULT", "exit-code", "EXIT_CODE", "exited", "EXIT_STATUS", "1");

    assertThat(cutAp(env).exitCode()).isZero();
    assertThat(ap.awaitSignal(Duration.ofSeconds(5))).contains("TERM");
    assertThat(cutAp(env).exitCode()).isZero();

    String log = String.join("\n", logLines());
    assertThat(log)
        .contains("slips.service stopped: SERVICE_RESULT=exit-code EXIT_CODE=exited EXIT_STATUS=1")
        .contains("Access point of " + ap.pair + " was still up; cut it now")
        .contains("Access point of " + ap.pair + " is down")
        .doesNotContain("Slips keeps dying");
  }

  @Test
  void cutApSaysSoWhenSystemdGivesUp() throws Exception {
    StartHistory history = new StartHistory(tmp.resolve("state"));
    Instant now = Instant.now();
    for (int i = ServiceTimings.START_LIMIT_BURST; i > 0; i--) {
      history.recordStart(now.minusSeconds(i * 6L));
    }

    cutAp(Map.of("SERVICE_RESULT", "success"));
    assertThat(String.join("\n", logLines())).doesNotContain("Slips keeps dying");

    cutAp(Map.of("SERVICE_RESULT", "exit-code", "EXIT_CODE", "exited", "EXIT_STATUS", "1"));
    assertThat(logLines())
        .filteredOn(l -> l.contains("Slips keeps dying"))
        .singleElement()
        .asString()
        .contains("The access point of " + ap.pair + " is cut and stays down")
        .contains(
            "sudo systemctl reset-failed slips.service && sudo systemctl start slips.service");
  }

  @Test
  void cutApCutsFirstThenStopsASlipsLeftWithoutItsRunner() throws Exception {
    Process run = startRun();
    awaitRunning();
    run.destroyForcibly(); // SIGKILL: the runner cannot stop Slips
    run.waitFor(10, TimeUnit.SECONDS);
    assertThat(docker.inspect(name, "{{.State.Running}}")).isEqualTo("true");

    CutAp cut =
        cutAp(
            Map.of("SERVICE_RESULT", "signal", "EXIT_CODE", "killed", "EXIT_STATUS", "KILL"),
            "--container-name",
            name);

    assertThat(cut.exitCode()).isZero();
    assertThat(ap.awaitSignal(Duration.ofSeconds(5))).contains("TERM");
    assertThat(docker.inspect(name, "{{.State.Running}}")).isEqualTo("false");
    String log = String.join("\n", logLines());
    assertThat(log.indexOf("was still up; cut it now"))
        .isLessThan(log.indexOf("still runs without its runner"));
    assertThat(log).contains("Container '" + name + "' stopped");
    // Stopped by Ctrl-C, as the runner would.
    assertThat(Files.readString(slipsDir.resolve("output/standin.log")))
        .contains("stopped by SIGINT");
  }
}
