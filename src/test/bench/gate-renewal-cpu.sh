#!/bin/bash
# Measures the CPU that keeping the gate's lease costs, at one renewal per second, in a network
# namespace of its own holding the rendered gate (templates/slips-gate.nft):
#  1. the runner's way: Gate.renew and Gate.heal once a second, from target/failover.jar, in a JVM
#     with the runner's flags (jshell's remote JVM). The lease goes over netlink; the tables are
#     listed only when the ruleset's generation moved. Counted: the whole JVM's CPU (every
#     thread's, clock_gettime(CLOCK_PROCESS_CPUTIME_ID), in nanoseconds) over the run, minus the same JVM's CPU over an equal run of the same loop
#     without the gate calls (what an idle runner JVM costs anyway), plus the CPU of any nft
#     process the JVM started. The calling thread's own CPU is printed beside it.
#  2. the runner's way until now: one long-lived `nft -j -i`, fed per renewal the renew line and
#     the two list lines; CPU of that nft process from /proc/PID/schedstat over the run (the JVM's
#     share, writing lines and parsing the JSON, left out: it only adds);
#  3. baseline: a new `nft` process per renewal (renew, then list, as one `nft -j -f -`); CPU of
#     the children from bash's `times`.
# Each is paced at one renewal per second for DURATION seconds, RUNS times; figures are per minute
# (CPU seconds x 60 / DURATION). Everything runs against the namespace's nftables, so the
# baselines pay for fork and exec of nft, as a runner would, not for `ip netns exec`. Prints
# figures; asserts nothing. Run as root from the repository root, after `mvn -B package`:
#   src/test/bench/gate-renewal-cpu.sh            (RUNS=3 DURATION=60: about 12 minutes)
#   RUNS=3 DURATION=20 src/test/bench/gate-renewal-cpu.sh
set -euo pipefail

RUNS=${RUNS:-3}
DURATION=${DURATION:-60}
TEMPLATE=templates/slips-gate.nft
JAR=target/failover.jar

[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces, nft)" >&2; exit 1; }
[ -f "$TEMPLATE" ] || { echo "run from the repository root" >&2; exit 1; }
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B package first" >&2; exit 1; }

if [ -z "${SFW_BENCH_INSIDE:-}" ]; then
  NS=sfw-bench-gate-$$
  ip netns add "$NS"
  trap 'ip netns del "$NS"' EXIT
  SFW_BENCH_INSIDE=$NS ip netns exec "$NS" bash "$0" "$@"
  exit
fi
NS=$SFW_BENCH_INSIDE
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
sed 's/@@WIFI@@/wlan0/' "$TEMPLATE" >"$WORK/gate.nft"
nft -f "$WORK/gate.nft"

# The lines NftKernel sends (GateTable.renew and GateTable.lists): both tables (inet, and bridge
# for create_ap -m bridge) renewed in one line, then listed one line each.
RENEW="flush set inet slips_failover lease; add element inet slips_failover lease { 0 timeout 3000ms }"
RENEW+="; flush set bridge slips_failover lease; add element bridge slips_failover lease { 0 timeout 3000ms }"
LIST="${LIST:-list table inet slips_failover
list table bridge slips_failover}"
TABLES=$(grep -c '^list' <<<"$LIST") # each listing is one JSON line naming the lease set

# 1. The runner's way, in a JVM with the runner's flags. Loop without the gate calls first, then
# with them, per run; prints one line per run: "gate-ms control-ms thread-ms nft-ms" (CPU over the
# run, milliseconds).
jvm_runs() {
  cat >"$WORK/GateRenewalBench.java" <<JAVA
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slipsfailover.gate.Gate;
import org.slipsfailover.gate.NftKernel;
import org.slipsfailover.host.ProcessCommands;

public class GateRenewalBench {
  // This JVM's CPU, every thread's, also of threads that ended, in nanoseconds
  // (clock_gettime(CLOCK_PROCESS_CPUTIME_ID); the JVM's own getProcessCpuTime counts 10 ms ticks).
  interface LibC extends com.sun.jna.Library { int clock_gettime(int clock, long[] timespec); }
  static final LibC LIBC = com.sun.jna.Native.load("c", LibC.class);

  static long jvmCpu() { long[] ts = new long[2]; LIBC.clock_gettime(2, ts); return ts[0] * 1_000_000_000L + ts[1]; }

  static long schedstat(Path p) {
    try { return Long.parseLong(Files.readString(p).split(" ")[0]); } catch (Exception e) { return 0; }
  }

  // The nft processes this JVM started (the long-lived nft -j -i that lists, when it must).
  static long nftCpu() {
    return ProcessHandle.current().descendants().mapToLong(p -> schedstat(Path.of("/proc/" + p.pid() + "/schedstat"))).sum();
  }

  public static void main(String[] args) throws Exception {
    var threads = ManagementFactory.getThreadMXBean();
    var kernel = new NftKernel(List.of("ip", "netns", "exec", "$NS", "nft"), Optional.of(Path.of("/run/netns/$NS")), Path.of("$WORK/gate.nft"), new ProcessCommands());
    var gate = new Gate(kernel, Clock.systemUTC(), Duration.ofSeconds(3));
    gate.loadClosed();
    // Warm-up: the JIT compiles the path before anything is counted.
    for (int i = 0; i < 3000; i++) { gate.renew(Instant.now()); gate.heal(); }
    for (int run = 0; run < $RUNS; run++) {
      long control0 = jvmCpu();
      for (int i = 0; i < $DURATION; i++) { Thread.sleep(1000); Instant.now(); }
      long control = jvmCpu() - control0;
      long n0 = nftCpu(), p0 = jvmCpu(), calls = 0;
      for (int i = 0; i < $DURATION; i++) {
        Thread.sleep(1000);
        long t0 = threads.getCurrentThreadCpuTime();
        boolean renewed = gate.renew(Instant.now());
        Gate.Health health = gate.heal();
        calls += threads.getCurrentThreadCpuTime() - t0;
        if (!renewed || health != Gate.Health.OURS) { System.out.println("gate not open: " + health); System.exit(1); }
      }
      long p = jvmCpu() - p0, n = nftCpu() - n0;
      System.out.printf("RUN %d %d %d %d%n", p / 1000, control / 1000, calls / 1000, n / 1000);
    }
    kernel.close();
  }
}
JAVA
  # The runner's flags, read from its template (as gate-revoke-latency.sh does).
  local runner_opts=() flags=() flag
  read -ra runner_opts <<<"$(sed -n 's/^JAVA_OPTS="\(.*\)"$/\1/p' templates/slips-runner.sh)"
  for flag in "${runner_opts[@]}"; do
    [[ $flag == *@@* ]] || flags+=("$flag")
  done
  java "${flags[@]}" -cp "$JAR" "$WORK/GateRenewalBench.java" 2>&1 | tee "$WORK/java.log" | sed -n "s/^RUN //p"
}

