package org.slipsfailover.ap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slipsfailover.config.InterfacePair;

/**
 * Runs the stand-in create_ap ({@code src/test/resources/standin/create_ap}) and look-alike
 * processes for one test, all inside one private folder, and kills every process that names that
 * folder when the test ends. Each test gets its own random interface pair, so it can neither see
 * nor cut another test's (or a real) access point.
 */
final class StandIn implements AutoCloseable {
  final Path dir;
  final Path script;
  final Path stateDir;
  final Path signalLog;
  final InterfacePair pair;
  private final Path scratch;
  private final List<Process> started = new ArrayList<>();

  StandIn(Path dir) {
    this.dir = dir;
    this.script = dir.resolve("bin/create_ap");
    this.stateDir = dir.resolve("state");
    this.signalLog = dir.resolve("signals.log");
    this.scratch = dir.resolve("scratch");
    String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    this.pair = new InterfacePair("wl" + suffix, "et" + suffix);
    try {
      Files.createDirectories(script.getParent());
      Files.createDirectories(stateDir);
      Files.createDirectories(scratch);
      Path resource = Path.of(StandIn.class.getResource("/standin/create_ap").toURI());
      Files.copy(resource, script);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts a process with the stand-in's environment; output goes to a file in the folder. */
  Process start(Map<String, String> env, String... argv) {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(scratch.toFile());
    builder.environment().put("STANDIN_TMPDIR", stateDir.toString());
    builder.environment().put("STANDIN_SIGNAL_LOG", signalLog.toString());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("output.log").toFile()));
    try {
      Process process = builder.start();
      started.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Process start(String... argv) {
    return start(Map.of(), argv);
  }

  /** Waits until a stand-in has written its hostapd.pid: fully up. Returns its state folder. */
  Path awaitUp() {
    await(() -> stateFolder().filter(f -> Files.exists(f.resolve("hostapd.pid"))).isPresent());
    return stateFolder().orElseThrow();
  }

  Optional<Path> stateFolder() {
    try (Stream<Path> entries = Files.list(stateDir)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("create_ap.")).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static long readPid(Path file) {
    try {
      return Long.parseLong(Files.readString(file).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> signalLogLines() {
    try {
      return Files.exists(signalLog) ? Files.readAllLines(signalLog) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A long-lived look-alike: a symlink named {@code name} to {@code tail}, following files named
   * as its arguments (made here), so its argv is {@code <name> -f <args...>} and it runs until
   * killed.
   */
  Process lookAlikeProgram(String name, String... args) {
    try {
      Path dirOfName = Files.createDirectories(dir.resolve("lookalike-" + started.size()));
      Path program = dirOfName.resolve(name);
      Files.createSymbolicLink(program, Path.of("/usr/bin/tail"));
      List<String> argv = new ArrayList<>(List.of(program.toString(), "-f"));
      for (String arg : args) {
        Files.writeString(scratch.resolve(arg), "");
        argv.add(arg);
      }
      return start(argv.toArray(String[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A real bash running a script that is named create_ap but only waits: the shape of {@code
   * create_ap --stop wlan0} and the like, alive long enough to be seen.
   */
  Process idleCreateAp(String... args) {
    try {
      Path dirOfScript = Files.createDirectories(dir.resolve("idle-" + started.size()));
      Path idle = dirOfScript.resolve("create_ap");
      Files.writeString(idle, "while :; do sleep 1; done\n", StandardCharsets.UTF_8);
      List<String> argv = new ArrayList<>(List.of("/bin/bash", idle.toString()));
      argv.addAll(List.of(args));
      return start(argv.toArray(String[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Running, not a zombie (our init here does not reap orphans). */
  static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  static List<String> cmdline(long pid) {
    try {
      String raw = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
      return raw.isEmpty() ? List.of() : List.of(raw.substring(0, raw.length() - 1).split("\0", -1));
    } catch (IOException e) {
      return List.of();
    }
  }

  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s in vain").isLessThan(deadline);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Kills what this test started, and whatever else names its folder (daemons, hostapds). */
  @Override
  public void close() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String mark = dir.toString();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        if (String.join(" ", cmdline(pid)).contains(mark)) {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
