package org.slipsfailover.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.RunningAp;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.ContainerState;
import org.slipsfailover.gate.GateReading;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.host.OneLine;
import org.slipsfailover.host.PathUnreadableException;
import org.slipsfailover.host.SafeRollingLog;
import org.slipsfailover.host.SlipsFolder;
import org.slipsfailover.host.UnsafePathException;
import org.slipsfailover.probe.ProbeReport;
import org.slipsfailover.probe.RunnerStatus;
import org.slipsfailover.probe.SlipsProbe;

/** Reads the facts for {@code failover status} from systemd, the engine, /proc and files. */
public final class StatusReader {
  static final String SERVICE = "slips.service";
  static final String TIMER = "iptables-watcher.timer";
  static final int LOG_LINES = 8;

  /** Eight lines are far less: a huge log is not read whole. */
  static final long LOG_BYTES = 64 * 1024;

  private final HostRoot root;
  private final Commands commands;
  private final AccessPoints accessPoints;
  private final Function<String, Optional<ContainerState>> containers;
  private final Function<InterfacePair, SlipsProbe> probes;

  /**
   * @param containers the container of that name as the engine reports it; throws when the engine
   *     cannot be asked (no root, engine down)
   * @param probes the probes of Slips for an interface pair
   */
  public StatusReader(
      HostRoot root,
      Commands commands,
      AccessPoints accessPoints,
      Function<String, Optional<ContainerState>> containers,
      Function<InterfacePair, SlipsProbe> probes) {
    this.probes = probes;
    this.root = root;
    this.commands = commands;
    this.accessPoints = accessPoints;
    this.containers = containers;
  }

  /**
   * @param installed the install's settings; empty when not installed
   */
  public Facts read(Optional<Settings> installed) {
    List<String> unreadable = new ArrayList<>();
    List<Map<String, String>> properties = unitProperties(unreadable);
    Map<String, String> serviceProperties = properties.get(0);
    Facts.Unit service = unit(SERVICE, serviceProperties);
    Facts.Unit timer = unit(TIMER, properties.get(1));
    if (installed.isEmpty()) {
      return Facts.notInstalled(service, timer, unreadable);
    }
    Settings s = installed.get();
    Optional<ContainerState> container = Optional.empty();
    try {
      container =
          Optional.of(
              containers
                  .apply(s.containerName())
                  .orElse(
                      new ContainerState(
                          s.containerName(),
                          false,
                          "(no such container)",
                          Optional.empty(),
                          Optional.empty(),
                          0,
                          false,
                          0)));
    } catch (RuntimeException e) {
      unreadable.add("the Docker engine (" + e.getMessage() + ")");
    }
    Optional<RunningAp> ap = accessPoints.find(s.pair());
    Facts.AccessPoint accessPoint =
        new Facts.AccessPoint(
            ap.isPresent(),
            ap.map(
                    a ->
                        "create_ap pid "
                            + a.pid()
                            + " on "
                            + s.pair()
                            + a.systemdUnit().map(u -> " (" + u + ")").orElse(""))
                .orElse("no create_ap running on " + s.pair()));
    Optional<RunnerStatus> runner =
        service.active()
            ? RunnerStatus.parse(serviceProperties.get("StatusText"))
            : Optional.empty();
    Optional<ProbeReport> probed =
        container
            .filter(c -> c.running() && c.pid() > 0)
            .map(c -> probes.apply(s.pair()).forContainer(c.pid()).probe());
    GateReading gate = GateReading.read(commands);
    if (gate.state() == GateReading.State.UNREADABLE) {
      unreadable.add("the gate (" + gate.detail() + ")");
    }
    // A missing folder is not unsafe: the service facts show what it does to Slips.
    Path slipsDir = root.resolve(s.slipsDir().toString());
    Optional<String> unsafe = Optional.empty();
    try {
      if (Files.exists(slipsDir, LinkOption.NOFOLLOW_LINKS)) {
        unsafe = SlipsFolder.problem(slipsDir);
      }
    } catch (PathUnreadableException e) {
      unreadable.add("the Slips folder's safety (" + e.getMessage() + ")");
    }
    return new Facts(
        true,
        service,
        timer,
        container,
        Optional.of(accessPoint),
        rulesSavedAt(),
        unsafe.isPresent() ? List.of() : logTail(s.slipsDir(), unreadable),
        unreadable,
        new Facts.Protection(runner, probed),
        unsafe,
        Optional.of(gate),
        unsafe.isPresent() ? SlipsFindings.NONE : findings(s, unreadable),
        ImagePinFile.at(root).read());
  }

