#!/bin/bash
# Measures the CPU that renewing the gate's lease costs, at one renewal per second, in a network
# namespace of its own holding the rendered gate (templates/slips-gate.nft):
#  1. the way the runner does it: one long-lived `nft -j -i`, fed per renewal the renew line and
#     the list line (NftKernel's two lines), its JSON answer read; CPU of that nft process from
#     /proc/PID/stat (user + system) over the run;
#  2. baseline: a new `nft` process per renewal (renew, then list, as one `nft -j -f -`); CPU of
#     the children from bash's `times`.
# Both are paced at one renewal per second for DURATION seconds, RUNS times; figures are per minute
# (CPU seconds x 60 / DURATION); the long-lived nft's CPU time comes from /proc/PID/schedstat
# (nanoseconds; /proc/PID/stat counts 10 ms ticks). Everything runs inside the namespace, so the
# baseline pays for fork and exec of nft, as a runner would, not for `ip netns exec`. The JVM's own share (writing a line, parsing the answer) is not in
# these figures. Prints figures; asserts nothing. Run as root from the repository root:
#   src/test/bench/gate-renewal-cpu.sh            (RUNS=3 DURATION=60: about 6 minutes)
#   RUNS=3 DURATION=20 src/test/bench/gate-renewal-cpu.sh
set -euo pipefail

RUNS=${RUNS:-3}
DURATION=${DURATION:-60}
TEMPLATE=templates/slips-gate.nft

[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces, nft)" >&2; exit 1; }
[ -f "$TEMPLATE" ] || { echo "run from the repository root" >&2; exit 1; }

if [ -z "${SFW_BENCH_INSIDE:-}" ]; then
  NS=sfw-bench-gate-$$
  ip netns add "$NS"
  trap 'ip netns del "$NS"' EXIT
  SFW_BENCH_INSIDE=1 ip netns exec "$NS" bash "$0" "$@"
  exit
fi
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
long=() execs=()
for ((r = 1; r <= RUNS; r++)); do
  long+=("$(long_lived_run)")
  execs+=("$(exec_per_renewal_run)")
  echo "  run $r: long-lived nft -i ${long[-1]}, nft per renewal ${execs[-1]} CPU-s per minute"
done
echo "long-lived nft -j -i (the runner's way): $(printf '%s\n' "${long[@]}" | stats)"
echo "one nft process per renewal (baseline):  $(printf '%s\n' "${execs[@]}" | stats)"
echo "aim: under 0.05 CPU-s per minute"
