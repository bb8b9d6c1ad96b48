package org.slipsfailover.testing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.CutOutcome;
import org.slipsfailover.ap.RunningAp;
import org.slipsfailover.config.InterfacePair;

/**
 * Test-only {@link AccessPoints}: "the AP" is one process, given by pid, and cutting it sends it
 * SIGTERM. It stands in until the real ap package is merged; what it lets tests check is the
 * runner's side: that it cuts, when, and what it logs.
 */
public final class PidAccessPoints implements AccessPoints {
  private final long pid;

  public PidAccessPoints(long pid) {
    this.pid = pid;
  }

  @Override
  public Optional<RunningAp> find(InterfacePair pair) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(p -> new RunningAp(pid, Instant.EPOCH, List.of("standin-ap"), Optional.empty(), Optional.empty()));
  }

  @Override
  public CutOutcome cut(InterfacePair pair) {
    Optional<ProcessHandle> ap = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (ap.isEmpty()) {
      return new CutOutcome(false, true, "no access point was running");
    }
    ap.get().destroy(); // SIGTERM
    return new CutOutcome(true, true, "sent SIGTERM to pid " + pid);
  }
}
