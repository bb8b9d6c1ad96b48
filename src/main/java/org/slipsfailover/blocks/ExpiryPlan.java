package org.slipsfailover.blocks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What one look at Slips' chain decides, without side effects: when each live rule was first seen,
 * and which restored rules are due for removal.
 *
 * <ul>
 *   <li>A rule not seen before is first seen now, in this boot: Slips made it, and Slips' own timer
 *       lifts it. Nothing here ever removes it in this boot.
 *   <li>A rule first seen in an earlier boot was restored from disk at boot: Slips lost its timer.
 *       It is due when Slips would have lifted it at the latest, first seen plus two window widths
 *       (a block in window n ends with window n+1; we do not know where in window n it fell).
 *   <li>A restored rule whose address Slips blocked again (it changed no rule, but registered its
 *       own unblock request: {@link SlipsBlockingLog}) is Slips' own again, first seen now.
 *   <li>A rule no longer live is forgotten: when it comes back, it is a new block, Slips' own.
 * </ul>
 *
 * @param seen every live rule with when (and in which boot) it was first seen: the next state
 * @param due the restored rules to remove now
 */
public record ExpiryPlan(Map<BlockRule, Seen> seen, List<Due> due) {

  /** When a rule was first seen, and in which boot ({@link BootMark}). */
  public record Seen(Instant firstSeen, String boot) {}

  /** A restored rule to remove, and when it fell due. */
  public record Due(BlockRule rule, Seen seen, Instant at) {}

  /**
   * @param window read only when a restored rule is live (the owner's file is not read otherwise)
   * @param takenOver the addresses Slips blocked again in this boot; asked, like {@code window},
   *     only when a restored rule is live
   */
  public static ExpiryPlan of(
      List<BlockRule> live,
      Map<BlockRule, Seen> known,
      String boot,
      Instant now,
      Supplier<SlipsTimeWindow> window,
      Supplier<Set<String>> takenOver) {
    Map<BlockRule, Seen> seen = new LinkedHashMap<>();
    List<Due> due = new ArrayList<>();
    SlipsTimeWindow width = null;
    Set<String> taken = null;
    for (BlockRule rule : live) {
      Seen first = known.getOrDefault(rule, new Seen(now, boot));
      seen.put(rule, first);
      if (first.boot().equals(boot)) {
        continue;
      }
      if (width == null) {
        width = window.get();
        taken = takenOver.get();
      }
      if (taken.contains(rule.address())) {
        seen.put(rule, new Seen(now, boot));
        continue;
      }
      Instant at = first.firstSeen().plus(width.longestBlock());
      if (!now.isBefore(at)) {
        due.add(new Due(rule, first, at));
      }
    }
    return new ExpiryPlan(seen, due);
  }
}