  /** Slips' alerts of its current run and the addresses it blocks; see {@link AlertsFile}. */
  private SlipsFindings findings(Settings s, List<String> unreadable) {
    SlipsFindings found = SlipsFindings.NONE;
    try {
      found = AlertsFile.read(root.resolve(s.outputDir().toString()));
    } catch (IOException | RuntimeException e) {
      unreadable.add("Slips' alerts (" + OneLine.of(e.getMessage()) + ")");
    }
    return found.withBlocked(s.blocking() ? BlockChain.read(commands) : Optional.empty());
  }

  /**
   * The properties of {@link #SERVICE} and {@link #TIMER}, in that order, from one {@code systemctl
   * show} (one process start, not two).
   */
  private List<Map<String, String>> unitProperties(List<String> unreadable) {
    CommandResult r =
        commands.run(
            "systemctl",
            "show",
            SERVICE,
            TIMER,
            "--timestamp=unix",
            "-p",
            "ActiveState,SubState,Result,ActiveEnterTimestamp,NRestarts,LastTriggerUSec,StatusText,ExecMainStatus");
    if (!r.ok()) {
      unreadable.add(SERVICE + " (" + r.failure() + ")");
      unreadable.add(TIMER + " (" + r.failure() + ")");
    }
    return propertyBlocks(r.stdout(), 2);
  }

  /**
   * {@code systemctl show A B} prints one block of {@code Name=value} lines per unit, in the order
   * asked, separated by a blank line. A block missing from the output is empty (its unit's state
   * then reads "unknown").
   */
  static List<Map<String, String>> propertyBlocks(String stdout, int units) {
    List<Map<String, String>> blocks = new ArrayList<>();
    blocks.add(new HashMap<>());
    stdout
        .lines()
        .forEach(
            l -> {
              int eq = l.indexOf('=');
              if (l.isBlank() && !blocks.get(blocks.size() - 1).isEmpty()) {
                blocks.add(new HashMap<>());
              } else if (eq > 0) {
                blocks.get(blocks.size() - 1).put(l.substring(0, eq), l.substring(eq + 1));
              }
            });
    while (blocks.size() < units) {
      blocks.add(new HashMap<>());
    }
    return blocks;
  }

  private static Facts.Unit unit(String name, Map<String, String> p) {
    return new Facts.Unit(
        name,
        p.getOrDefault("ActiveState", "unknown"),
        p.getOrDefault("SubState", "unknown"),
        p.getOrDefault("Result", "unknown"),
        unixTime(p.get("ActiveEnterTimestamp")),
        parseInt(p.get("NRestarts")),
        unixTime(p.get("LastTriggerUSec")),
        parseInt(p.get("ExecMainStatus")));
  }

  private Optional<Instant> rulesSavedAt() {
    return Stream.of("/etc/iptables/rules.v4", "/etc/iptables/rules.v6")
        .map(root::resolve)
        .filter(Files::exists)
        .map(StatusReader::modified)
        .flatMap(Optional::stream)
        .max(Instant::compareTo);
  }

  /**
   * The log's last lines, read through the checked Slips folder (no link, a regular file, its last
   * {@link #LOG_BYTES} at most): status runs as root, and the folder's owner may swap the log.
   */
  private List<String> logTail(Path slipsDir, List<String> unreadable) {
    if (!Files.exists(root.resolve(slipsDir.toString()), LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try {
      return SafeRollingLog.tail(root.resolve(slipsDir.toString()), LOG_LINES, LOG_BYTES);
    } catch (UnsafePathException | PathUnreadableException e) {
      unreadable.add("the log (" + e.getMessage() + ")");
      return List.of();
    }
  }

  private static Optional<Instant> modified(Path p) {
    try {
      FileTime t = Files.getLastModifiedTime(p);
      return Optional.of(t.toInstant());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** systemctl's {@code --timestamp=unix} prints "@1732431601"; empty or "n/a" when never. */
  static Optional<Instant> unixTime(String value) {
    if (value == null || !value.startsWith("@")) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(value.substring(1));
      return seconds == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(seconds));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int parseInt(String value) {
    try {
      return value == null ? 0 : Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
