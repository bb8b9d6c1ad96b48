package org.slipsfailover.host;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Processes as {@code <root>/proc} shows them (the live one, or a fake tree in tests): the one
 * reader of {@code /proc}, for the probes of Slips' processes and the search for create_ap. Reads
 * files only, each a bounded number of bytes (any user may start a process with megabytes of
 * arguments), and spawns nothing: a scan of a Pi's few hundred processes takes milliseconds.
 * Processes vanish while we read: every read treats that as "not there".
 */
public final class ProcFs {
  /** Far more than any create_ap, hostapd or Zeek command line. */
  static final int MAX_CMDLINE = 64 * 1024;

  /** {@code stat}, {@code status} and {@code cgroup} are a few hundred bytes. */
  private static final int MAX_FILE = 8 * 1024;

  /** {@code /proc/stat} grows with the number of CPUs; {@code btime} comes after them. */
  private static final int MAX_SYSTEM_STAT = 256 * 1024;

  /** USER_HZ: 100 on every architecture Linux reports stat times in, whatever the kernel's HZ. */
  private static final long TICKS_PER_SECOND = 100;

  private final Path proc;
  private final Instant bootTime;

  public ProcFs(HostRoot root) {
    this(root.resolve("/proc"));
  }

  /** The {@code /proc} folder itself (a fake tree's, in tests). */
  public ProcFs(Path proc) {
    this.proc = proc;
    this.bootTime = readBootTime(proc);
  }

  /** A process, identified by its pid and its start time (a pid is reused, the pair is not). */
  public record Pid(long pid, long startTicks) {}

  /**
   * A living process as its {@code stat} shows it.
   *
   * @param session its session id: {@code setsid} (create_ap --daemon) starts a new one, a forked
   *     subshell keeps its parent's
   * @param comm the kernel's process name (at most 15 characters)
   */
  public record Stat(Pid id, long ppid, long session, String comm) {
    public long pid() {
      return id.pid();
    }
  }

