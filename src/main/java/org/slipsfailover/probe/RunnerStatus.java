package org.slipsfailover.probe;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What the runner is doing, and since when: it says so in systemd's {@code STATUS=} (shown by
 * {@code systemctl status slips}), and {@code failover status} reads it back from {@code systemctl
 * show -p StatusText}. The text is for people first: "Protecting since 2026-01-02T03:04:05Z".
 */
public record RunnerStatus(Phase phase, Instant since) {

  public enum Phase {
    /** No create_ap of the pair runs; Slips would exit at once, so it is not started. */
    WAITING_FOR_AP("Waiting for the access point"),
    /** Slips' container runs but has not passed a probe yet. */
    STARTING("Starting Slips"),
    /** The last probe passed. */
    PROTECTING("Protecting");

    private final String words;

    Phase(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  private static final String SINCE = " since ";

  public String text() {
    return phase.words + SINCE + since;
  }

  /** Reads {@link #text()} back; empty for anything else (an older runner, no runner). */
  public static Optional<RunnerStatus> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (Phase phase : Phase.values()) {
      if (text.startsWith(phase.words + SINCE)) {
        try {
          return Optional.of(
              new RunnerStatus(
                  phase, Instant.parse(text.substring((phase.words + SINCE).length()).strip())));
        } catch (DateTimeParseException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
