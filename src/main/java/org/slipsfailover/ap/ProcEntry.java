package org.slipsfailover.ap;

import java.util.List;
import java.util.Optional;
import org.slipsfailover.host.ProcFs;

/**
 * One living process with its command line, as create_ap's search needs it: its {@code stat} (with
 * its identity, a (pid, start) pair) and its argv.
 */
record ProcEntry(ProcFs.Stat stat, List<String> argv) {

  ProcEntry {
    argv = List.copyOf(argv);
  }

  static Optional<ProcEntry> read(ProcFs proc, long pid) {
    return read(proc, pid, proc.rawCmdline(pid));
  }

  /** Reads stat, using a command line already read (so a scan reads it once). */
  static Optional<ProcEntry> read(ProcFs proc, long pid, byte[] cmdline) {
    if (cmdline.length == 0) {
      return Optional.empty(); // a kernel thread, a zombie, or gone
    }
    return proc.stat(pid).map(s -> new ProcEntry(s, ProcFs.argv(cmdline)));
  }

  long pid() {
    return stat.pid();
  }

  long ppid() {
    return stat.ppid();
  }

  /** Same process, not merely the same pid. */
  ProcFs.Pid id() {
    return stat.id();
  }

  boolean isHostapd() {
    return stat.comm().equals("hostapd")
        || (!argv.isEmpty() && CreateApCommandLine.basename(argv.get(0)).equals("hostapd"));
  }

  /**
   * A bash subshell of that process: forked, not exec'd, so it shows the same argv (create_ap's
   * {@code $(...)}, its haveged watchdog). It is part of that create_ap, not another one: a SIGTERM
   * to it would break the cleanup it works for.
   */
  boolean isSubshellOf(ProcEntry parent) {
    return ppid() == parent.pid()
        && stat.session() == parent.stat.session()
        && argv.equals(parent.argv);
  }
}
