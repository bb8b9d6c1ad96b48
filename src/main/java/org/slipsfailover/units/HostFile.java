package org.slipsfailover.units;

/**
 * One file the install renders.
 *
 * @param template its template's name in {@code templates/}
 * @param path where it goes on the host (absolute, resolved against the install's root)
 * @param mode POSIX permissions, e.g. 0644
 */
public record HostFile(String template, String path, int mode) {

  public static final String UNIT_DIR = "/etc/systemd/system";
  public static final String RUNNER_SCRIPT = "/usr/local/bin/slips-runner.sh";
  public static final String WATCHER_SCRIPT = "/usr/local/bin/slips-iptables-watcher.sh";

  /** The tool on the PATH, so that status and uninstall need no path to the jar. */
  public static final String COMMAND = "/usr/local/bin/slips-failover";

  /** The install copies its own jar here, so the unit never depends on where it was downloaded. */
  public static final String JAR = "/usr/local/lib/slips-failover/failover.jar";

  /** The gate's ruleset, loaded at boot by {@code slips-gate.service} and by the runner. */
  public static final String GATE_RULESET_PATH = "/etc/slips-failover/slips-gate.nft";

  /** Debian's nft; systemd wants an absolute path in ExecStart=. */
  public static final String NFT = "/usr/sbin/nft";

  /**
   * The jar's classes as the JVM has loaded and checked them (a class-data archive), made at
   * install: the runner, its ExecStopPost= and the command start faster with it. A cache: a JVM
   * that cannot use it (missing, or made for another jar) starts without it. Next to the jar it is
   * made from, so it goes with it.
   */
  public static final String CLASS_ARCHIVE = "/usr/local/lib/slips-failover/failover.jsa";

  public static final HostFile SLIPS_SERVICE = unit("slips.service");
  public static final HostFile WATCHER_SERVICE = unit("iptables-watcher.service");
  public static final HostFile WATCHER_TIMER = unit("iptables-watcher.timer");

  /** Saves within a second of a change where xtables-monitor works; the timer is the fallback. */
  public static final HostFile WATCHER_FOLLOW = unit("iptables-watcher-follow.service");

  public static final HostFile WATCHER = new HostFile("iptables-watcher.sh", WATCHER_SCRIPT, 0755);
  public static final HostFile RUNNER = new HostFile("slips-runner.sh", RUNNER_SCRIPT, 0755);
  public static final HostFile GATE_RULESET =
      new HostFile("slips-gate.nft", GATE_RULESET_PATH, 0644);

  /** Loads the gate, closed, early at boot. */
  public static final HostFile GATE_SERVICE = unit("slips-gate.service");

  public static final HostFile COMMAND_SCRIPT = new HostFile("slips-failover.sh", COMMAND, 0755);

  /** {@code install --auto-update daily|weekly} only: runs {@link #UPDATE_SERVICE}. */
  public static final HostFile UPDATE_TIMER = unit("slips-failover-update.timer");

  /** Runs {@code slips-failover update}; a oneshot, started by {@link #UPDATE_TIMER}. */
  public static final HostFile UPDATE_SERVICE = unit("slips-failover-update.service");

  /** The files of {@code --auto-update}, written only when it is on; not in {@link #ALL}. */
  public static final java.util.List<HostFile> AUTO_UPDATE =
      java.util.List.of(UPDATE_TIMER, UPDATE_SERVICE);

  /** Sends pending notifications when no runner does; cut-ap starts it without waiting. */
  public static final HostFile NOTIFY_FLUSH = unit("slips-failover-notify.service");

  /** Every rendered file, in the order the install writes and reports them. */
  public static final java.util.List<HostFile> ALL =
      java.util.List.of(
          SLIPS_SERVICE,
          WATCHER_SERVICE,
          WATCHER_TIMER,
          WATCHER_FOLLOW,
          WATCHER,
          RUNNER,
          GATE_RULESET,
          GATE_SERVICE,
          COMMAND_SCRIPT,
          NOTIFY_FLUSH);

  private static HostFile unit(String name) {
    return new HostFile(name, UNIT_DIR + "/" + name, 0644);
  }

  public String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
