package org.slipsfailover.host;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Processes as {@code <root>/proc} shows them (the live one, or a fake tree in tests), for the
 * probes of Slips' processes and the search for create_ap. Reads files only. Processes vanish while
 * we read: every read treats that as "not there".
 */
public final class ProcFs {
  /** Far more than any create_ap, hostapd or Zeek command line. */
  static final int MAX_CMDLINE = 64 * 1024;

  /** {@code stat} and {@code status} are a few hundred bytes. */
  private static final int MAX_FILE = 8 * 1024;

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

  /**
   * The raw command line, NUL-separated; empty for kernel threads, zombies and gone processes. Cut
   * at {@link #MAX_CMDLINE} bytes: any user may start a process with megabytes of arguments.
   */
  public byte[] rawCmdline(long pid) {
    return read(pid, "cmdline", MAX_CMDLINE).orElse(new byte[0]);
  }

  /**
   * The process runs as root: its real, effective, saved and file-system uids are all 0 ({@code
   * Uid:} of {@code /proc/<pid>/status}). Not the owner of {@code /proc/<pid>}: a process that
   * makes itself non-dumpable shows that folder as root's, whoever runs it.
   */
  public boolean runsAsRoot(long pid) {
    Optional<byte[]> status = read(pid, "status", MAX_FILE);
    if (status.isEmpty()) {
      return false;
    }
    for (String line : new String(status.get(), StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("Uid:")) {
        String[] uids = line.substring("Uid:".length()).trim().split("\\s+");
        return uids.length == 4 && Arrays.stream(uids).allMatch("0"::equals);
      }
    }
    return false;
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
    Optional<byte[]> raw = read(pid, "stat", MAX_FILE);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    String stat = new String(raw.get(), StandardCharsets.UTF_8);
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

  /** The first {@code max} bytes of one of the process's files; empty when it is gone. */
  private Optional<byte[]> read(long pid, String file, int max) {
    try (SeekableByteChannel channel =
        Files.newByteChannel(proc.resolve(Long.toString(pid)).resolve(file))) {
      return Optional.of(RootOnlyFiles.prefix(channel, max));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
