package org.slipsfailover.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One message for the pending changes: a title that says the state now, with the Pi's name, short
 * enough for a phone's lock screen; a body with one line per change, and how many it folds.
 *
 * @param upToMillis the time of the last change it tells
 * @param dropped how many older changes it names only by their count
 */
public record Message(String title, String body, boolean protecting, long upToMillis, int dropped) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  /** The causes in words (the runner's labels, and cut-ap's own). */
  private static final Map<String, String> CAUSES =
      Map.of(
          "container_ended", "Slips' container ended",
          "probes_failed", "Slips' checks failed (Redis or Zeek)",
          "never_protected", "Slips did not protect within its start limit",
          "engine_failed", "the Docker engine failed",
          "unsafe_path", "an unsafe path in the Slips folder",
          "runner_error", "an error in the runner",
          "stop_requested", "slips.service was stopped",
          "runner_ended", "the runner ended",
          "gave_up", "systemd gave up restarting Slips");

  static Message of(String host, Spool spool) {
    List<ProtectionChange> changes = spool.pending();
    ProtectionChange last = changes.get(changes.size() - 1);
    int folded = changes.size() + spool.dropped();
    String suffix = folded > 1 ? " (" + folded + " changes)" : "";
    String title =
        last.protecting()
            ? host + ": protecting again" + outage(last) + suffix
            : host
                + ": NOT PROTECTED, "
                + cause(last.cause())
                + (last.apCut() ? "; Wi-Fi cut" : "; clients cut off")
                + suffix;
    List<String> lines = new ArrayList<>();
    if (folded > 1) {
      lines.add(folded + " changes of protection folded into this message:");
    }
    if (spool.dropped() > 0) {
      lines.add("(" + spool.dropped() + " earlier changes not listed)");
    }
    for (ProtectionChange c : changes) {
      lines.add(line(c));
    }
    return new Message(
        title, String.join("\n", lines), last.protecting(), last.atMillis(), spool.dropped());
  }

  private static String line(ProtectionChange c) {
    String at = TIME.format(Instant.ofEpochMilli(c.atMillis()));
    if (c.protecting()) {
      return at + " protecting again" + outage(c);
    }
    return at
        + " not protected: "
        + cause(c.cause())
        + (c.apCut() ? ", access point cut" : ", gate closed (access point kept up)")
        + (c.why().isEmpty() ? "" : ". " + c.why());
  }

  static String cause(String label) {
    return CAUSES.getOrDefault(label, label);
  }

  private static String outage(ProtectionChange c) {
    return c.downMillis() < 0 ? "" : " after " + duration(Duration.ofMillis(c.downMillis()));
  }

  /** "2 h 3 min", "4 min 5 s", "7 s". */
  static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 3600) {
      return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
    if (s >= 60) {
      return s / 60 + " min " + s % 60 + " s";
    }
    return s + " s";
  }
}
