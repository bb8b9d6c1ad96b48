package org.slipsfailover.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slipsfailover.host.HostRoot;

/**
 * What {@code status} says of notifications: where they go (scheme and host only), the last one
 * sent, and what is pending. Reads root's files: without root it says so.
 *
 * @param receivers empty: none configured; null: not readable as this user
 */
public record NotifyStatus(
    List<String> receivers,
    Optional<Instant> lastSentAt,
    String lastSentTitle,
    int pending,
    String lastFailure,
    Optional<Instant> nextTry) {

  public static NotifyStatus read(HostRoot root) {
    List<String> receivers = null;
    if (!java.nio.file.Files.exists(root.resolve(NotifyFiles.URLS))) {
      receivers = List.of();
    } else {
      receivers =
          NotifyUrls.read(root).map(l -> l.stream().map(NotifyUrls::redact).toList()).orElse(null);
    }
    Spool s = new SpoolFile(root).read();
    return new NotifyStatus(
        receivers,
        time(s.lastSentMillis()),
        s.lastSentTitle(),
        s.pending().size() + s.dropped(),
        s.lastFailure(),
        time(s.nextTryMillis()));
  }

  private static Optional<Instant> time(long millis) {
    return millis == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  /** The lines of {@code status}'s text. */
  public List<String> lines() {
    String where =
        receivers == null
            ? "configured (run as root to see where and what was sent)"
            : receivers.isEmpty()
                ? "off (install --notify URL turns them on)"
                : "to " + String.join(", ", receivers);
    if (receivers == null || receivers.isEmpty()) {
      return List.of(where);
    }
    String last =
        lastSentAt.map(t -> "last sent " + t + ": " + lastSentTitle).orElse("none sent yet");
    String waiting =
        pending == 0
            ? ""
            : "; "
                + pending
                + " change(s) pending"
                + (lastFailure.isEmpty() ? "" : " (" + lastFailure + ")");
    return List.of(where, last + waiting);
  }

  /** The object of {@code status --json}. */
  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("receivers", receivers);
    m.put("lastSentAt", lastSentAt.map(Instant::toString).orElse(null));
    m.put("lastSent", lastSentTitle.isEmpty() ? null : lastSentTitle);
    m.put("pending", pending);
    m.put("lastFailure", lastFailure.isEmpty() ? null : lastFailure);
    m.put("nextTry", nextTry.map(Instant::toString).orElse(null));
    return m;
  }
}
