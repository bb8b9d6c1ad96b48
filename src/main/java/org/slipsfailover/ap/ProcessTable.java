package org.slipsfailover.ap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slipsfailover.host.ProcFs;

/**
 * Reads processes from a {@code /proc} directory (the live one, or a fake tree in tests). Reads
 * only files: it spawns nothing, so a scan of a Pi's few hundred processes takes milliseconds.
 * Processes vanish while we read; every read treats that as "not there".
 */
final class ProcessTable {
  /** USER_HZ: 100 on every architecture Linux reports stat times in, whatever the kernel's HZ. */
  private static final long TICKS_PER_SECOND = 100;

  private final Path proc;
  private final ProcFs fs;
  private final Instant bootTime;

  ProcessTable(Path proc) {
    this.proc = proc;
    this.fs = new ProcFs(proc);
    this.bootTime = readBootTime(proc);
  }

  /** The pids of all processes, in no particular order. */
  List<Long> pids() {
    return fs.pids();
  }

  /** The raw command line, NUL-separated; empty for kernel threads, zombies and gone processes. */
  byte[] rawCmdline(long pid) {
    return fs.rawCmdline(pid);
  }

  Optional<ProcEntry> read(long pid) {
    return read(pid, rawCmdline(pid));
  }

  /** Reads stat, using a command line already read (so a scan reads it once). */
  Optional<ProcEntry> read(long pid, byte[] cmdline) {
    if (cmdline.length == 0) {
      return Optional.empty();
    }
    return readText(pid, "stat")
        .flatMap(stat -> ProcEntry.fromStat(pid, stat, ProcFs.argv(cmdline)));
  }

  /** Basename of the executable, without the " (deleted)" of a binary replaced by an upgrade. */
  Optional<String> executableName(long pid) {
    try {
      String target = Files.readSymbolicLink(pidDir(pid).resolve("exe")).toString();
      if (target.endsWith(" (deleted)")) {
        target = target.substring(0, target.length() - " (deleted)".length());
      }
      return Optional.of(CreateApCommandLine.basename(target));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** See {@link ProcFs#runsAsRoot}. */
  boolean runsAsRoot(long pid) {
    return fs.runsAsRoot(pid);
  }

  List<String> cgroupLines(long pid) {
    return readText(pid, "cgroup").map(t -> List.of(t.split("\n"))).orElse(List.of());
  }

  /**
   * A path as the process itself sees it: through its root (it may live in another mount namespace)
   * and, for a relative path, its working directory.
   */
  Path asSeenBy(long pid, String path) {
    return path.startsWith("/")
        ? pidDir(pid).resolve("root").resolve(path.substring(1))
        : pidDir(pid).resolve("cwd").resolve(path);
  }

  Instant startInstant(ProcEntry entry) {
    return bootTime.plus(Duration.ofMillis(entry.startTicks() * 1000 / TICKS_PER_SECOND));
  }

  /** The process is still the one we saw: same pid, same start, not a zombie. */
  boolean isAlive(ProcEntry entry) {
    return read(entry.pid()).filter(entry::sameProcessAs).isPresent();
  }

  private Path pidDir(long pid) {
    return proc.resolve(Long.toString(pid));
  }

  private Optional<String> readText(long pid, String file) {
    try {
      return Optional.of(Files.readString(pidDir(pid).resolve(file), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Instant readBootTime(Path proc) {
    try {
      for (String line : Files.readAllLines(proc.resolve("stat"))) {
        if (line.startsWith("btime ")) {
          return Instant.ofEpochSecond(Long.parseLong(line.substring(6).trim()));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // A fake /proc without stat: start instants still compare correctly among themselves.
    }
    return Instant.EPOCH;
  }
}
