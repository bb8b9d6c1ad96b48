package org.slipsfailover.update;

import java.time.Clock;
import java.util.List;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HandOver;

/**
 * The swap through systemd, the way a package upgrade hands Slips over: the hand-over mark, then
 * {@code systemctl restart}, which returns once the new runner is ready (it then starts Slips).
 */
public record SystemdRunnerSwap(Commands commands, HandOver handOver, String unit)
    implements RunnerSwap {

  public static SystemdRunnerSwap of(
      Commands commands, org.slipsfailover.host.HostRoot root, String unit) {
    return new SystemdRunnerSwap(commands, HandOver.at(root, Clock.systemUTC()), unit);
  }

  @Override
  public boolean serviceRuns() {
    return commands.run(List.of("systemctl", "is-active", "--quiet", unit)).ok();
  }

  @Override
  public void handOverAndRestart() {
    handOver.mark();
    CommandResult r = commands.run(List.of("systemctl", "restart", unit));
    if (!r.ok()) {
      throw new IllegalStateException("systemctl restart " + unit + " failed: " + r.failure());
    }
  }
}
