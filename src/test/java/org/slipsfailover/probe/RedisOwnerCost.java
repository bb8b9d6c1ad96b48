package org.slipsfailover.probe;

import java.time.Duration;
import java.util.Arrays;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcFs;

/**
 * What the ownership check adds to a probe of Redis, against a live Redis of a container (run by
 * src/test/bench/redis-owner-cost.sh): the PING alone (the baseline), the PING and the check with
 * the holder remembered (every probe; the listeners asked of the kernel's socket diagnostics, and
 * read from the text tables of /proc/net as before), and the check from scratch (a new socket:
 * Redis restarted). Prints median and worst in microseconds over several rounds.
 */
public final class RedisOwnerCost {
  private RedisOwnerCost() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    long containerPid = Long.parseLong(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    ProcFs proc = new ProcFs(HostRoot.live());
    ProcFs.Pid init = proc.living(containerPid).orElseThrow();
    Duration timeout = Duration.ofMillis(500);
    RedisOwner cached = new RedisOwner(proc, LoopbackListeners.of(proc));
    RedisOwner byTables = new RedisOwner(proc, LoopbackListeners.tables(proc));
    for (RedisOwner owner : new RedisOwner[] {cached, byTables}) {
      owner
          .check(port, init)
          .ifPresent(
              why -> {
                throw new IllegalStateException(why);
              });
    }
    long[] ping = new long[rounds];
    long[] pingAndCheck = new long[rounds];
    long[] pingAndTables = new long[rounds];
    long[] fresh = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      RedisPing.ping(port, timeout);
      long t1 = System.nanoTime();
      RedisPing.ping(port, timeout);
      cached.check(port, init);
      long t2 = System.nanoTime();
      new RedisOwner(proc, LoopbackListeners.of(proc)).check(port, init);
      long t3 = System.nanoTime();
      RedisPing.ping(port, timeout);
      byTables.check(port, init);
      pingAndTables[i] = System.nanoTime() - t3;
      ping[i] = t1 - t0;
      pingAndCheck[i] = t2 - t1;
      fresh[i] = t3 - t2;
    }
    print("PING alone (baseline)", ping);
    print("PING + check, holder remembered", pingAndCheck);
    print("the same, listeners from /proc/net", pingAndTables);
    print("check from scratch (new socket)", fresh);
  }

  private static void print(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%-34s median %7d us   worst %7d us%n",
        what, sorted[sorted.length / 2] / 1000, sorted[sorted.length - 1] / 1000);
  }
}
