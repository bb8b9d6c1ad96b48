package org.slipsfailover.ap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slipsfailover.ap.CreateApCommandLine.ApInterfaces;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.host.ProcFs;
import org.slipsfailover.host.RootOnlyFiles;

/**
 * Finds, in one pass over the process table, the create_ap processes of one interface pair and the
 * hostapd processes serving for them. Reads files only. Trusts only root: its processes (create_ap
 * and hostapd run as root) and its state folders; any local user can start a process that looks
 * like create_ap, or plant a folder in {@code /tmp}.
 */
final class ApFinder {
  private static final byte[] CREATE_AP =
      CreateApCommandLine.SCRIPT_NAME.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HOSTAPD = "hostapd".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern UNIT = Pattern.compile("create_ap(@[^/]+)?\\.service");

  /** /proc start times rest on a boot time with one-second resolution. */
  private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

  /** hostapd is create_ap's child (stdbuf execs it); a few levels spare for wrappers. */
  private static final int MAX_ANCESTRY = 8;

  private final ProcFs proc;
  private final Path tmp;

  ApFinder(ProcFs proc, Path tmp) {
    this.proc = proc;
    this.tmp = tmp;
  }

  /**
   * What serves this pair now.
   *
   * @param aps its create_ap processes, the likeliest first (confirmed by a state folder, then the
   *     newest: a {@code --daemon} launcher is older than the daemon it starts)
   * @param hostapds hostapd processes of those create_aps, or of a state folder of this pair whose
   *     create_ap is gone (an orphan still serving clients), NAT or bridge mode
   * @param apIfaces interfaces those hostapds serve on, from the state folders ({@code ap0}...)
   */
  record Scan(List<RunningAp> aps, List<ProcEntry> hostapds, List<String> apIfaces) {
    boolean isUp() {
      return !aps.isEmpty() || !hostapds.isEmpty();
    }
  }

