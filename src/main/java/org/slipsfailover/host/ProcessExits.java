package org.slipsfailover.host;

import com.sun.jna.NativeLong;
import java.util.concurrent.CompletableFuture;

/**
 * The moment a process that is not our child ends, from the kernel: a pidfd ({@code pidfd_open},
 * Linux 5.3 and later) that a daemon thread polls, blocked, until the process exits. Java itself
 * can only poll a stranger's pid every few hundred milliseconds ({@code ProcessHandle.onExit}).
 *
 * <p>Used to wake the runner the moment Slips' container or one of its Zeeks ends, instead of at
 * its next probe; the probes still decide. Where a pidfd cannot be had (an old kernel, no JNA), the
 * future never completes and the probes alone notice, as before.
 */
public interface ProcessExits {

  /** Completes when that very process has ended (at once when it already has). */
  CompletableFuture<Void> of(ProcFs.Pid process);

  /** Never completes: the probes alone notice. */
  static ProcessExits none() {
    return process -> new CompletableFuture<>();
  }

  /**
   * Through pidfds, checked against {@code proc} (a pid is reused; the pid and start time are not).
   */
  static ProcessExits pidfd(ProcFs proc) {
    return process -> Pidfd.watch(process, proc);
  }

  /** A pidfd, polled by a daemon thread of its own. */
  final class Pidfd {
    private Pidfd() {}

    static CompletableFuture<Void> watch(ProcFs.Pid process, ProcFs proc) {
      CompletableFuture<Void> exited = new CompletableFuture<>();
      if (!LibC.available()) {
        return exited;
      }
      int fd =
          LibC.syscall(
                  new NativeLong(LibC.SYS_PIDFD_OPEN),
                  new NativeLong(process.pid()),
                  new NativeLong(0))
              .intValue();
      if (fd < 0) {
        if (!proc.alive(process)) {
          exited.complete(null); // gone already
        }
        return exited;
      }
      // Opened after the pid was reused: the fd names another process. Ours is gone then.
      if (!proc.alive(process)) {
        LibC.close(fd);
        exited.complete(null);
        return exited;
      }
      DaemonThreads.start(
          "exit-of-" + process.pid(),
          () -> {
            try {
              int[] pollfd = {fd, LibC.POLLIN};
              int ready;
              do {
                ready = LibC.poll(pollfd, 1, -1);
              } while (ready < 0 && LibC.errno() == LibC.EINTR);
            } finally {
              LibC.close(fd);
              exited.complete(null);
            }
          });
      return exited;
    }
  }
}
