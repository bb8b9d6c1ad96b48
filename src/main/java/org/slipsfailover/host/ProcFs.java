package org.slipsfailover.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Processes as {@code <root>/proc} shows them (the live one, or a fake tree in tests), for the
 * probes of Slips' processes and the search for create_ap. Reads files only. Processes vanish while
 * we read: every read treats that as "not there".
 */
public final class ProcFs {
  private final Path proc;

  public ProcFs(HostRoot root) {
    this(root.resolve("/proc"));
  }

  /** The {@code /proc} folder itself (a fake tree's, in tests). */
  public ProcFs(Path proc) {
    this.proc = proc;
  }

  /** A process, identified by its pid and its start time (a pid is reused, the pair is not). */
  public record Pid(long pid, long startTicks) {}

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

  /** The raw command line, NUL-separated; empty for kernel threads, zombies and gone processes. */
  public byte[] rawCmdline(long pid) {
    try {
      return Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("cmdline"));
    } catch (IOException e) {
      return new byte[0];
    }
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

  /** The process if it lives (a zombie does not: it is gone but for its exit status). */
  public Optional<Pid> living(long pid) {
    String stat;
    try {
      stat =
          Files.readString(
              proc.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    // The name sits in parentheses and may hold any character: fields count from the last ')'.
    int close = stat.lastIndexOf(')');
    String[] fields = close < 0 ? new String[0] : stat.substring(close + 1).trim().split(" ");
    // After the name: state (field 3) ... starttime (22).
    if (fields.length < 20 || fields[0].equals("Z") || fields[0].equals("X")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Pid(pid, Long.parseLong(fields[19])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether that very process still lives. */
  public boolean alive(Pid p) {
    return living(p.pid()).filter(p::equals).isPresent();
  }

  /**
   * The process's pid namespace ({@code pid:[4026532…]}): processes of one container share it.
   * Empty when it cannot be read (gone, or not ours to read without root).
   */
  public Optional<String> pidNamespace(long pid) {
    try {
      return Optional.of(
          Files.readSymbolicLink(proc.resolve(Long.toString(pid)).resolve("ns/pid")).toString());
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
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