  Scan scan(InterfacePair pair) {
    List<StateFolder> folders = StateFolder.list(tmp);
    Map<Long, ProcEntry> apCandidates = new HashMap<>();
    List<ProcEntry> hostapdCandidates = new ArrayList<>();
    for (long pid : proc.pids()) {
      byte[] cmdline = proc.rawCmdline(pid);
      boolean mayBeAp = contains(cmdline, CREATE_AP);
      if (!mayBeAp && !contains(cmdline, HOSTAPD)) {
        continue; // the common case: one file read per process
      }
      if (!proc.runsAsRoot(pid)) {
        continue; // create_ap and its hostapd run as root; anyone may start a look-alike
      }
      Optional<ProcEntry> entry = ProcEntry.read(proc, pid, cmdline);
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.get().isHostapd()) {
        hostapdCandidates.add(entry.get());
      } else if (mayBeAp) {
        apCandidates.put(pid, entry.get());
      }
    }
    List<RunningAp> aps = new ArrayList<>();
    for (ProcEntry e : apCandidates.values()) {
      ProcEntry parent = apCandidates.get(e.ppid());
      if (parent == null || !e.isSubshellOf(parent)) {
        match(e, pair, folders).ifPresent(aps::add);
      }
    }
    aps.sort(
        Comparator.comparing((RunningAp ap) -> ap.stateDir().isEmpty())
            .thenComparing(RunningAp::startedAt, Comparator.reverseOrder()));
    List<StateFolder> pairFolders = foldersOf(pair, aps, folders);
    List<StateFolder> bridgeLeftovers = bridgeLeftovers(pair, apCandidates.values(), folders);
    List<ProcEntry> hostapds = new ArrayList<>();
    List<String> apIfaces = new ArrayList<>();
    pairFolders.forEach(f -> f.apIface().ifPresent(apIfaces::add));
    for (ProcEntry h : hostapdCandidates) {
      if (descendsFromAny(h, aps) || isNamedByAny(h, pairFolders)) {
        hostapds.add(h);
        continue;
      }
      for (StateFolder f : bridgeLeftovers) {
        if (isNamedByAny(h, List.of(f)) && bridgesTo(h, f.bridge().orElseThrow(), pair)) {
          hostapds.add(h);
          f.apIface().ifPresent(apIfaces::add);
          break;
        }
      }
    }
    return new Scan(List.copyOf(aps), List.copyOf(hostapds), apIfaces.stream().distinct().toList());
  }

  /** This very process (same pid and start) still runs as a create_ap of this pair. */
  boolean stillServes(RunningAp ap, InterfacePair pair) {
    return ProcEntry.read(proc, ap.pid())
        .flatMap(e -> match(e, pair, StateFolder.list(tmp)))
        .filter(now -> now.startedAt().equals(ap.startedAt()))
        .isPresent();
  }

  /** The process is a create_ap serving exactly this pair. */
  private Optional<RunningAp> match(ProcEntry e, InterfacePair pair, List<StateFolder> folders) {
    Optional<List<String>> args =
        CreateApCommandLine.scriptArguments(e.argv(), proc.executableName(e.pid()));
    if (args.isEmpty()) {
      return Optional.empty();
    }
    Optional<ApInterfaces> declared =
        CreateApCommandLine.interfaces(args.get(), path -> configLines(e.pid(), path));
    if (declared.isEmpty()) {
      return Optional.empty(); // --stop, --list-running, a usage error...: serves nothing
    }
    Instant started = proc.startInstant(e.id());
    Optional<StateFolder> folder = folderOf(e, started, folders);
    // The folder tells what create_ap actually took (a config file may have changed since).
    String wifi = folder.map(StateFolder::wifi).orElse(declared.get().wifi());
    Optional<String> internet =
        folder.flatMap(StateFolder::natInternet).or(() -> declared.get().internet());
    if (!wifi.equals(pair.wifi()) || !internet.equals(Optional.of(pair.eth()))) {
      return Optional.empty();
    }
    return Optional.of(
        new RunningAp(e.pid(), started, e.argv(), folder.map(StateFolder::path), unitOf(e.pid())));
  }

  private static Optional<StateFolder> folderOf(
      ProcEntry e, Instant started, List<StateFolder> folders) {
    return folders.stream()
        .filter(f -> f.pid().isPresent() && f.pid().getAsLong() == e.pid())
        .filter(f -> !f.modified().isBefore(started.minus(CLOCK_SLACK)))
        .max(Comparator.comparing(StateFolder::modified));
  }

  /**
   * The folders of this pair: those of the create_aps found, and leftovers of this pair (NAT to
   * this eth) whose create_ap is gone, whose hostapd may still serve. Bridge mode leftovers, which
   * name no eth, are {@link #bridgeLeftovers}.
   */
  private static List<StateFolder> foldersOf(
      InterfacePair pair, List<RunningAp> aps, List<StateFolder> folders) {
    return folders.stream()
        .filter(
            f ->
                aps.stream().anyMatch(ap -> ap.stateDir().equals(Optional.of(f.path())))
                    || (f.wifi().equals(pair.wifi())
                        && f.natInternet().equals(Optional.of(pair.eth()))))
        .toList();
  }

  /**
   * Bridge mode folders of this pair's wifi whose create_ap is gone (no create_ap process owns
   * them: a live one is judged by its command line, in {@link #match}). Whether one is this pair's
   * depends on its hostapd's view of the bridge: see {@link #bridgesTo}.
   */
  private List<StateFolder> bridgeLeftovers(
      InterfacePair pair, Collection<ProcEntry> createAps, List<StateFolder> folders) {
    List<StateFolder> bridged =
        folders.stream().filter(f -> f.isBridgeModeOf(pair.wifi())).toList();
    if (bridged.isEmpty()) {
      return bridged; // the common case (NAT mode): nothing more to read
    }
    Set<Path> owned = new HashSet<>();
    for (ProcEntry e : createAps) {
      folderOf(e, proc.startInstant(e.id()), bridged).ifPresent(f -> owned.add(f.path()));
    }
    return bridged.stream().filter(f -> !owned.contains(f.path())).toList();
  }

  /**
   * The bridge a bridge mode create_ap recorded leads to this pair's eth: it is eth itself ({@code
   * create_ap -m bridge wlan0 br0}), or the bridge create_ap made with eth as its port ({@code
   * create_ap -m bridge wlan0 eth0}, whose folder records only {@code bridge=br0}): the kernel's
   * {@code /sys/class/net/<eth>/master} link names it. Read as the hostapd sees {@code /sys} (its
   * network namespace's links), a file like the rest of the scan.
   */
  private boolean bridgesTo(ProcEntry hostapd, String bridge, InterfacePair pair) {
    if (bridge.equals(pair.eth())) {
      return true;
    }
    Path master = proc.asSeenBy(hostapd.pid(), "/sys/class/net/" + pair.eth() + "/master");
    try {
      Path target = Files.readSymbolicLink(master).getFileName();
      return target != null && target.toString().equals(bridge);
    } catch (IOException | UnsupportedOperationException e) {
      return false; // eth in no bridge (or gone): this leftover bridges elsewhere
    }
  }

  private static boolean isNamedByAny(ProcEntry hostapd, List<StateFolder> folders) {
    return folders.stream().anyMatch(f -> f.isNamedBy(hostapd.argv()));
  }

  private boolean descendsFromAny(ProcEntry process, List<RunningAp> aps) {
    long parent = process.ppid();
    for (int depth = 0; depth < MAX_ANCESTRY && parent > 1; depth++) {
      long p = parent;
      if (aps.stream().anyMatch(ap -> ap.pid() == p)) {
        return true;
      }
      Optional<ProcEntry> up = ProcEntry.read(proc, p);
      if (up.isEmpty()) {
        return false;
      }
      parent = up.get().ppid();
    }
    return false;
  }

  /** {@code create_ap.service} (or a {@code create_ap@...} instance) when its cgroup holds it. */
  private Optional<String> unitOf(long pid) {
    for (String line : proc.cgroupLines(pid)) {
      int colon = line.indexOf(':', line.indexOf(':') + 1);
      for (String segment : line.substring(colon + 1).split("/")) {
        if (UNIT.matcher(segment).matches()) {
          return Optional.of(segment);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A root create_ap's {@code --config} file as it sees it, read only when root's alone (see {@link
   * RootOnlyFiles}): a file someone else could swap might be a FIFO that hangs the cut. A relative
   * path is refused: the process's working folder cannot be checked by name.
   */
  private Optional<List<String>> configLines(long pid, String path) {
    if (!path.startsWith("/")) {
      return Optional.empty();
    }
    return RootOnlyFiles.read(proc.asSeenBy(pid, "/"), path)
        .map(bytes -> CreateApConfig.lines(new String(bytes, StandardCharsets.UTF_8)));
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
