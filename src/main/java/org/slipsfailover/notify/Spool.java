package org.slipsfailover.notify;

import java.util.ArrayList;
import java.util.List;

/**
 * What notifications remember between attempts, runner restarts and reboots: the changes not yet
 * sent (at most {@link #MAX_PENDING}; older ones are folded into {@code dropped}), the last state
 * told, when the outage began, the recent sends (for the rate limit) and the retries. A value:
 * every method returns a new spool. Times are epoch milliseconds (0: none), for a plain JSON file.
 *
 * @param state "protecting", "not_protecting", or "" before the first change
 */
public record Spool(
    List<ProtectionChange> pending,
    int dropped,
    String state,
    long downSinceMillis,
    List<Long> recentSends,
    long lastSentMillis,
    String lastSentTitle,
    int failures,
    long nextTryMillis,
    String lastFailure) {
  /** Keeps the file small (well under RootOnlyFiles' limit) whatever happens. */
  static final int MAX_PENDING = 20;

  static final String PROTECTING = "protecting";
  static final String NOT_PROTECTING = "not_protecting";

  public Spool {
    pending = List.copyOf(pending == null ? List.of() : pending);
    recentSends = List.copyOf(recentSends == null ? List.of() : recentSends);
    state = state == null ? "" : state;
    lastSentTitle = lastSentTitle == null ? "" : lastSentTitle;
    lastFailure = lastFailure == null ? "" : lastFailure;
  }

  public static Spool empty() {
    return new Spool(List.of(), 0, "", 0, List.of(), 0, "", 0, 0, "");
  }

  /**
   * With {@code change} recorded when it changes the state told (a second "not protecting" in a row
   * is no news, unless {@code always}: systemd giving up is).
   */
  Spool record(ProtectionChange change, boolean always) {
    if (change.protecting()) {
      if (state.equals(PROTECTING)) {
        return this;
      }
      ProtectionChange c =
          downSinceMillis > 0 ? change.withDown(change.atMillis() - downSinceMillis) : change;
      return add(c, PROTECTING, 0);
    }
    if (state.equals(NOT_PROTECTING) && !always) {
      return this;
    }
    return add(change, NOT_PROTECTING, downSinceMillis > 0 ? downSinceMillis : change.atMillis());
  }

  private Spool add(ProtectionChange c, String newState, long downSince) {
    List<ProtectionChange> p = new ArrayList<>(pending);
    p.add(c);
    int d = dropped;
    while (p.size() > MAX_PENDING) {
      p.remove(0);
      d++;
    }
    return new Spool(
        p,
        d,
        newState,
        downSince,
        recentSends,
        lastSentMillis,
        lastSentTitle,
        failures,
        nextTryMillis,
        lastFailure);
  }

  /** When the pending changes may go out; 0 when nothing is pending. */
  long dueMillis(Pacing pacing) {
    if (pending.isEmpty()) {
      return 0;
    }
    long due = pending.get(0).atMillis() + pacing.gather().toMillis();
    if (recentSends.size() >= pacing.burst()) {
      due =
          Math.max(
              due,
              recentSends.get(recentSends.size() - pacing.burst()) + pacing.period().toMillis());
    }
    return Math.max(due, nextTryMillis);
  }

  /**
   * After a message with the pending changes up to {@code upToMillis} (and the {@code dropped}
   * count it named) went out at {@code now}; changes spooled meanwhile stay pending.
   */
  Spool sent(long upToMillis, int droppedTold, long now, String title, Pacing pacing) {
    List<Long> sends = new ArrayList<>(recentSends);
    sends.add(now);
    while (sends.size() > pacing.burst()) {
      sends.remove(0);
    }
    return new Spool(
        pending.stream().filter(c -> c.atMillis() > upToMillis).toList(),
        Math.max(0, dropped - droppedTold),
        state,
        downSinceMillis,
        sends,
        now,
        title,
        0,
        0,
        "");
  }

  /** After a failed attempt at {@code now}: tried again later, backing off. */
  Spool failed(long now, String why, Pacing pacing) {
    int f = failures + 1;
    return new Spool(
        pending,
        dropped,
        state,
        downSinceMillis,
        recentSends,
        lastSentMillis,
        lastSentTitle,
        f,
        now + pacing.retryAfter(f).toMillis(),
        why);
  }
}
