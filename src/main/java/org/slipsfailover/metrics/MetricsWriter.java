package org.slipsfailover.metrics;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.host.Pause;

/**
 * The metrics writer's thread, the only one that reads files or writes them for the metrics: writes
 * the file at once when the state changed, else every {@link #REFRESH} (so node_exporter's {@code
 * node_textfile_mtime_seconds} says it is alive); reads what Slips found only on those refreshes;
 * saves the counters when they changed. A failure is logged once per kind of failure and tried
 * again at the next refresh; the runner never hears of it.
 */
final class MetricsWriter {
  static final Duration REFRESH = Duration.ofSeconds(15);
  private static final Logger log = LoggerFactory.getLogger(MetricsWriter.class);

  /** Where the text goes: node_exporter's folder. */
  interface Target {
    void write(String text) throws IOException;
  }

  /** Where the counters go: a root-only file. */
  interface CounterStore {
    void save(Counters counters) throws IOException;
  }

  private final Target target;
  private final CounterStore store;
  private final Supplier<MetricsText.Found> findings;
  private final String image;
  private final String version;
  private final Clock clock;
  private final Clock wallClock;
  private volatile CompletableFuture<Void> wakeUp = new CompletableFuture<>();
  private long written = -1;
  private String savedCounters;
  private Instant lastRefresh;
  private MetricsText.Found found = MetricsText.Found.NOTHING;
  private String lastFailure = "";

  MetricsWriter(
      Target target,
      CounterStore store,
      Supplier<MetricsText.Found> findings,
      String image,
      String version,
      Clock clock,
      Clock wallClock) {
    this.target = target;
    this.store = store;
    this.findings = findings;
    this.image = image;
    this.version = version;
    this.clock = clock;
    this.wallClock = wallClock;
  }

  /** For the state: something changed. Never blocks. */
  void wake() {
    wakeUp.complete(null);
  }

  /** The thread's body: forever a step, then a pause until the next refresh or a change. */
  void run(MetricsState state, Pause pause) {
    while (!Thread.currentThread().isInterrupted()) {
      Duration next = step(state);
      pause.pause(next, wakeUp);
    }
  }

  /**
   * Writes when due: the state changed since the last write, or {@link #REFRESH} has passed.
   * Returns how long until the next refresh is due.
   */
  Duration step(MetricsState state) {
    wakeUp = new CompletableFuture<>(); // before the copy: a change after it wakes the next pause
    MetricsState.Snapshot s = state.snapshot();
    Instant now = clock.instant();
    boolean refresh = lastRefresh == null || !now.isBefore(lastRefresh.plus(REFRESH));
    if (!refresh && s.version() == written) {
      return Duration.between(now, lastRefresh.plus(REFRESH));
    }
    if (refresh) {
      found = findings.get(); // only on refreshes, however often the state changes
      lastRefresh = now;
    }
    String counters = s.counters().text();
    try {
      if (!counters.equals(savedCounters)) {
        store.save(s.counters());
        savedCounters = counters;
      }
      target.write(MetricsText.render(s, found, image, version, wallClock.instant()));
      lastFailure = "";
    } catch (IOException | RuntimeException e) {
      String failure = e.toString();
      if (!failure.equals(lastFailure)) {
        lastFailure = failure;
        log.warn(
            "Metrics: could not write (tried again every {} s): {}", REFRESH.toSeconds(), failure);
      }
    }
    written = s.version();
    return Duration.between(now, lastRefresh.plus(REFRESH));
  }
}
