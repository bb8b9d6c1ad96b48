package org.slipsfailover.ap;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/**
 * Sends SIGTERM or SIGKILL to one process, only after {@code stillSame} confirms the pid still is
 * the process we mean. The real one takes a {@link ProcessHandle} first: the handle remembers the
 * start time and refuses to signal a process that reused the pid after the check.
 */
interface ProcessSignaller {

  /**
   * @return true when the signal was sent
   */
  boolean signal(long pid, boolean kill, BooleanSupplier stillSame);

  /**
   * For a {@code HostRoot} that is not the live machine: its /proc pids are not this machine's
   * processes, so nothing may be signalled.
   */
  static ProcessSignaller refusing() {
    return (pid, kill, stillSame) -> {
      LoggerFactory.getLogger(ProcessSignaller.class)
          .warn("Not the live machine's /proc: not signalling pid {}", pid);
      return false;
    };
  }

  static ProcessSignaller live() {
    return (pid, kill, stillSame) -> {
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      if (handle.isEmpty() || !stillSame.getAsBoolean()) {
        return false;
      }
      return kill ? handle.get().destroyForcibly() : handle.get().destroy();
    };
  }
}
