package org.slipsfailover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.CutTiming;
import org.slipsfailover.ap.ProcAccessPoints;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcessCommands;

/**
 * The stand-in create_ap ({@code src/test/resources/standin/create_ap}) for one test, serving a
 * random interface pair with its state folders in the test's own folder, so the real {@link
 * ProcAccessPoints} finds and cuts it and nothing else. It records each signal it gets, with the
 * time, in a file. Look-alike processes (names and arguments like create_ap's) start here too.
 * {@link #close()} kills every process it started and every process that names its folder.
 */
public final class StandinAp implements AutoCloseable {
  public final Path dir;
  public final Path script;

  /** Where the stand-in makes its {@code create_ap.<wifi>.conf.XXXXXXXX} folders. */
  public final Path stateFolders;

  public final Path signalLog;
  public final InterfacePair pair;
  private final Path scratch;
  private final List<Process> started = new ArrayList<>();
  private Process ap;

  /** Ready to start processes in {@code dir}, for a random pair; nothing runs yet. */
  public StandinAp(Path dir) {
    this(dir, randomPair());
  }

  /**
   * For {@code pair} in {@code dir}, which may have served an earlier one (the AP started again).
   */
  public StandinAp(Path dir, InterfacePair pair) {
    this.dir = dir;
    this.script = dir.resolve("bin/create_ap");
    this.stateFolders = dir.resolve("state");
    this.signalLog = dir.resolve("signals.log");
    this.scratch = dir.resolve("scratch");
    this.pair = pair;
    try {
      Files.createDirectories(script.getParent());
      Files.createDirectories(stateFolders);
      Files.createDirectories(scratch);
      Path resource = Path.of(StandinAp.class.getResource("/standin/create_ap").toURI());
      Files.copy(resource, script, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InterfacePair randomPair() {
    String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    return new InterfacePair("wl" + suffix, "et" + suffix);
  }

  /** Starts an access point in {@code dir} for a random pair and waits until it is fully up. */
  public static StandinAp start(Path dir) {
    return new StandinAp(dir).startAp();
  }

  /** Starts an access point for {@code pair} in {@code dir} and waits until it is fully up. */
  public static StandinAp start(Path dir, InterfacePair pair) {
    return new StandinAp(dir, pair).startAp();
  }

  private StandinAp startAp() {
    ap = start(script.toString(), pair.wifi(), pair.eth(), "standin", "standinpass");
    awaitUp();
    return this;
  }

  /** The real access-point code, looking only at this stand-in's state folders. */
  public AccessPoints accessPoints() {
    return new ProcAccessPoints(
        HostRoot.live(), stateFolders, new ProcessCommands(), CutTiming.defaults());
  }

  /** Starts a process with the stand-in's environment; output goes to a file in the folder. */
  public Process start(Map<String, String> env, String... argv) {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(scratch.toFile());
    builder.environment().put("STANDIN_TMPDIR", stateFolders.toString());
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

  public Process start(String... argv) {
    return start(Map.of(), argv);
  }

  /** Waits until a stand-in has written its hostapd.pid: fully up. Returns its state folder. */
  public Path awaitUp() {
    Poll.within(Duration.ofSeconds(10), Duration.ofMillis(10))
        .alias("stand-in create_ap is up")
        .until(() -> stateFolder().filter(f -> Files.exists(f.resolve("hostapd.pid"))).isPresent());
    return stateFolder().orElseThrow();
  }

  public Optional<Path> stateFolder() {
    try (Stream<Path> entries = Files.list(stateFolders)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("create_ap.")).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The first signal it got (INT, USR1, TERM), waiting up to {@code timeout} for one. */
  public Optional<String> awaitSignal(Duration timeout) {
    try {
      Poll.within(timeout, Duration.ofMillis(10)).until(() -> firstSignal().isPresent());
    } catch (org.awaitility.core.ConditionTimeoutException none) {
      return Optional.empty();
    }
    return firstSignal();
  }

  private Optional<String> firstSignal() {
    return signalLogLines().stream()
        .map(l -> l.split(" ")[0])
        .filter(s -> !s.equals("CLEANUP"))
        .findFirst();
  }

  public List<String> signalLogLines() {
    try {
      return Files.exists(signalLog) ? Files.readAllLines(signalLog) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The access point {@link #start(Path)} started still runs. */
  public boolean isAlive() {
    return ap != null && ap.isAlive();
  }

  public static long readPid(Path file) {
    try {
      return Long.parseLong(Files.readString(file).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A long-lived look-alike: a symlink named {@code name} to {@code tail}, following files named as
   * its arguments (made here), so its argv is {@code <name> -f <args...>} and it runs until killed.
   */
  public Process lookAlikeProgram(String name, String... args) {
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
  public Process idleCreateAp(String... args) {
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
  public static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  public static List<String> cmdline(long pid) {
    try {
      String raw = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
      return raw.isEmpty()
          ? List.of()
          : List.of(raw.substring(0, raw.length() - 1).split("\0", -1));
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Kills what this test started, and whatever else runs from its folder's create_ap or state
   * (daemons, hostapds).
   */
  @Override
  public void close() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    List<String> marks = List.of(script.toString(), stateFolders.toString() + "/");
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        String line = String.join(" ", cmdline(pid));
        if (pid != ProcessHandle.current().pid() && marks.stream().anyMatch(line::contains)) {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
