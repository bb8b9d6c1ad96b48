package org.slipsfailover.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs commands as child processes, with standard input closed and both outputs captured, each
 * within its time limit ({@link CommandLimits}). A command that outlives it is killed with its
 * children and reported as {@link CommandResult#timedOut}: nothing the tool runs can hang it.
 */
public final class ProcessCommands implements Commands {
  /** How long to wait for the output of a killed command (a grandchild may keep the pipe). */
  private static final Duration DRAIN_AFTER_KILL = Duration.ofMillis(500);

  /**
   * The search path of the commands root runs: systemd's default puts {@code /usr/local/sbin}
   * first, which the group {@code staff} may write on Debian; a command found there could be
   * anyone's.
   */
  public static final String SAFE_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";

  private final Map<String, String> extraEnvironment;
  private final Function<List<String>, Duration> limits;
  private final Optional<String> searchPath;

  public ProcessCommands() {
    this(Map.of());
  }

  /**
   * @param extraEnvironment set for every command (for example {@code DEBIAN_FRONTEND})
   */
  public ProcessCommands(Map<String, String> extraEnvironment) {
    this(extraEnvironment, CommandLimits::of);
  }

  /**
   * @param limits the time limit of each command line; production uses {@link CommandLimits}
   */
  public ProcessCommands(
      Map<String, String> extraEnvironment, Function<List<String>, Duration> limits) {
    this(extraEnvironment, limits, Optional.empty());
  }

  private ProcessCommands(
      Map<String, String> extraEnvironment,
      Function<List<String>, Duration> limits,
      Optional<String> searchPath) {
    this.extraEnvironment = Map.copyOf(extraEnvironment);
    this.limits = limits;
    this.searchPath = searchPath;
  }

  /**
   * Commands as root runs them: a name is looked up in {@link #SAFE_PATH} only (not in the JVM's
   * own PATH, which Java would use), and the commands' own PATH is that one too.
   */
  public static ProcessCommands onSafePath(Map<String, String> extraEnvironment) {
    Map<String, String> environment = new HashMap<>(extraEnvironment);
    environment.put("PATH", SAFE_PATH);
    return new ProcessCommands(environment, CommandLimits::of, Optional.of(SAFE_PATH));
  }

  @Override
  public CommandResult run(List<String> argv) {
    return run(argv, null);
  }

  @Override
  public Process start(List<String> argv) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().putAll(extraEnvironment);
    return builder.start();
  }

  @Override
  public CommandResult run(List<String> argv, String stdin) {
    Duration limit = limits.apply(argv);
    Optional<String> program = searchPath.isEmpty() ? Optional.of(argv.get(0)) : find(argv.get(0));
    if (program.isEmpty()) {
      return new CommandResult(127, "", argv.get(0) + ": not found in " + searchPath.get());
    }
    List<String> command = new ArrayList<>(argv);
    command.set(0, program.get());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(extraEnvironment);
    if (stdin == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      // A missing program is an answer, not a crash: 127 as a shell would say.
      return new CommandResult(127, "", e.getMessage());
    }
    Drain out = Drain.start(process.getInputStream(), "stdout of " + argv.get(0));
    Drain err = Drain.start(process.getErrorStream(), "stderr of " + argv.get(0));
    try {
      if (stdin != null) {
        try (var in = process.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          // It exited without reading its input: its exit code says what went wrong.
        }
      }
      if (!process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
        killTree(process);
        return CommandResult.timedOut(limit, out.text(DRAIN_AFTER_KILL));
      }
      return new CommandResult(
          process.exitValue(), out.text(DRAIN_AFTER_KILL), err.text(DRAIN_AFTER_KILL));
    } catch (InterruptedException e) {
      killTree(process);
      Thread.currentThread().interrupt();
      return new CommandResult(130, "", "interrupted");
    }
  }

  /** A name's program in the search path; a path (with a '/') as it is. */
  private Optional<String> find(String name) {
    if (name.contains("/")) {
      return Optional.of(name);
    }
    for (String dir : searchPath.orElseThrow().split(":")) {
      Path program = Path.of(dir, name);
      if (Files.isRegularFile(program) && Files.isExecutable(program)) {
        return Optional.of(program.toString());
      }
    }
    return Optional.empty();
  }

  /** Kills the command and what it started (a shell script's sleep would keep the pipes open). */
  private static void killTree(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
  }

  /** Reads one output stream on a daemon thread, so that a stuck pipe never holds the caller. */
  private static final class Drain {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Thread thread;

    private Drain(InputStream in, String name) {
      this.thread = DaemonThreads.unstarted(name, () -> copy(in));
    }

    static Drain start(InputStream in, String name) {
      Drain d = new Drain(in, name);
      d.thread.start();
      return d;
    }

    private void copy(InputStream in) {
      byte[] buffer = new byte[8192];
      try (in) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          synchronized (bytes) {
            bytes.write(buffer, 0, n);
          }
        }
      } catch (IOException e) {
        // The stream was closed under us (the process was killed): keep what was read.
      }
    }

    /** What was read, once the stream ended or {@code wait} passed. */
    String text(Duration wait) throws InterruptedException {
      thread.join(Math.max(1, wait.toMillis()));
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
