package org.slipsfailover.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pidfd watch against real processes of this machine. */
class ProcessExitsTest {
  private final ProcFs proc = new ProcFs(HostRoot.live());
  private final ProcessExits exits = ProcessExits.pidfd(proc);

  @Test
  void completesWhenTheProcessEndsAndNotBefore() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "60").start();
    try {
      ProcFs.Pid pid = proc.living(sleeper.pid()).orElseThrow();
      CompletableFuture<Void> ended = exits.of(pid);
      // A watch that completed early would have done so by now: the process lives 60 s.
      Thread.sleep(200);
      assertThat(ended).as("the process lives").isNotDone();
      sleeper.destroyForcibly();
      // Eventually, with a bound that catches a watch that never completes, not a slow one. How
      // soon (pidfd: at once; ProcessHandle.onExit's poll: hundreds of ms) is a figure of
      // src/test/bench/process-exit-latency.sh, not an assertion.
      ended.get(60, TimeUnit.SECONDS);
    } finally {
      sleeper.destroyForcibly();
    }
  }

  @Test
  void aProcessAlreadyGoneCompletesAtOnce() throws Exception {
    Process quick = new ProcessBuilder("true").start();
    ProcFs.Pid pid = new ProcFs.Pid(quick.pid(), 1);
    quick.waitFor();
    exits.of(pid).get(5, TimeUnit.SECONDS);
  }
}