per_minute() { awk -v t="$1" -v d="$DURATION" 'BEGIN { printf "%.4f", t / 1e9 * 60 / d }'; }

long_lived_run() {
  mkfifo "$WORK/in"
  nft -j -i <"$WORK/in" >"$WORK/out" 2>&1 &
  local pid=$!
  exec 3>"$WORK/in"
  # ip netns exec execs nft: the pid is nft's own. Its start-up (once per runner) is left out:
  # counting starts after its first answer.
  printf '%s\n%s\n' "$RENEW" "$LIST" >&3
  until grep -q '"lease"' "$WORK/out" 2>/dev/null; do sleep 0.1; done
  local start
  start=$(awk '{ print $1 }' "/proc/$pid/schedstat")
  for ((i = 0; i < DURATION; i++)); do
    sleep 1
    printf '%s\n%s\n' "$RENEW" "$LIST" >&3
  done
  sleep 0.5
  local ticks
  ticks=$(awk -v s="$start" '{ print $1 - s }' "/proc/$pid/schedstat")
  exec 3>&-
  wait "$pid" || true
  rm -f "$WORK/in"
  local answers
  answers=$(grep -c '"lease"' "$WORK/out" || true)
  [ "$answers" = "$(((DURATION + 1) * TABLES))" ] || { echo "expected $(((DURATION + 1) * TABLES)) answers, got $answers" >&2; exit 1; }
  per_minute "$ticks"
}

exec_per_renewal_run() {
  local before after
  times >"$WORK/times"
  before=$(awk 'NR == 2 { print $1 " " $2 }' "$WORK/times")
  for ((i = 0; i < DURATION; i++)); do
    printf '%s\n%s\n' "$RENEW" "$LIST" | nft -j -f - >/dev/null
    sleep 1
  done
  times >"$WORK/times"
  after=$(awk 'NR == 2 { print $1 " " $2 }' "$WORK/times")
  # times prints e.g. "0m1.234s 0m0.567s" for children's user and system time.
  awk -v b="$before" -v a="$after" -v d="$DURATION" 'function s(x) { split(x, p, "m"); sub("s", "", p[2]); return p[1] * 60 + p[2] }
    BEGIN { split(b, B, " "); split(a, A, " "); printf "%.4f", (s(A[1]) + s(A[2]) - s(B[1]) - s(B[2])) * 60 / d }'
}

stats() { sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "median %.4f, worst %.4f CPU-s per minute", m, v[NR] }'; }

echo "gate lease renewal, 1 per second, $RUNS runs of $DURATION s ($(nft --version), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
jvm=() whole=()
while read -r gate_us control_us calls_us nft_us; do
  jvm+=("$(per_minute "$(((calls_us + nft_us) * 1000))")")
  whole+=("$(per_minute "$(((gate_us - control_us) * 1000))")")
  echo "  run ${#jvm[@]}: the runner's gate calls ${jvm[-1]} CPU-s per minute (thread $calls_us us, nft children $nft_us us; whole JVM with the gate $gate_us us, without $control_us us: ${whole[-1]})"
done < <(jvm_runs)
[ "${#jvm[@]}" = "$RUNS" ] || { echo "the JVM runs did not finish:" >&2; cat "$WORK/java.log" >&2; exit 1; }
long=() execs=()
for ((r = 1; r <= RUNS; r++)); do
  long+=("$(long_lived_run)")
  execs+=("$(exec_per_renewal_run)")
  echo "  run $r: long-lived nft -i ${long[-1]}, nft per renewal ${execs[-1]} CPU-s per minute"
done
echo "the runner (netlink; listed only on a new generation): $(printf '%s\n' "${jvm[@]}" | stats)"
echo "  the whole JVM, minus the same loop without the gate:  $(printf '%s\n' "${whole[@]}" | stats)"
echo "long-lived nft -j -i, renew and list (until now):     $(printf '%s\n' "${long[@]}" | stats)"
echo "one nft process per renewal (baseline):               $(printf '%s\n' "${execs[@]}" | stats)"
echo "aim: under 0.05 CPU-s per minute"
