package org.slipsfailover.probe;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slipsfailover.host.ProcFs;

/**
 * Finds the Zeek that Slips runs for an interface: a process of the Slips container (the same pid
 * namespace as the container's first process) whose argv reads {@code zeek ... -i <iface> ...}. The
 * pid namespace is what holds both for a container of this machine's engine and for one of an
 * engine that itself runs in a container: the engine names the first process in the pid view of the
 * runner's /proc either way.
 *
 * <p>Scanning /proc costs a few milliseconds; once found, a Zeek is only checked by its stat file,
 * so a protecting Slips costs one small read per interface per probe.
 */
final class ZeekFinder {
  private final ProcFs proc;
  private final Map<String, ProcFs.Pid> known = new HashMap<>();

  ZeekFinder(ProcFs proc) {
    this.proc = proc;
  }

  /** The Zeek of {@code iface} in the container of {@code containerInit}, if one lives. */
  Optional<ProcFs.Pid> find(String iface, ProcFs.Pid containerInit) {
    ProcFs.Pid cached = known.get(iface);
    if (cached != null && proc.alive(cached)) {
      return Optional.of(cached);
    }
    known.remove(iface);
    Optional<String> namespace = proc.pidNamespace(containerInit.pid());
    if (namespace.isEmpty()) {
      return Optional.empty();
    }
    for (long pid : proc.pids()) {
      if (watches(proc.argv(pid), iface) && proc.pidNamespace(pid).equals(namespace)) {
        Optional<ProcFs.Pid> zeek = proc.living(pid);
        zeek.ifPresent(z -> known.put(iface, z));
        if (zeek.isPresent()) {
          return zeek;
        }
      }
    }
    return Optional.empty();
  }

  /** The Zeeks found alive at the last look. */
  Collection<ProcFs.Pid> known() {
    return List.copyOf(known.values());
  }

  /** {@code zeek} (any path) with {@code -i <iface>} among its arguments. */
  static boolean watches(List<String> argv, String iface) {
    // A string's basename, not Path's: argv[0] may be "/", empty, or hold anything at all.
    String first = argv.isEmpty() ? "" : argv.get(0);
    if (!first.substring(first.lastIndexOf('/') + 1).equals("zeek")) {
      return false;
    }
    for (int i = 1; i + 1 < argv.size(); i++) {
      if (argv.get(i).equals("-i") && argv.get(i + 1).equals(iface)) {
        return true;
      }
    }
    return false;
  }
}
