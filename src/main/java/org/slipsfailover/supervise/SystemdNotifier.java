package org.slipsfailover.supervise;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.host.NotifySocket;

/**
 * Talks to systemd over its notify socket. The watchdog is fed at most every {@link
 * #WATCHDOG_EVERY}, however often the loop comes round: a third of {@code WatchdogSec=} leaves two
 * feeds of slack for a slow probe or a garbage collection.
 */
public final class SystemdNotifier implements ServiceManager {
  /** Sends one notify message; throws when it could not. */
  public interface Sender {
    void send(String message) throws IOException;
  }

  private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);

  private final Sender sender;
  private final Clock clock;
  private final Duration watchdogEvery;
  private Instant lastFeed = Instant.MIN;
  private String lastStatus;
  private boolean warned;

  SystemdNotifier(Sender sender, Clock clock, Duration watchdogEvery) {
    this.sender = sender;
    this.clock = clock;
    this.watchdogEvery = watchdogEvery;
  }

  /**
   * @param notifySocket {@code $NOTIFY_SOCKET}
   * @param watchdog {@code WatchdogSec=} ({@code $WATCHDOG_USEC}), or zero when there is none
   */
  public static SystemdNotifier forSocket(String notifySocket, Duration watchdog, Clock clock) {
    NotifySocket socket = new NotifySocket(notifySocket);
    return new SystemdNotifier(
        socket::send, clock, watchdog.isZero() ? Duration.ofDays(1) : watchdog.dividedBy(3));
  }

  @Override
  public void ready() {
    notify("READY=1");
  }

  @Override
  public void extendStartTimeout(Duration more) {
    notify("EXTEND_TIMEOUT_USEC=" + more.toNanos() / 1000);
  }

  @Override
  public synchronized void status(String text) {
    if (!text.equals(lastStatus)) {
      lastStatus = text;
      notify("STATUS=" + text.replace('\n', ' '));
    }
  }

  @Override
  public synchronized void watchdog() {
    Instant now = clock.instant();
    if (lastFeed == Instant.MIN || !now.isBefore(lastFeed.plus(watchdogEvery))) {
      lastFeed = now;
      notify("WATCHDOG=1");
    }
  }

  private void notify(String message) {
    try {
      sender.send(message);
    } catch (IOException | RuntimeException | LinkageError e) {
      // Not fatal by itself: a watchdog that is never fed gets the runner killed, which fails
      // closed.
      if (!warned) {
        warned = true;
        log.warn("Could not notify systemd ({}): {}", message, e.toString());
      }
    }
  }
}
