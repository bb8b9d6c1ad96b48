package org.slipsfailover.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.host.ProcFs;
import org.slipsfailover.host.ProcessExits;

/** The probes, against this machine's /proc and loopback. */
public final class LiveSlipsProbe implements SlipsProbe {
  private final ProcFs proc;
  private final InterfacePair pair;
  private final ProbeTimings timings;
  private final ProcessExits exits;
  private final LoopbackListeners listeners;

  public LiveSlipsProbe(ProcFs proc, InterfacePair pair, ProbeTimings timings) {
    this(proc, pair, timings, ProcessExits.pidfd(proc));
  }

  public LiveSlipsProbe(ProcFs proc, InterfacePair pair, ProbeTimings timings, ProcessExits exits) {
    this.proc = proc;
    this.pair = pair;
    this.timings = timings;
    this.exits = exits;
    this.listeners = LoopbackListeners.of(proc);
  }

  @Override
  public Container forContainer(long containerPid) {
    // Identified once, by pid and start time: a later process that reuses the pid is not it.
    Optional<ProcFs.Pid> init = containerPid > 0 ? proc.living(containerPid) : Optional.empty();
    ZeekFinder zeeks = new ZeekFinder(proc);
    RedisOwner owner = new RedisOwner(proc, listeners);
    // The ends of what the probes found alive, each watched once (ProcessExits).
    Map<ProcFs.Pid, CompletableFuture<Void>> ends = new ConcurrentHashMap<>();
    init.ifPresent(p -> ends.put(p, exits.of(p)));
    // Redis between the probes (RedisWatch): from the first good probe on, and again after the next
    // good probe once it went silent.
    AtomicReference<CompletableFuture<Void>> redisSilent = new AtomicReference<>();
    return new Container() {
      // The last answer of nextEnd, given again while the same ends are pending: anyOf leaves a
      // completion on each long-lived future it waits on, so one built every second kept some
      // 100 bytes a second alive for as long as Slips protects.
      private List<CompletableFuture<?>> lastPending = List.of();
      private CompletableFuture<Void> lastEnd;

      @Override
      public ProbeReport probe() {
        ProbeReport report = LiveSlipsProbe.this.probe(containerPid, init, zeeks, owner);
        zeeks.known().forEach(z -> ends.computeIfAbsent(z, exits::of));
        CompletableFuture<Void> watch = redisSilent.get();
        if (report.good() && (watch == null || watch.isDone())) {
          redisSilent.set(
              RedisWatch.start(
                  timings.redisPort(),
                  timings.redisTimeout(),
                  RedisWatch.EVERY,
                  // A new connection may reach a new listener: ours only if it is still Slips'.
                  () ->
                      init.isPresent() && owner.check(timings.redisPort(), init.get()).isEmpty()));
        }
        return report;
      }

      @Override
      public CompletableFuture<Void> nextEnd() {
        List<CompletableFuture<?>> pending =
            Stream.concat(ends.values().stream(), Stream.ofNullable(redisSilent.get()))
                .filter(f -> !f.isDone())
                .collect(Collectors.toList());
        if (lastEnd == null || !pending.equals(lastPending)) {
          lastPending = pending;
          lastEnd =
              pending.isEmpty()
                  ? new CompletableFuture<>()
                  : CompletableFuture.anyOf(pending.toArray(CompletableFuture[]::new))
                      .thenApply(x -> (Void) null);
        }
        return lastEnd;
      }

      @Override
      public boolean gone() {
        return init.isPresent() && !proc.alive(init.get());
      }
    };
  }

  private ProbeReport probe(
      long containerPid, Optional<ProcFs.Pid> init, ZeekFinder zeeks, RedisOwner owner) {
    List<Check> checks = new ArrayList<>();
    boolean running = init.filter(proc::alive).isPresent();
    checks.add(
        running
            ? Check.ok("container", "running (pid " + containerPid + ")")
            : Check.failed(
                "container",
                containerPid > 0
                    ? "its first process (pid " + containerPid + ") is gone"
                    : "not running"));
    Optional<String> redis = RedisPing.ping(timings.redisPort(), timings.redisTimeout());
    if (redis.isEmpty()) {
      // Asked after the answer: whoever answered was listening then, and still is (or is gone).
      redis =
          init.isPresent()
              ? owner.check(timings.redisPort(), init.get())
              : Optional.of("cannot be told Slips' (the container does not run)");
    }
    String where = "127.0.0.1:" + timings.redisPort();
    checks.add(
        redis.isEmpty()
            ? Check.ok("redis", where + " answers PING")
            : Check.failed("redis", where + " " + redis.get()));
    for (String iface : List.of(pair.wifi(), pair.eth())) {
      Optional<ProcFs.Pid> zeek = running ? zeeks.find(iface, init.get()) : Optional.empty();
      checks.add(
          zeek.map(z -> Check.ok("zeek " + iface, "running (pid " + z.pid() + ")"))
              .orElseGet(
                  () ->
                      Check.failed(
                          "zeek " + iface, "no 'zeek -i " + iface + "' runs in the container")));
    }
    return new ProbeReport(checks);
  }
}
