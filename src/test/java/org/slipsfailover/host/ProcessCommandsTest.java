package org.slipsfailover.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.testing.Poll;

/** Real processes: a command that never returns is killed at its limit, with what it started. */
class ProcessCommandsTest {
  @TempDir Path dir;

  @Test
  void aHungCommandIsKilledWithItsChildrenAtItsLimitAndSaysSoInOneLine() throws Exception {
    Path pidFile = dir.resolve("sleep.pid");
    Path hung = script("hung", "echo started\nsleep 600 &\necho $! > " + pidFile + "\nwait\n");
    ProcessCommands commands = new ProcessCommands(Map.of(), argv -> Duration.ofMillis(700));

    long start = System.nanoTime();
    CommandResult r = commands.run(hung.toString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    // Not before its limit; and not after the hung command's 600 s: the bound catches a command
    // that is never killed (or whose child holds its output open), not a slow machine.
    assertThat(took)
        .isGreaterThanOrEqualTo(Duration.ofMillis(700))
        .isLessThan(Duration.ofSeconds(120));
    assertThat(r.ok()).isFalse();
    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(CommandResult.TIMED_OUT);
    assertThat(r.stdout()).contains("started");
    assertThat(r.failure()).isEqualTo("timed out after 0.7 s and was killed");
    long sleepPid = Long.parseLong(Files.readString(pidFile).strip());
    Poll.within(Duration.ofSeconds(60))
        .alias("the command's child was killed too")
        .until(() -> !running(sleepPid));
  }

  /** Alive and not a zombie (a killed orphan stays one until init reaps it). */
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void aCommandWithinItsLimitGivesItsOutputAndExitCode() throws Exception {
    Path ok = script("ok", "echo out\necho err >&2\nexit 3\n");
    CommandResult r = new ProcessCommands().run(ok.toString());
    assertThat(r).isEqualTo(new CommandResult(3, "out\n", "err\n"));
    assertThat(r.failure()).isEqualTo("exit 3: err");
  }

  @Test
  void everyCommandOfTheToolHasItsLimitInTheTable() {
    assertThat(CommandLimits.of(List.of("systemctl", "stop", "create_ap.service"))).hasSeconds(5);
    assertThat(CommandLimits.of(List.of("systemctl", "--root=/mnt", "enable", "x"))).hasSeconds(30);
    assertThat(CommandLimits.of(List.of("systemctl", "show", "slips.service"))).hasSeconds(30);
    assertThat(CommandLimits.of(List.of("/usr/local/bin/slips-iptables-watcher.sh")))
        .hasSeconds(20);
    assertThat(CommandLimits.of(List.of("ip", "link", "set", "dev", "wlan0", "down")))
        .hasSeconds(5);
    assertThat(CommandLimits.of(List.of("apt-get", "install", "-y"))).hasMinutes(15);
    for (String firewall :
        List.of("iptables", "ip6tables-save", "iptables-restore", "ip6tables-restore", "nft")) {
      assertThat(CommandLimits.of(List.of("/usr/sbin/" + firewall, "-w"))).hasSeconds(20);
    }
    assertThat(CommandLimits.of(List.of("something-else"))).isEqualTo(CommandLimits.DEFAULT);
  }

  private Path script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  @Test
  void rootsCommandsSeeOnlyTheSafePath() {
    ProcessCommands root = ProcessCommands.onSafePath(Map.of());

    assertThat(root.run("sh", "-c", "echo $PATH").stdout().strip())
        .isEqualTo("/usr/sbin:/usr/bin:/sbin:/bin");
    assertThat(root.run("no-such-command-anywhere"))
        .satisfies(r -> assertThat(r.exitCode()).isEqualTo(127))
        .satisfies(
            r -> assertThat(r.stderr()).contains("not found in /usr/sbin:/usr/bin:/sbin:/bin"));
  }

  @Test
  void aProgramOnlyInTheJvmsOwnPathIsNotRunAsRoot() throws IOException {
    // Any program this JVM would find by name outside the safe directories (/usr/local/bin...).
    java.util.Optional<Path> elsewhere = java.util.Optional.empty();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (dir.isEmpty()
          || ProcessCommands.SAFE_PATH.contains(dir)
          || !Files.isDirectory(Path.of(dir))) {
        continue;
      }
      try (var files = Files.list(Path.of(dir))) {
        elsewhere =
            files
                .filter(f -> Files.isRegularFile(f) && Files.isExecutable(f))
                .filter(f -> notInSafePath(f.getFileName().toString()))
                .findFirst();
      }
      if (elsewhere.isPresent()) {
        break;
      }
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(elsewhere.isPresent(), "no such program here");
    String name = elsewhere.get().getFileName().toString();

    assertThat(ProcessCommands.onSafePath(Map.of()).run(name, "--version").exitCode())
        .isEqualTo(127);
  }

  private static boolean notInSafePath(String name) {
    for (String dir : ProcessCommands.SAFE_PATH.split(":")) {
      if (Files.exists(Path.of(dir, name))) {
        return false;
      }
    }
    return true;
  }
}
