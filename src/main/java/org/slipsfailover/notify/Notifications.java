package org.slipsfailover.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.OneLine;

/** Builds the notification parts of a host, for {@code CommandFactory}. */
public final class Notifications {
  private Notifications() {}

  /** The outbox of this host: its spool, its URL file, apprise, the Pi's name. */
  public static Outbox outbox(HostRoot root, Commands commands, Clock clock) {
    return new Outbox(
        new SpoolFile(root),
        new AppriseSender(commands, root.resolve(NotifyFiles.URLS)),
        () -> configured(root),
        clock,
        Pacing.DEFAULT,
        () -> hostname(root));
  }

  /** The runner's listener, its sender thread started. */
  public static NotifyEvents forRunner(HostRoot root, Commands commands, Clock clock) {
    return new NotifyEvents(outbox(root, commands, clock), clock).start();
  }

  /** What {@code cut-ap} adds after a stop. */
  public static AfterStopNotice afterStop(HostRoot root, Commands commands, Clock clock) {
    return new AfterStopNotice(new SpoolFile(root), () -> configured(root), commands, clock);
  }

  /** Whether any URL is configured (in a file of root's alone). */
  static boolean configured(HostRoot root) {
    return NotifyUrls.read(root).filter(urls -> !urls.isEmpty()).isPresent();
  }

  /** The kernel's host name (no name lookup, nothing on the network). */
  public static String hostname(HostRoot root) {
    try {
      String name = Files.readString(root.resolve("/proc/sys/kernel/hostname")).strip();
      return name.isEmpty() ? "slips-failover" : OneLine.of(name);
    } catch (IOException e) {
      return "slips-failover";
    }
  }
}
