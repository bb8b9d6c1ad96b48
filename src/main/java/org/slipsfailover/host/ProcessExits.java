package org.slipsfailover.host;

import com.sun.jna.Library;
import com.sun.jna.Native;
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

  /** The C library calls a pidfd needs. */
  final class Pidfd {
    /** pidfd_open's number, the same on every Linux architecture (new calls share one table). */
    private static final long SYS_PIDFD_OPEN = 434;

    private static final int POLLIN = 1;

    private interface LibC extends Library {
      int syscall(long number, Object... args);

      /**
       * {@code struct pollfd} as two ints: the fd, then events and revents (little-endian shorts).
       */
      int poll(int[] fds, int count, int timeoutMs);

      int close(int fd);
    }

    private static volatile LibC libc;
    private static volatile boolean unavailable;

    private Pidfd() {}

    static CompletableFuture<Void> watch(ProcFs.Pid process, ProcFs proc) {
      CompletableFuture<Void> exited = new CompletableFuture<>();
      LibC c = libc();
      if (c == null) {
        return exited;
      }
      int fd = c.syscall(SYS_PIDFD_OPEN, (int) process.pid(), 0);
      if (fd < 0) {
        if (!proc.alive(process)) {
          exited.complete(null); // gone already
        }
        return exited;
      }
      // Opened after the pid was reused: the fd names another process. Ours is gone then.
      if (!proc.alive(process)) {
        c.close(fd);
        exited.complete(null);
        return exited;
      }
      DaemonThreads.start(
          "exit-of-" + process.pid(),
          () -> {
            try {
              int[] pollfd = {fd, POLLIN};
              int ready;
              do {
                ready = c.poll(pollfd, 1, -1);
              } while (ready < 0 && Native.getLastError() == 4 /* EINTR */);
            } finally {
              c.close(fd);
              exited.complete(null);
            }
          });
      return exited;
    }

    private static LibC libc() {
      if (libc == null && !unavailable) {
        try {
          libc = Native.load("c", LibC.class);
        } catch (LinkageError | RuntimeException e) {
          unavailable = true;
        }
      }
      return libc;
    }
  }
}
