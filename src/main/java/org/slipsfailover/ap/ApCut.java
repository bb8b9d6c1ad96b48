package org.slipsfailover.ap;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.ProcFs;

/**
 * One cut of one pair's access point: signal, verify, escalate. Lives for one {@link
 * ProcAccessPoints#cut} call and remembers what it signalled, so no process gets a second SIGTERM
 * in the middle of its cleanup (bash would die there, leaving iptables rules behind).
 */
final class ApCut {
  private static final Logger log = LoggerFactory.getLogger(ApCut.class);

  private final InterfacePair pair;
  private final CutTools tools;

  private final Map<String, RunningAp> handled = new LinkedHashMap<>();
  private final Map<ProcFs.Pid, ProcEntry> hostapds = new LinkedHashMap<>();
  private final Set<String> apIfaces = new LinkedHashSet<>();
  private final Set<String> stoppedUnits = new LinkedHashSet<>();
  private final List<String> steps = new ArrayList<>();
  private final Instant start;

  ApCut(InterfacePair pair, CutTools tools) {
    this.pair = pair;
    this.tools = tools;
    this.start = tools.timing().clock().instant();
  }

  CutOutcome run(ApFinder.Scan first) {
    if (!first.isUp()) {
      log.info("No access point of {} is running: nothing to cut", pair);
      return CutOutcome.alreadyDown("no access point of " + pair + " was running");
    }
    boolean down;
    if (first.aps().isEmpty()) {
      // Only hostapd is left (its create_ap was SIGKILLed): nobody else will stop it.
      log.warn("No create_ap of {}, but its hostapd still serves: stopping hostapd", pair);
      steps.add("no create_ap, orphaned hostapd");
      absorb(first);
      down = escalate();
    } else {
      absorb(first);
      down = waitUntilDown(tools.timing().grace());
      if (!down) {
        log.warn(
            "Access point of {} still up after {}: escalating",
            pair,
            seconds(tools.timing().grace()));
        steps.add("not down after " + seconds(tools.timing().grace()));
        down = escalate();
      }
    }
    String end = down ? "down after " + elapsed() : "STILL UP after " + elapsed();
    steps.add(end);
    if (down) {
      log.info("Access point of {} is down ({})", pair, elapsed());
    } else {
      log.error("Access point of {} could not be verified down ({})", pair, elapsed());
    }
    String how = String.join("; ", steps);
    return down ? CutOutcome.cut(how) : CutOutcome.mayBeUp(how);
  }

  /** Takes in what a scan found; stops every create_ap not stopped yet. */
  private void absorb(ApFinder.Scan scan) {
    for (ProcEntry h : scan.hostapds()) {
      hostapds.putIfAbsent(h.id(), h);
    }
    apIfaces.addAll(scan.apIfaces());
    for (RunningAp ap : scan.aps()) {
      if (handled.putIfAbsent(key(ap.pid(), ap.startedAt().toEpochMilli()), ap) == null) {
        stop(ap);
      }
    }
  }

  private void stop(RunningAp ap) {
    if (ap.systemdUnit().isPresent() && stopUnit(ap.systemdUnit().get(), ap)) {
      return;
    }
    boolean sent =
        tools.signaller().signal(ap.pid(), false, () -> tools.finder().stillServes(ap, pair));
    if (sent) {
      log.info("Sent SIGTERM to create_ap of {} (pid {}) after {}", pair, ap.pid(), elapsed());
      steps.add("SIGTERM to create_ap pid " + ap.pid());
    } else {
      log.info("create_ap pid {} was gone (or no longer {}) before the signal", ap.pid(), pair);
      steps.add("create_ap pid " + ap.pid() + " gone before the signal");
    }
  }

  /**
   * systemd would restart a create_ap it runs: stop the unit instead. Returns false when systemctl
   * failed, so the caller signals the process itself.
   */
  private boolean stopUnit(String unit, RunningAp ap) {
    if (!stoppedUnits.add(unit)) {
      return true;
    }
    log.info("create_ap of {} (pid {}) runs under {}: stopping the unit", pair, ap.pid(), unit);
    CommandResult result = tools.commands().run("systemctl", "stop", unit);
    if (result.ok()) {
      steps.add("systemctl stop " + unit + " (pid " + ap.pid() + ")");
      return true;
    }
    log.warn(
        "systemctl stop {} failed ({}); signalling pid {} instead",
        unit,
        result.failure(),
        ap.pid());
    steps.add("systemctl stop " + unit + " failed (" + result.failure() + ")");
    return false;
  }

  /** Polls until no create_ap of the pair and none of its hostapds is left, or time is up. */
  private boolean waitUntilDown(Duration limit) {
    Instant deadline = now().plus(limit);
    while (true) {
      ApFinder.Scan scan = tools.finder().scan(pair);
      absorb(scan); // a --daemon child or a restarted create_ap shows up here, and is stopped too
      if (scan.aps().isEmpty() && liveHostapds().isEmpty()) {
        return true;
      }
      if (!now().isBefore(deadline) || !pause(tools.timing().poll())) {
        return false;
      }
    }
  }

  /** SIGTERM, then SIGKILL, the pair's hostapds; then the wifi interfaces down. */
  private boolean escalate() {
    List<ProcEntry> live = liveHostapds();
    for (ProcEntry h : live) {
      signalHostapd(h, false);
    }
    Instant deadline = now().plus(tools.timing().hostapdGrace());
    while (!live.isEmpty() && now().isBefore(deadline) && pause(tools.timing().poll())) {
      live = liveHostapds();
    }
    for (ProcEntry h : liveHostapds()) {
      signalHostapd(h, true);
    }
    Set<String> interfaces = new LinkedHashSet<>(apIfaces);
    interfaces.add(pair.wifi());
    for (String iface : interfaces) {
      CommandResult result = tools.commands().run("ip", "link", "set", "dev", iface, "down");
      if (result.ok()) {
        log.info("Set {} down", iface);
        steps.add("ip link set dev " + iface + " down");
      } else {
        log.warn("ip link set dev {} down failed ({})", iface, result.failure());
        steps.add("ip link set dev " + iface + " down failed (" + result.failure() + ")");
      }
    }
    // A create_ap ends (and cleans up) once its hostapd is gone; give it the grace again.
    return waitUntilDown(tools.timing().grace());
  }

  private void signalHostapd(ProcEntry h, boolean kill) {
    String name = kill ? "SIGKILL" : "SIGTERM";
    BooleanSupplier stillSame =
        () ->
            ProcEntry.read(tools.proc(), h.pid())
                .filter(now -> now.id().equals(h.id()) && now.isHostapd())
                .isPresent();
    boolean sent = tools.signaller().signal(h.pid(), kill, stillSame);
    if (sent) {
      log.info("Sent {} to hostapd pid {} of {}", name, h.pid(), pair);
      steps.add(name + " to hostapd pid " + h.pid());
    }
  }

  private List<ProcEntry> liveHostapds() {
    return hostapds.values().stream().filter(h -> tools.proc().alive(h.id())).toList();
  }

  private static String key(long pid, long start) {
    return pid + "@" + start;
  }

  /** Waits; false when interrupted (the interrupt is kept for the caller to see). */
  private boolean pause(Duration d) {
    tools.timing().pause().pause(d);
    return !Thread.currentThread().isInterrupted();
  }

  private String elapsed() {
    return seconds(Duration.between(start, now()));
  }

  private static String seconds(Duration d) {
    return String.format("%.3f s", d.toNanos() / 1e9);
  }

  private Instant now() {
    return tools.timing().clock().instant();
  }
}
