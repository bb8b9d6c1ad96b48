#!/bin/bash
# Measures how long the runner's revoke takes: Gate.revoke(), one netlink batch emptying both
# leases, from the call to its return (the kernel acknowledges after it committed the transaction,
# so every packet after the return is dropped). In a network namespace of its own with the rendered gate;
# each revoke follows a renewal by 200 ms, a second apart, as in the runner. This is the runner's
# share of "Slips died -> first dropped packet"; the engine's die event comes before it.
# Prints figures; asserts nothing. Run as root from the repository root, after `mvn -B package`:
#   src/test/bench/gate-revoke-latency.sh [REVOKES]      (default 20)
set -euo pipefail

REVOKES=${1:-20}
JAR=target/failover.jar
[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces, nft)" >&2; exit 1; }
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B package first" >&2; exit 1; }

NS=sfw-bench-revoke-$$
WORK=$(mktemp -d)
trap 'ip netns del "$NS" 2>/dev/null || true; rm -rf "$WORK"' EXIT
ip netns add "$NS"
sed 's/@@WIFI@@/wlan0/' templates/slips-gate.nft >"$WORK/gate.nft"

cat >"$WORK/bench.jsh" <<JSH
import org.slipsfailover.gate.*;
import org.slipsfailover.host.*;
import java.time.*;
import java.util.*;
import java.nio.file.*;
var kernel = new NftKernel(List.of("ip", "netns", "exec", "$NS", "nft"), Optional.of(Path.of("/run/netns/$NS")), Path.of("$WORK/gate.nft"), new ProcessCommands());
var gate = new Gate(kernel, Clock.systemUTC(), Duration.ofSeconds(3));
gate.loadClosed();
double[] ms = new double[$REVOKES];
for (int i = 0; i < ms.length; i++) {
  Thread.sleep(800);
  if (!gate.renew(Instant.now())) { System.out.println("renewal failed"); System.exit(1); }
  Thread.sleep(200);
  long start = System.nanoTime();
  gate.revoke("bench");
  ms[i] = (System.nanoTime() - start) / 1e6;
}
if (kernel.read().orElseThrow().open()) { System.out.println("still open"); System.exit(1); }
double first = ms[0];
Arrays.sort(ms);
System.out.printf("revoke, call to return: median %.2f ms, worst %.2f ms over %d (the first, cold: %.2f ms)%n", ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2, ms[ms.length - 1], ms.length, first);
kernel.close();
/exit
JSH
echo "gate revoke latency ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
# The runner's flags, read from its template (as failover-latency.sh does), for jshell's remote JVM.
read -ra runner_opts <<<"$(sed -n 's/^JAVA_OPTS="\(.*\)"$/\1/p' templates/slips-runner.sh)"
remote_opts=()
for flag in "${runner_opts[@]}"; do
  [[ $flag == *@@* ]] || remote_opts+=("-R$flag")
done
jshell --class-path "$JAR" "${remote_opts[@]}" "$WORK/bench.jsh" 2>&1 | grep -v -E '^\s*$|INFO|WARN|Preferences| [AP]M '
