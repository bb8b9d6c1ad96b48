package org.slipsfailover.ap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slipsfailover.host.HostRoot;

/**
 * A fake host tree for unit tests: {@code <root>/proc/<pid>/...} files as the kernel writes them,
 * and a {@code <root>/tmp} for state folders. Pids are made up: nothing here is ever a real
 * process, and tests pair it with a recording signaller, never the live one.
 */
final class FakeProc {
  /** Boot time in the fake /proc/stat; start ticks count from here. */
  static final long BOOT = 1_700_000_000L;

  private final Path root;

  FakeProc(Path root) {
    this.root = root;
    write(proc().resolve("stat"), "cpu 0 0 0 0\nbtime " + BOOT + "\n");
    mkdirs(tmp());
  }

  HostRoot host() {
    return HostRoot.of(root);
  }

  Path proc() {
    return root.resolve("proc");
  }

  Path tmp() {
    return root.resolve("tmp");
  }

  /** Adds a process; {@code exe} is what {@code /proc/<pid>/exe} points to. */
  FakeProc process(long pid, long ppid, long startTicks, String exe, String... argv) {
    Path dir = proc().resolve(Long.toString(pid));
    String comm = CreateApCommandLine.basename(exe.isEmpty() ? argv[0] : exe);
    comm = comm.length() > 15 ? comm.substring(0, 15) : comm;
    // pgrp is the pid itself, all in session 1: a fork of a process (same argv) is its subshell.
    StringBuilder stat = new StringBuilder(pid + " (" + comm + ") S " + ppid + " " + pid + " 1");
    for (int i = 0; i < 15; i++) {
      stat.append(" 0");
    }
    stat.append(' ').append(startTicks).append(" 0 0\n");
    write(dir.resolve("stat"), stat.toString());
    write(dir.resolve("cmdline"), String.join("\0", argv) + "\0");
    write(dir.resolve("cgroup"), "0::/user.slice/session-1.scope\n");
    runAs(pid, 0);
    mkdirs(dir.resolve("root"));
    mkdirs(dir.resolve("cwd"));
    if (!exe.isEmpty()) {
      try {
        Files.createSymbolicLink(dir.resolve("exe"), Path.of(exe));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return this;
  }

  /** The process's real, effective, saved and file-system uids ({@code status}'s Uid line). */
  FakeProc runAs(long pid, int uid) {
    String uids = uid + "\t" + uid + "\t" + uid + "\t" + uid;
    write(
        proc().resolve(pid + "/status"),
        "Name:\tx\nState:\tS (sleeping)\nUid:\t" + uids + "\nGid:\t" + uids + "\n");
    return this;
  }

  FakeProc cgroup(long pid, String path) {
    write(proc().resolve(pid + "/cgroup"), "0::" + path + "\n");
    return this;
  }

  /** A file as the process sees it at this absolute path (under its /proc/<pid>/root). */
  FakeProc fileOf(long pid, String path, String text) {
    write(proc().resolve(pid + "/root").resolve(path.substring(1)), text);
    return this;
  }

  /** A state folder with pid and nat_internet_iface files; returns its path. */
  Path stateFolder(String wifi, String suffix, long pid, String natInternet, Instant modified) {
    Path dir = tmp().resolve("create_ap." + wifi + ".conf." + suffix);
    write(dir.resolve("pid"), pid + "\n");
    write(dir.resolve("wifi_iface"), "ap0\n");
    if (!natInternet.isEmpty()) {
      write(dir.resolve("nat_internet_iface"), natInternet + "\n");
    }
    write(dir.resolve("hostapd.conf"), "interface=ap0\n");
    try {
      Files.setLastModifiedTime(dir, FileTime.from(modified));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * A bridge mode ({@code -m bridge}) state folder, as the real create_ap leaves it: pid and
   * wifi_iface, no nat_internet_iface, and "bridge=..." in hostapd.conf; returns its path.
   */
  Path bridgeStateFolder(String wifi, String suffix, long pid, String bridge, Instant modified) {
    Path dir = stateFolder(wifi, suffix, pid, "", modified);
    write(
        dir.resolve("hostapd.conf"),
        "interface=ap0\nctrl_interface=" + dir + "/hostapd_ctrl\n" + "bridge=" + bridge + "\n");
    try {
      Files.setLastModifiedTime(dir, FileTime.from(modified));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * {@code iface} is a port of {@code bridge} as the process sees its /sys: the kernel's {@code
   * /sys/class/net/<iface>/master} link, pointing to {@code ../<bridge>}.
   */
  FakeProc bridgePort(long pid, String iface, String bridge) {
    Path link = proc().resolve(pid + "/root/sys/class/net/" + iface + "/master");
    mkdirs(link.getParent());
    try {
      Files.createSymbolicLink(link, Path.of("..", bridge));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** The process ends: its /proc folder goes. */
  void exit(long pid) {
    Path dir = proc().resolve(Long.toString(pid));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean exists(long pid) {
    return Files.exists(proc().resolve(Long.toString(pid)));
  }

  /** The instant a start tick count stands for. */
  static Instant at(long startTicks) {
    return Instant.ofEpochSecond(BOOT).plusMillis(startTicks * 10);
  }

  static List<String> argv(String commandLine) {
    return List.of(commandLine.split(" "));
  }

  static void write(Path file, String text) {
    mkdirs(file.getParent());
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
