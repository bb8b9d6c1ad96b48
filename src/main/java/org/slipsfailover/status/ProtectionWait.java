package org.slipsfailover.status;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slipsfailover.host.OneLine;
import org.slipsfailover.host.Pause;
import org.slipsfailover.probe.RunnerStatus;

/**
 * The end of an install: the verdict {@code status} gives, never an assumed one. On a terminal it
 * waits, with a spinner saying what for, until Slips protects or the limit passes; without a
 * terminal (a script, the Debian package) or when interrupted (Ctrl-C) it ends at once with what it
 * saw last and the {@link #STARTING} line. It says PROTECTED only after a look said so.
 */
public final class ProtectionWait {
  public static final String STARTING = "starting: check with `slips-failover status`";

  private static final String SPINNER = "|/-\\";

  private final Supplier<Facts> facts;
  private final Clock clock;
  private final Pause pause;
  private final Duration interval;
  private final PrintStream out;
  private final CompletableFuture<Void> interrupted = new CompletableFuture<>();

  /** Whoever ends the wait (the wait itself, or an interrupt) prints its last line, once. */
  private final AtomicBoolean ended = new AtomicBoolean();

  private volatile String lastReason = "Slips is starting";

  /**
   * @param facts what {@code status} reads, once per look
   * @param clock measures the wait (a monotonic one in production)
   * @param interval between two looks
   */
  public ProtectionWait(
      Supplier<Facts> facts, Clock clock, Pause pause, Duration interval, PrintStream out) {
    this.facts = facts;
    this.clock = clock;
    this.pause = pause;
    this.interval = interval;
    this.out = out;
  }

  /**
   * Looks until Slips protects, for at most {@code limit}, or once when there is no terminal.
   *
   * @return whether the last line printed says PROTECTED
   */
  public boolean await(Duration limit, boolean terminal) {
    Instant start = clock.instant();
    for (int look = 0; !interrupted.isDone(); look++) {
      Facts f = facts.get();
      Verdict v = Verdict.of(f);
      Duration waited = Duration.between(start, clock.instant());
      if (v.protectedNow()) {
        return end(terminal, v.headline() + " (took " + seconds(waited) + ")", true);
      }
      lastReason = v.reason();
      if (!terminal) {
        return end(false, startingLines(), false);
      }
      if (waited.compareTo(limit) >= 0) {
        return end(
            true, "NOT PROTECTED after " + seconds(waited) + ": " + OneLine.of(v.reason()), false);
      }
      out.print(
          "\r\033[K"
              + SPINNER.charAt(look % SPINNER.length())
              + " "
              + OneLine.of(waitingFor(f, v))
              + " ("
              + seconds(waited)
              + ", up to "
              + seconds(limit)
              + "; Ctrl-C stops waiting)");
      out.flush();
      pause.pause(interval, interrupted);
    }
    return false;
  }

  /**
   * Ends the wait at once (Ctrl-C; from another thread): the {@link #STARTING} line, with the last
   * reason seen, unless the wait has ended already.
   */
  public void interrupt() {
    interrupted.complete(null);
    end(true, startingLines(), false);
  }

  private String startingLines() {
    return "NOT PROTECTED yet: " + OneLine.of(lastReason) + System.lineSeparator() + STARTING;
  }

  private boolean end(boolean clearSpinner, String lines, boolean protecting) {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    out.println((clearSpinner ? "\r\033[K" : "") + lines);
    out.flush();
    return protecting;
  }

  /** What the runner says it waits for (the state status reads); else the verdict's reason. */
  static String waitingFor(Facts f, Verdict v) {
    return f.protection()
        .runner()
        .map(RunnerStatus::phase)
        .map(
            phase ->
                switch (phase) {
                  case WAITING_FOR_AP -> "waiting for the access point";
                  case STARTING ->
                      "waiting for Slips to start (its Redis and a Zeek per interface)";
                  case PROTECTING -> "waiting for the first good check: " + v.reason();
                })
        .orElse("waiting: " + v.reason());
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }
}
