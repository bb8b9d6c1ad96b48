package org.slipsfailover.ap;

import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcFs;

/**
 * The access points of this machine, as {@code /proc} and create_ap's state folders show them.
 * Finding reads files only (no {@code ps}, no {@code systemctl}): the cut must reach create_ap
 * within milliseconds of Slips dying. Only {@code systemctl stop} (for a create_ap that systemd
 * runs) and {@code ip link} (when escalating) spawn a command.
 */
public final class ProcAccessPoints implements AccessPoints {

  private final CutTools tools;

  /** The live machine's way: {@code <root>/proc} and create_ap's {@code <root>/tmp}. */
  public ProcAccessPoints(HostRoot host, Commands commands) {
    this(host, host.resolve("/tmp"), commands, CutTiming.defaults());
  }

  /**
   * Signals go to real processes only when {@code host} is the live machine.
   *
   * @param stateFolders where create_ap makes its {@code create_ap.<wifi>.conf.XXXXXXXX} folders
   *     ({@code /tmp}; tests give a private folder, so they never see a real AP's)
   */
  public ProcAccessPoints(HostRoot host, Path stateFolders, Commands commands, CutTiming timing) {
    this(
        host,
        stateFolders,
        commands,
        timing,
        host.isLive() ? ProcessSignaller.live() : ProcessSignaller.refusing());
  }

  ProcAccessPoints(
      HostRoot host,
      Path stateFolders,
      Commands commands,
      CutTiming timing,
      ProcessSignaller signaller) {
    ProcFs proc = new ProcFs(host);
    this.tools = new CutTools(proc, new ApFinder(proc, stateFolders), commands, signaller, timing);
  }

  @Override
  public Optional<RunningAp> find(InterfacePair pair) {
    return tools.finder().scan(pair).aps().stream().findFirst();
  }

  @Override
  public Optional<RunningAp> findServing(InterfacePair pair) {
    ApFinder.Scan scan = tools.finder().scan(pair);
    return scan.hostapds().isEmpty() ? Optional.empty() : scan.aps().stream().findFirst();
  }

  @Override
  public CutOutcome cut(InterfacePair pair) {
    try {
      return new ApCut(pair, tools).run(tools.finder().scan(pair));
    } catch (RuntimeException | Error e) {
      // Any failure, a StackOverflowError too, still cuts (an OutOfMemoryError ends the JVM
      // first: -XX:+ExitOnOutOfMemoryError); AccessPoints.cut never throws.
      return wifiDown(pair, e);
    }
  }

  /**
   * The cut without a scan to go by: the pair's wifi interface down (its radio, and so its AP, off
   * where the AP is the interface itself), the outcome "may be up" as nothing was verified.
   */
  private CutOutcome wifiDown(InterfacePair pair, Throwable failure) {
    String why = "the cut failed (" + failure + ")";
    // Not a static field: every command builds this class, and logging starts only for the
    // commands that log (a logger made at class load set logback up for --version too).
    Logger log = LoggerFactory.getLogger(ProcAccessPoints.class);
    log.error("Cutting the access point of {} failed: setting {} down", pair, pair.wifi(), failure);
    try {
      CommandResult down = tools.commands().run("ip", "link", "set", "dev", pair.wifi(), "down");
      return CutOutcome.mayBeUp(
          why
              + "; ip link set dev "
              + pair.wifi()
              + " down "
              + (down.ok() ? "done" : "failed (" + down.failure() + ")"));
    } catch (RuntimeException | Error e) {
      return CutOutcome.mayBeUp(why + "; ip link set dev " + pair.wifi() + " down failed: " + e);
    }
  }
}
