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
      Thread.sleep(200);
      assertThat(ended).as("the process lives").isNotDone();
      long killedAt = System.nanoTime();
      sleeper.destroyForcibly();
      ended.get(5, TimeUnit.SECONDS);
      // The bound catches a poll of seconds (ProcessHandle.onExit waits 300 ms and more between
      // looks), not a loaded machine; the kernel says it within a millisecond or two.
      assertThat((System.nanoTime() - killedAt) / 1_000_000).isLessThan(2000);
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
