package org.slipsfailover.supervise;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.slipsfailover.probe.Check;
import org.slipsfailover.probe.ProbeReport;
import org.slipsfailover.probe.SlipsProbe;

/** Probes whose answers the test writes: the n-th probe of the run (from 0) answers script(n). */
final class ScriptedProbe implements SlipsProbe {
  static final ProbeReport GOOD =
      report(
          new Check("redis", true, "127.0.0.1:6379 answers PING"),
          new Check("zeek wlan0", true, "running (pid 5)"));
  static final ProbeReport REDIS_HUNG =
      report(
          new Check("redis", false, "127.0.0.1:6379 no answer within 500 ms"),
          new Check("zeek wlan0", true, "running (pid 5)"));
  static final ProbeReport NO_ZEEK =
      report(
          new Check("redis", true, "127.0.0.1:6379 answers PING"),
          new Check("zeek wlan0", false, "no 'zeek -i wlan0' runs in the container"));

  /** A running container (pid 4242) with a Zeek on eth0, and the given Redis and wlan0 Zeek. */
  private static ProbeReport report(Check redis, Check zeekWlan0) {
    return new ProbeReport(
        List.of(
            new Check("container", true, "running (pid 4242)"),
            redis,
            zeekWlan0,
            new Check("zeek eth0", true, "running (pid 6)")));
  }

  final AtomicInteger probes = new AtomicInteger();
  final List<String> events;
  volatile IntFunction<ProbeReport> script = n -> GOOD;
  volatile long containerPid;

  /** Set by a test: the container's first process is gone. */
  volatile boolean gone;

  /** Set by a test: what the runner waits on for a process of Slips to end. */
  volatile CompletableFuture<Void> ends = new CompletableFuture<>();

  ScriptedProbe(List<String> events) {
    this.events = events;
  }

  @Override
  public Container forContainer(long pid) {
    containerPid = pid;
    return new Container() {
      @Override
      public ProbeReport probe() {
        return script.apply(probes.getAndIncrement());
      }

      @Override
      public boolean gone() {
        return gone;
      }

      @Override
      public CompletableFuture<Void> nextEnd() {
        return ends;
      }
    };
  }
}
