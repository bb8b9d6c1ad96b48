package org.slipsfailover.blocks;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.blocks.ExpiryPlan.Due;
import org.slipsfailover.blocks.ExpiryPlan.Seen;
import org.slipsfailover.config.SlipsFolderNames;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.DaemonThreads;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.Pause;

/**
 * Removes Slips' blocks that a reboot restored, when Slips would have lifted them (see the package
 * comment). The runner starts it with {@code --blocking}; it looks once a minute, off the
 * supervision loop: one {@code iptables -S} of a small chain, and a write of the state file only
 * when a rule came or went. Blocks last an hour by default, so a minute late is of no consequence;
 * late is the safe side, early never happens.
 *
 * <p>Nothing here is on the cut path. A failure is logged and the next look tries again; a block
 * that cannot be removed stays (fail closed: blocked).
 */
public final class RestoredBlocks {
  /** How often it looks: Slips itself looks every 10 s, against windows of an hour by default. */
  public static final Duration EVERY = Duration.ofMinutes(1);

  /** Beyond this, a recorded time in the future means the clock is not set yet. */
  private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(RestoredBlocks.class);

  private final Commands commands;
  private final BlockTimes times;
  private final Supplier<String> boot;
  private final Clock wallClock;
  private final Supplier<SlipsTimeWindow> window;
  private final Supplier<Set<String>> takenOver;
  private final Runnable saveRules;

  /**
   * @param commands runs {@code iptables} (in the tests' namespace, in the tests)
   * @param boot this boot's id ({@link BootMark})
   * @param wallClock the real date: block times are compared across reboots
   * @param window Slips' time window, read from the Slips folder when a restored rule is live
   * @param takenOver the addresses Slips blocked again in this boot ({@link SlipsBlockingLog})
   * @param saveRules saves the rules after a removal, so that the next boot does not restore them
   */
  public RestoredBlocks(
      Commands commands,
      BlockTimes times,
      Supplier<String> boot,
      Clock wallClock,
      Supplier<SlipsTimeWindow> window,
      Supplier<Set<String>> takenOver,
      Runnable saveRules) {
    this.commands = commands;
    this.times = times;
    this.boot = boot;
    this.wallClock = wallClock;
    this.window = window;
    this.takenOver = takenOver;
    this.saveRules = saveRules;
  }

  /**
   * As the runner uses it on the Pi, with {@code runDir} its state folder in {@code /run} (root's,
   * emptied at boot): the state file under {@link BlockTimes#PATH}, owned by root; this boot's id
   * in {@code runDir} ({@link BootMark}); the time window from {@code slipsDir}'s configuration;
   * what Slips blocked again from the blocking logs in its {@code output/} written since this boot.
   */
  public static RestoredBlocks onHost(
      HostRoot root, Commands commands, Path slipsDir, Path runDir, Runnable saveRules) {
    SlipsBlockingLog blockingLog =
        new SlipsBlockingLog(slipsDir.resolve(SlipsFolderNames.OUTPUT), log::warn);
    return new RestoredBlocks(
        commands,
        new BlockTimes(root.resolve(BlockTimes.PATH), 0, log::warn),
        () -> BootMark.of(runDir, log::warn),
        Clock.systemUTC(),
        () -> SlipsTimeWindow.read(slipsDir, log::warn),
        () -> blockingLog.requestedSince(BootMark.madeAt(runDir)),
        saveRules);
  }

  /** Looks at the chain every {@link #EVERY}, on a daemon thread of its own, until interrupted. */
  public Thread start(Pause pause) {
    return DaemonThreads.start(
        "restored-blocks",
        () -> {
          while (!Thread.currentThread().isInterrupted()) {
            try {
              look();
            } catch (RuntimeException e) {
              log.warn("Could not check Slips' restored blocks: {}", e.toString());
            }
            pause.pause(EVERY);
          }
        });
  }

  /**
   * One look: records new rules, forgets gone ones, removes the restored ones that are due.
   *
   * @return the rules removed
   */
  public List<BlockRule> look() {
    CommandResult listing = commands.run("iptables", "-w", "-S", BlockRule.CHAIN);
    if (!listing.ok()) {
      // No chain (yet): before the boot-time restore or without Slips; the records stay as they
      // are, so that a restore that comes later is still known as one.
      return List.of();
    }
    List<BlockRule> live = BlockRule.parseListing(listing.stdout());
    Map<BlockRule, Seen> known = times.load();
    Instant now = wallClock.instant();
    if (clockBehind(known, now)) {
      return List.of();
    }
    ExpiryPlan plan = ExpiryPlan.of(live, known, boot.get(), now, window, takenOver);
    Map<BlockRule, Seen> next = new LinkedHashMap<>(plan.seen());
    List<BlockRule> removed = new ArrayList<>();
    for (Due due : plan.due()) {
      if (remove(due)) {
        next.remove(due.rule());
        removed.add(due.rule());
      }
    }
    if (!next.equals(known)) {
      try {
        times.save(next);
      } catch (UncheckedIOException e) {
        log.warn("Could not record when Slips' blocks were first seen: {}", e.getMessage());
      }
    }
    if (!removed.isEmpty()) {
      saveRules.run();
    }
    return removed;
  }

  private boolean remove(Due due) {
    List<String> argv = new ArrayList<>(List.of("iptables", "-w"));
    argv.addAll(due.rule().deleteArguments());
    CommandResult result = commands.run(argv);
    if (result.ok()) {
      log.info(
          "Lifted Slips' block of {} restored at boot ({}): first seen {}, Slips would have lifted"
              + " it by {}",
          due.rule().address(),
          due.rule().line(),
          due.seen().firstSeen(),
          due.at());
      return true;
    }
    log.warn(
        "Could not lift Slips' restored block of {} ({}); it stays: {}",
        due.rule().address(),
        due.rule().line(),
        result.failure());
    return false;
  }

  /**
   * A Pi has no battery clock: until the network sets it, it may be behind the recorded times, and
   * nothing could be said of what is due. Expiry waits for the clock.
   */
  private static boolean clockBehind(Map<BlockRule, Seen> known, Instant now) {
    for (Seen seen : known.values()) {
      if (seen.firstSeen().isAfter(now.plus(CLOCK_SLACK))) {
        log.info(
            "The clock is behind the recorded block times (not set yet?); no block expires now");
        return true;
      }
    }
    return false;
  }
}
