package org.slipsfailover.notify;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of whoever sends (the runner's sender thread, {@code notify --flush}): records new
 * changes in the spool, and when the pending ones are due ({@link Pacing}) and no other sender is
 * at it, sends them as one {@link Message} and writes down what happened.
 */
public final class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** A change and whether it is news even when the state told does not change. */
  public record Recorded(ProtectionChange change, boolean always) {}

  private final SpoolFile spool;
  private final Sender sender;
  private final BooleanSupplier configured;
  private final Clock clock;
  private final Pacing pacing;
  private final Supplier<String> host;

  /**
   * @param configured whether any URL is configured (asked at each pass: an install may add one)
   */
  public Outbox(
      SpoolFile spool,
      Sender sender,
      BooleanSupplier configured,
      Clock clock,
      Pacing pacing,
      Supplier<String> host) {
    this.spool = spool;
    this.sender = sender;
    this.configured = configured;
    this.clock = clock;
    this.pacing = pacing;
    this.host = host;
  }

  /**
   * Records {@code changes}, then sends if due. Returns when to pass again (epoch milliseconds), or
   * 0 when nothing is pending.
   */
  public long pass(List<Recorded> changes) {
    if (!configured.getAsBoolean()) {
      return 0; // notifications are off: no spool is written, nothing kept for later
    }
    Spool s =
        spool.update(
            before -> {
              Spool after = before;
              for (Recorded r : changes) {
                after = after.record(r.change(), r.always());
              }
              return after;
            });
    long due = s.dueMillis(pacing);
    if (due == 0 || clock.millis() < due) {
      return due;
    }
    Optional<AutoCloseable> lock = spool.trySendLock();
    if (lock.isEmpty()) {
      return clock.millis() + pacing.firstRetry().toMillis(); // another sender is at it
    }
    try (AutoCloseable held = lock.get()) {
      return sendDue();
    } catch (Exception e) {
      throw new IllegalStateException("notification lock: " + e.getMessage(), e);
    }
  }

  private long sendDue() {
    Spool s = spool.read(); // afresh: another sender may have sent it meanwhile
    if (s.pending().isEmpty() || clock.millis() < s.dueMillis(pacing)) {
      return s.dueMillis(pacing);
    }
    Message m = Message.of(host.get(), s);
    Sender.Attempt a = sender.send(m.title(), m.body(), m.protecting());
    long now = clock.millis();
    Spool after =
        spool.update(
            now1 ->
                a.ok()
                    ? now1.sent(m.upToMillis(), m.dropped(), now, m.title(), pacing)
                    : now1.failed(now, a.failure(), pacing));
    if (a.ok()) {
      log.info("Notification sent: {}", m.title());
    } else {
      log.warn(
          "Notification not sent ({}); trying again in {} s",
          a.failure(),
          pacing.retryAfter(after.failures()).toSeconds());
    }
    return after.dueMillis(pacing);
  }
}
