package org.slipsfailover.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.host.DaemonThreads;
import org.slipsfailover.host.OneLine;
import org.slipsfailover.supervise.ProtectionEvents;

/**
 * The runner's listener: on the runner's thread it only puts the change in a queue in memory and
 * wakes its sender, a daemon thread of its own that writes the spool and runs apprise. Nothing here
 * touches a file, a lock or the network on the runner's thread, except at the runner's end, which
 * waits (briefly, bounded) for the queue to reach the spool so that {@code cut-ap}'s flush finds
 * it.
 */
public final class NotifyEvents implements ProtectionEvents {
  private static final Logger log = LoggerFactory.getLogger(NotifyEvents.class);

  /** How long the runner's end waits for the queue to reach the spool (milliseconds of work). */
  static final Duration PERSIST_AT_END = Duration.ofSeconds(2);

  private final Outbox outbox;
  private final Clock clock;
  private final List<Outbox.Recorded> queue = new ArrayList<>();
  private long queued; // changes ever queued
  private long persisted; // of them, written to the spool
  private long wakeAtMillis; // the sender's next pass; 0: only when woken
  private boolean woken; // a change was queued since the sender last looked

  public NotifyEvents(Outbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  /** Starts the sender thread (which first sends whatever a previous runner left pending). */
  public NotifyEvents start() {
    DaemonThreads.start("notify-sender", this::sendForever);
    return this;
  }

  @Override
  public void protecting() {
    enqueue(ProtectionChange.up(clock.millis()));
  }

  @Override
  public void notProtecting(Cause cause, String why, boolean apCut) {
    enqueue(ProtectionChange.down(clock.millis(), cause.label(), OneLine.of(why), apCut));
  }

  @Override
  public void runnerEnded(ExitCode code) {
    long deadline = System.nanoTime() + PERSIST_AT_END.toNanos();
    synchronized (this) {
      while (persisted < queued) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          log.warn(
              "Notifications: {} change(s) not yet in the spool at the end", queued - persisted);
          return;
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private synchronized void enqueue(ProtectionChange change) {
    queue.add(new Outbox.Recorded(change, false));
    queued++;
    woken = true;
    notifyAll();
  }

  /** The sender: one pass for whatever was queued, then sleeps until due or woken. */
  private void sendForever() {
    while (true) {
      List<Outbox.Recorded> batch;
      long count;
      synchronized (this) {
        batch = List.copyOf(queue);
        queue.clear();
        count = queued;
        woken = false;
      }
      long next;
      boolean recorded = false;
      try {
        next = outbox.pass(batch);
        recorded = true;
      } catch (RuntimeException e) {
        log.warn("Notifications: {}", e.getMessage());
        next = clock.millis() + Pacing.DEFAULT.firstRetry().toMillis();
      }
      synchronized (this) {
        if (recorded) {
          persisted = count;
          notifyAll();
        } else {
          queue.addAll(0, batch); // recorded next time: a change told twice is no news
        }
        wakeAtMillis = next;
        if (!awaitWork()) {
          return;
        }
      }
    }
  }

  /** Waits (holding this) for a change or the next pass's time; false when interrupted. */
  private boolean awaitWork() {
    try {
      while (!woken) {
        if (wakeAtMillis == 0) {
          wait();
        } else {
          long left = wakeAtMillis - clock.millis();
          if (left <= 0) {
            return true;
          }
          wait(left);
        }
      }
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }
}
