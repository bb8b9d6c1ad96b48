#!/bin/bash
# How soon the runner learns that a process ended, and how soon a cut signals create_ap: the
# figures that unit and integration tests used to bound (ProcessExitsTest, ProcAccessPointsIT),
# where a loaded machine made them fail. Each beside a baseline, in the same run:
#  1. a process ends -> the watch completes: ProcessExits.pidfd (the runner's) and, watching the
#     same process, ProcessHandle.onExit (the JDK's poll, for a process that is not our child);
#  2. the decision to cut -> the stand-in create_ap's SIGTERM trap (its own `date +%s%N`):
#     ProcAccessPoints.cut (the scan of /proc, then the signal) and `kill -TERM` run as a new
#     process (a signal and nothing else, plus the fork and exec of kill);
#  3. one scan for the access point: ProcAccessPoints.find over /proc, and `pgrep -f create_ap`.
# Prints median and worst of RUNS; asserts nothing. From the repository root, after
# `mvn -B package -DskipTests`:   src/test/bench/process-latency.sh   (RUNS=15: under a minute)
set -euo pipefail

RUNS=${RUNS:-15}
JAR=target/failover.jar
STANDIN=src/test/resources/standin/create_ap
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B package -DskipTests first" >&2; exit 1; }
[ -f "$STANDIN" ] || { echo "run from the repository root" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'pkill -KILL -f "$WORK/" 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/bin" "$WORK/state" "$WORK/scratch"
install -m 755 "$STANDIN" "$WORK/bin/create_ap"

cat >"$WORK/ProcessLatencyBench.java" <<'JAVA'
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slipsfailover.ap.CutTiming;
import org.slipsfailover.ap.ProcAccessPoints;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcFs;
import org.slipsfailover.host.ProcessExits;

public class ProcessLatencyBench {
  static final Path WORK = Path.of(System.getProperty("work"));
  static final Path LOG = WORK.resolve("signals.log");
  static final InterfacePair PAIR = new InterfacePair("wlbench0", "etbench0");

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(args[0]);
    ProcFs proc = new ProcFs(HostRoot.live());
    ProcessExits exits = ProcessExits.pidfd(proc);
    List<Long> pidfd = new ArrayList<>(), onExit = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      // An orphaned sleep: not this JVM's child, as Slips' processes are not the runner's.
      Process sh = new ProcessBuilder("sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!").start();
      long pid = Long.parseLong(new String(sh.getInputStream().readAllBytes()).strip());
      sh.waitFor();
      CompletableFuture<Long> a = exits.of(proc.living(pid).orElseThrow()).thenApply(v -> System.nanoTime());
      CompletableFuture<Long> b = ProcessHandle.of(pid).orElseThrow().onExit().thenApply(h -> System.nanoTime());
      Thread.sleep(100);
      long killed = System.nanoTime();
      new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor();
      pidfd.add((a.get(60, TimeUnit.SECONDS) - killed) / 1000);
      onExit.add((b.get(60, TimeUnit.SECONDS) - killed) / 1000);
    }
    report("process ends -> watch completes, ProcessExits.pidfd", pidfd);
    report("process ends -> watch completes, ProcessHandle.onExit (baseline)", onExit);

    ProcAccessPoints aps = new ProcAccessPoints(HostRoot.live(), WORK.resolve("state"),
        argv -> new CommandResult(0, "", "", false), CutTiming.defaults());
    List<Long> cut = new ArrayList<>(), kill = new ArrayList<>(), find = new ArrayList<>(), pgrep = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Process ap = standin();
      long before = epochNanos();
      aps.cut(PAIR);
      ap.waitFor();
      cut.add((termAt() - before) / 1000);

      ap = standin();
      before = epochNanos();
      new ProcessBuilder("kill", "-TERM", Long.toString(ap.pid())).start().waitFor();
      ap.waitFor();
      kill.add((termAt() - before) / 1000);
    }
    report("decision -> create_ap's SIGTERM trap, ProcAccessPoints.cut", cut);
    report("decision -> create_ap's SIGTERM trap, kill -TERM (baseline)", kill);

    Process ap = standin();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      aps.find(PAIR).orElseThrow();
      find.add((System.nanoTime() - start) / 1000);
      start = System.nanoTime();
      new ProcessBuilder("pgrep", "-f", "create_ap").start().waitFor();
      pgrep.add((System.nanoTime() - start) / 1000);
    }
    ap.destroyForcibly();
    report("one scan, ProcAccessPoints.find over /proc", find);
    report("one scan, pgrep -f create_ap (baseline)", pgrep);
  }

  static Process standin() throws Exception {
    Files.deleteIfExists(LOG);
    ProcessBuilder b = new ProcessBuilder("bash", WORK.resolve("bin/create_ap").toString(),
        PAIR.wifi(), PAIR.eth(), "standin", "standinpass").directory(WORK.resolve("scratch").toFile());
    b.environment().put("STANDIN_TMPDIR", WORK.resolve("state").toString());
    b.environment().put("STANDIN_SIGNAL_LOG", LOG.toString());
    b.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(WORK.resolve("out.log").toFile()));
    Process p = b.start();
    Instant deadline = Instant.now().plusSeconds(30);
    while (!up()) {
      if (Instant.now().isAfter(deadline)) throw new IllegalStateException("stand-in not up");
      Thread.sleep(10);
    }
    return p;
  }

  static boolean up() throws Exception {
    try (var s = Files.list(WORK.resolve("state"))) {
      return s.anyMatch(f -> Files.exists(f.resolve("hostapd.pid")));
    }
  }

  static long termAt() throws Exception {
    String line = Files.readAllLines(LOG).stream().filter(l -> l.startsWith("TERM ")).findFirst().orElseThrow();
    return Long.parseLong(line.split(" ")[1]);
  }

  static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  static void report(String what, List<Long> micros) {
    List<Long> s = micros.stream().sorted().toList();
    System.out.printf("%-68s median %8.2f ms   worst %8.2f ms%n", what, s.get(s.size() / 2) / 1000.0,
        s.get(s.size() - 1) / 1000.0);
  }
}
JAVA

echo "$RUNS runs each; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(ps -e --no-headers | wc -l) processes"
# The cut logs a line per step: only the figures here.
java -Dwork="$WORK" -cp "$JAR" "$WORK/ProcessLatencyBench.java" "$RUNS" | grep -vE "^[0-9-]+T[0-9:.]+Z (INFO|WARN) "
