package org.slipsfailover.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.config.Settings;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.DaemonThreads;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.NoFollowFolder;
import org.slipsfailover.host.Pause;
import org.slipsfailover.status.FindingsReader;
import org.slipsfailover.status.SlipsFindings;
import org.slipsfailover.supervise.GateHold;
import org.slipsfailover.supervise.ProtectionEvents;

/**
 * The runner's Prometheus metrics, in node_exporter's textfile-collector format: {@value #FILE} in
 * Debian's folder {@value #FOLDER} (see docs/METRICS.md for the metrics and alerting rules). On
 * when that folder exists (prometheus-node-exporter is installed); {@value #SWITCH}{@code =off} in
 * slips.service's environment turns them off, {@value #SWITCH}{@code =/other/folder} writes there.
 */
public final class Metrics {
  public static final String FOLDER = "/var/lib/prometheus/node-exporter";
  public static final String FILE = "slips_failover.prom";
  public static final String COUNTERS_FOLDER = "/var/lib/slips-failover";
  public static final String SWITCH = "SLIPS_FAILOVER_METRICS";
  private static final Logger log = LoggerFactory.getLogger(Metrics.class);

  private final Optional<MetricsState> state;
  private final Optional<Thread> writer;

  private Metrics(Optional<MetricsState> state, Optional<Thread> writer) {
    this.state = state;
    this.writer = writer;
  }

  /** No metrics. */
  public static Metrics off() {
    return new Metrics(Optional.empty(), Optional.empty());
  }

  /**
   * The runner's metrics, their writer's thread started; off (with one log line) when turned off or
   * when there is no folder to write to.
   *
   * @param clock monotonic, for how long ago protection changed
   */
  public static Metrics start(
      HostRoot root,
      Map<String, String> environment,
      Settings settings,
      Commands commands,
      String version,
      Clock clock) {
    String setting = environment.getOrDefault(SWITCH, "");
    if (setting.equals("off")) {
      log.info("Metrics: off ({}=off)", SWITCH);
      return off();
    }
    Path folder = setting.isEmpty() ? root.resolve(FOLDER) : Path.of(setting);
    if (!folder.isAbsolute()) {
      log.warn("Metrics: off, {}={} is neither off nor an absolute folder", SWITCH, setting);
      return off();
    }
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      log.info(
          "Metrics: off, no folder {} (install prometheus-node-exporter, then restart"
              + " slips.service, for Prometheus metrics)",
          folder);
      return off();
    }
    Path counters = root.resolve(COUNTERS_FOLDER);
    MetricsWriter writer =
        new MetricsWriter(
            text ->
                NoFollowFolder.replace(
                    folder, FILE, text.getBytes(StandardCharsets.UTF_8), "rw-r--r--"),
            c -> c.save(counters),
            () -> found(root, settings, commands),
            settings.image(),
            version,
            clock,
            Clock.systemUTC());
    MetricsState state =
        new MetricsState(clock, checkNames(settings), Counters.load(counters), writer::wake);
    Thread thread = DaemonThreads.start("metrics-writer", () -> writer.run(state, Pause.real()));
    log.info(
        "Metrics: written to {} at every change and every {} s",
        folder.resolve(FILE),
        MetricsWriter.REFRESH.toSeconds());
    return new Metrics(Optional.of(state), Optional.of(thread));
  }

  /** Ends the writer's thread (the runner never does: it writes until the JVM ends); for tests. */
  void stop() throws InterruptedException {
    if (writer.isPresent()) {
      writer.get().interrupt();
      writer.get().join();
    }
  }

  /** What the runner tells the metrics. */
  public ProtectionEvents events() {
    return state.<ProtectionEvents>map(s -> s).orElse(ProtectionEvents.none());
  }

  /** {@code gate}, telling the metrics whether it is open. */
  public GateHold watch(GateHold gate) {
    return state.<GateHold>map(s -> new GateWatch(gate, s)).orElse(gate);
  }

  /** The checks a probe makes, named as their labels, before the first probe says them. */
  static List<String> checkNames(Settings settings) {
    return List.of(
        "container",
        "redis",
        Exposition.word("zeek " + settings.pair().wifi()),
        Exposition.word("zeek " + settings.pair().eth()));
  }

  /** On the writer's thread, at most every refresh: the same readers as {@code status}. */
  private static MetricsText.Found found(HostRoot root, Settings settings, Commands commands) {
    Optional<Integer> alerts;
    try {
      SlipsFindings f = FindingsReader.alerts(root.resolve(settings.outputDir().toString()));
      alerts = Optional.of(f.alerts());
    } catch (IOException | RuntimeException e) {
      alerts = Optional.empty();
    }
    Optional<Integer> blocked =
        settings.blocking() ? FindingsReader.blocked(commands).map(List::size) : Optional.empty();
    return new MetricsText.Found(alerts, blocked);
  }
}
