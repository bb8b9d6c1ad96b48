package org.slipsfailover.ap;

import java.util.List;
import java.util.Optional;

/**
 * One process as {@code /proc/<pid>/stat} and {@code cmdline} describe it.
 *
 * @param startTicks clock ticks after boot when it started: with the pid, its identity (a pid is
 *     reused, a (pid, start) pair is not)
 * @param session its session id: {@code setsid} (create_ap --daemon) starts a new one, a forked
 *     subshell keeps its parent's
 * @param comm the kernel's process name (at most 15 characters)
 */
record ProcEntry(
    long pid, long ppid, long session, long startTicks, String comm, List<String> argv) {

  ProcEntry {
    argv = List.copyOf(argv);
  }

  /** Parses {@code /proc/<pid>/stat}; the name sits in parentheses and may hold any character. */
  static Optional<ProcEntry> fromStat(long pid, String stat, List<String> argv) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return Optional.empty();
    }
    String[] fields = stat.substring(close + 1).trim().split(" ");
    // After the name: state (field 3), ppid (4), pgrp (5), session (6), ... starttime (22).
    if (fields.length < 20 || fields[0].equals("Z") || fields[0].equals("X")) {
      return Optional.empty(); // a zombie serves nothing: it is gone but for its exit status
    }
    try {
      return Optional.of(
          new ProcEntry(
              pid,
              Long.parseLong(fields[1]),
              Long.parseLong(fields[3]),
              Long.parseLong(fields[19]),
              stat.substring(open + 1, close),
              argv));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  boolean isHostapd() {
    return comm.equals("hostapd")
        || (!argv.isEmpty() && CreateApCommandLine.basename(argv.get(0)).equals("hostapd"));
  }

  /**
   * A bash subshell of that process: forked, not exec'd, so it shows the same argv (create_ap's
   * {@code $(...)}, its haveged watchdog). It is part of that create_ap, not another one: a SIGTERM
   * to it would break the cleanup it works for.
   */
  boolean isSubshellOf(ProcEntry parent) {
    return ppid == parent.pid && session == parent.session && argv.equals(parent.argv);
  }

  /** Same process, not merely the same pid. */
  boolean sameProcessAs(ProcEntry other) {
    return pid == other.pid && startTicks == other.startTicks;
  }
}