  /** The pids of all processes, in no particular order. */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
          pids.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + proc + ": " + e.getMessage(), e);
    }
    return pids;
  }

  /**
   * The argument vector ({@code cmdline} is NUL-separated); empty for kernel threads and the gone.
   */
  public List<String> argv(long pid) {
    return argv(rawCmdline(pid));
  }

  /**
   * The raw command line, NUL-separated; empty for kernel threads, zombies and gone processes. Cut
   * at {@link #MAX_CMDLINE} bytes.
   */
  public byte[] rawCmdline(long pid) {
    return read(pid, "cmdline", MAX_CMDLINE).orElse(new byte[0]);
  }

  /** A raw command line as its arguments. */
  public static List<String> argv(byte[] raw) {
    int end = raw.length;
    if (end > 0 && raw[end - 1] == 0) {
      end--;
    }
    return end == 0
        ? List.of()
        : Arrays.asList(new String(raw, 0, end, StandardCharsets.UTF_8).split("\0", -1));
  }

  /**
   * The process if it lives (a zombie does not: it is gone but for its exit status). The name sits
   * in parentheses and may hold any character: fields count from the last ')'.
   */
  public Optional<Stat> stat(long pid) {
    Optional<String> text = readText(pid, "stat");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String stat = text.get();
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return Optional.empty();
    }
    String[] fields = stat.substring(close + 1).trim().split(" ");
    // After the name: state (field 3), ppid (4), pgrp (5), session (6), ... starttime (22).
    if (fields.length < 20 || fields[0].equals("Z") || fields[0].equals("X")) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Stat(
              new Pid(pid, Long.parseLong(fields[19])),
              Long.parseLong(fields[1]),
              Long.parseLong(fields[3]),
              stat.substring(open + 1, close)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The process if it lives, as its identity. */
  public Optional<Pid> living(long pid) {
    return stat(pid).map(Stat::id);
  }

  /** Whether that very process still lives (same pid, same start, not a zombie). */
  public boolean alive(Pid p) {
    return living(p.pid()).filter(p::equals).isPresent();
  }

  /** When the process started, on the wall clock (to the boot time's second). */
  public Instant startInstant(Pid p) {
    return bootTime.plus(Duration.ofMillis(p.startTicks() * 1000 / TICKS_PER_SECOND));
  }

  /**
   * The process runs as root: its real, effective, saved and file-system uids are all 0 ({@code
   * Uid:} of {@code /proc/<pid>/status}). Not the owner of {@code /proc/<pid>}: a process that
   * makes itself non-dumpable shows that folder as root's, whoever runs it.
   */
  public boolean runsAsRoot(long pid) {
    for (String line : readText(pid, "status").orElse("").split("\n")) {
      if (line.startsWith("Uid:")) {
        String[] uids = line.substring("Uid:".length()).trim().split("\\s+");
        return uids.length == 4 && Arrays.stream(uids).allMatch("0"::equals);
      }
    }
    return false;
  }

  /** Basename of the executable, without the " (deleted)" of a binary replaced by an upgrade. */
  public Optional<String> executableName(long pid) {
    try {
      String target = Files.readSymbolicLink(pidDir(pid).resolve("exe")).toString();
      if (target.endsWith(" (deleted)")) {
        target = target.substring(0, target.length() - " (deleted)".length());
      }
      return Optional.ofNullable(Path.of(target).getFileName()).map(Path::toString);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The lines of {@code /proc/<pid>/cgroup}; none when it is gone. */
  public List<String> cgroupLines(long pid) {
    return readText(pid, "cgroup").map(t -> List.of(t.split("\n"))).orElse(List.of());
  }

  /**
   * A path as the process itself sees it: through its root (it may live in another mount namespace)
   * and, for a relative path, its working directory.
   */
  public Path asSeenBy(long pid, String path) {
    return path.startsWith("/")
        ? pidDir(pid).resolve("root").resolve(path.substring(1))
        : pidDir(pid).resolve("cwd").resolve(path);
  }

  /**
   * The process's pid namespace ({@code pid:[4026532…]}): processes of one container share it.
   * Empty when it cannot be read (gone, or not ours to read without root).
   */
  public Optional<String> pidNamespace(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(pidDir(pid).resolve("ns/pid")).toString());
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** Whether this is the machine's own {@code /proc} (not a fake tree of a test). */
  public boolean isLive() {
    return proc.equals(Path.of("/proc"));
  }

  private Path pidDir(long pid) {
    return proc.resolve(Long.toString(pid));
  }

  private Optional<String> readText(long pid, String file) {
    return read(pidDir(pid).resolve(file), MAX_FILE)
        .map(b -> new String(b, StandardCharsets.UTF_8));
  }

  private Optional<byte[]> read(long pid, String file, int max) {
    return read(pidDir(pid).resolve(file), max);
  }

  /** The first {@code max} bytes of a file of /proc; empty when it is gone. */
  private static Optional<byte[]> read(Path file, int max) {
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      return Optional.of(RootOnlyFiles.prefix(channel, max));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Instant readBootTime(Path proc) {
    Optional<byte[]> stat = read(proc.resolve("stat"), MAX_SYSTEM_STAT);
    for (String line :
        stat.map(b -> new String(b, StandardCharsets.UTF_8)).orElse("").split("\n")) {
      if (line.startsWith("btime ")) {
        try {
          return Instant.ofEpochSecond(Long.parseLong(line.substring(6).trim()));
        } catch (NumberFormatException e) {
          break;
        }
      }
    }
    // A fake /proc without stat: start instants still compare correctly among themselves.
    return Instant.EPOCH;
  }

  /**
   * A table of the runner's network namespace under {@code net/} ({@code tcp}, {@code tcp6}): the
   * namespace of whoever reads {@code /proc/net}. Empty when it cannot be read.
   */
  public String netTable(String name) {
    try {
      return Files.readString(proc.resolve("net").resolve(name), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The sockets a process holds: descriptor number to socket inode (the {@code socket:[N]} links of
   * {@code fd/}). Empty for the gone; {@link java.nio.file.AccessDeniedException} when the process
   * is not ours to look into (not root).
   */
  public Map<Integer, Long> sockets(long pid) throws AccessDeniedException {
    Map<Integer, Long> sockets = new HashMap<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdFolder(pid))) {
      for (Path fd : fds) {
        String name = fd.getFileName().toString();
        long inode = socketInode(fd);
        if (inode > 0 && !name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
          sockets.put(Integer.parseInt(name), inode);
        }
      }
    } catch (AccessDeniedException e) {
      throw e;
    } catch (IOException e) {
      // Gone while we read: holds nothing.
    }
    return sockets;
  }

  /** The inode of the socket that descriptor {@code fd} of the process holds, or 0. */
  public long socket(long pid, int fd) {
    return socketInode(fdFolder(pid).resolve(Integer.toString(fd)));
  }

  private Path fdFolder(long pid) {
    return proc.resolve(Long.toString(pid)).resolve("fd");
  }

  private static long socketInode(Path fdLink) {
    String target;
    try {
      target = Files.readSymbolicLink(fdLink).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return 0;
    }
    if (!target.startsWith("socket:[") || !target.endsWith("]")) {
      return 0;
    }
    try {
      return Long.parseLong(target.substring(8, target.length() - 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
