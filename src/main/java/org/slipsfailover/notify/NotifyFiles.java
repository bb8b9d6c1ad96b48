package org.slipsfailover.notify;

/** Where notifications keep their files on the host (resolved against a HostRoot). */
public final class NotifyFiles {
  /**
   * The Apprise URLs, one a line (Apprise's TEXT config format), root's alone (0600): they carry
   * tokens. Handed to apprise as {@code --config FILE}, never on a command line, which every local
   * user can read in {@code /proc/PID/cmdline}.
   */
  public static final String URLS = "/etc/slips-failover/notify.urls";

  /** What is still to be sent, and what was sent last: survives a runner restart and a reboot. */
  public static final String SPOOL = "/var/lib/slips-failover/notify-spool.json";

  /** Held for the few milliseconds of a read-modify-write of the spool. */
  static final String SPOOL_LOCK = "/var/lib/slips-failover/notify-spool.lock";

  /** Held by the one sender at a time, for the length of an attempt. */
  static final String SEND_LOCK = "/var/lib/slips-failover/notify-send.lock";

  /** The oneshot unit that sends what cut-ap spooled when no runner runs. */
  public static final String FLUSH_UNIT = "slips-failover-notify.service";

  private NotifyFiles() {}
}
