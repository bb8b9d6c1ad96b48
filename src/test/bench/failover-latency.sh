#!/usr/bin/env bash
# Failover latency benchmark: the time from `docker kill` of the Slips container to the stand-in
# create_ap receiving its signal, for the runner (target/failover.jar, event-driven) beside a
# baseline that polls `docker inspect` every 10 s as the shell version did; and the resident
# memory and CPU seconds of each over an idle minute. Prints figures; asserts nothing.
#
# Usage (root, a running dockerd, after `mvn -B package -DskipTests`):
#   src/test/bench/failover-latency.sh [KILLS=20] [BASELINE_KILLS=20] [IDLE_SECONDS=60]
#   JAVA_OPTS="..." to try other JVM flags (default: those of slips-runner.sh).
#
# The runner runs as `failover run` does, through StandinRun (test classes), which only points the
# access-point code at the stand-in's private state folder and saves rules with a no-op script.
set -euo pipefail

kills=${1:-20}
baseline_kills=${2:-20}
idle_seconds=${3:-60}
# The flags the installed runner script uses, read from its template so the two cannot drift.
template_opts=$(sed -n 's/^JAVA_OPTS="\(.*\)"$/\1/p' "$(dirname "$0")/../../../templates/slips-runner.sh")
java_opts=${JAVA_OPTS:-$template_opts}

# Milliseconds, one decimal, from two nanosecond timestamps.
ms_between() {
  echo "$(( ($2 - $1) / 1000 ))" | awk '{ printf "%.1f\n", $1 / 1000 }'
}
image=slips-failover/standin-slips:test
name=sf-bench-$$
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$top"

[ -f target/failover.jar ] && [ -f target/test-classes/org/slipsfailover/cli/StandinRun.class ] || {
  echo "build first: mvn -B package -DskipTests" >&2
  exit 2
}
src/test/docker/build-standin-slips.sh "$image" >/dev/null

work=$(mktemp -d /tmp/sf-bench.XXXXXX)
ap_pid='' runner_pid='' baseline_pid='' events_pid=''
cleanup() {
  for pid in $runner_pid $baseline_pid $ap_pid $events_pid; do kill -KILL "$pid" 2>/dev/null || true; done
  docker rm -f "$name" >/dev/null 2>&1 || true
  # The stand-in's hostapd: find it by its private state folder, never by name.
  for pid in $(grep -l "$work" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3); do
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work"/{bin,ap,slips/output,state}
install -m 755 src/test/resources/standin/create_ap "$work/bin/create_ap"
printf '#!/bin/sh\nexit 0\n' > "$work/watcher.sh"
chmod 755 "$work/watcher.sh"
suffix=$(printf '%06x' $((RANDOM * 32768 + RANDOM)))
wifi=wb$suffix eth=eb$suffix

now_ns() { date +%s%N; }

start_ap() { # $1: signal log
  STANDIN_TMPDIR="$work/ap" STANDIN_SIGNAL_LOG="$1" "$work/bin/create_ap" "$wifi" "$eth" bench benchpass \
    >/dev/null 2>&1 &
  ap_pid=$!
  until ls "$work"/ap/create_ap.*/hostapd.pid >/dev/null 2>&1; do sleep 0.02; done
}

await_signal_ns() { # $1: signal log; prints the time of the first signal
  until [ -s "$1" ] && grep -qvE '^CLEANUP' "$1"; do sleep 0.005; done
  grep -vE '^CLEANUP' "$1" | head -1 | cut -d' ' -f2
}

await_ap_gone() {
  while kill -0 "$ap_pid" 2>/dev/null; do sleep 0.02; done
  wait "$ap_pid" 2>/dev/null || true
  rm -rf "$work"/ap/create_ap.*
}

start_runner() { # $1: log
  # shellcheck disable=SC2086
  java $java_opts -cp target/failover.jar:target/test-classes org.slipsfailover.cli.StandinRun \
    "$work/ap" "$work/watcher.sh" "$wifi,$eth" --slips-dir "$work/slips" --image "$image" \
    --container-name "$name" --memory 256m --state-dir "$work/state" > "$1" 2>&1 &
  runner_pid=$!
  until grep -q 'Slips is running' "$1" 2>/dev/null; do
    kill -0 "$runner_pid" 2>/dev/null || { cat "$1" >&2; exit 1; }
    sleep 0.02
  done
}

# The shell version's loop: docker run, then docker inspect every 10 s; then signal the AP.
baseline_loop() {
  docker rm -f "$name" >/dev/null 2>&1 || true
  docker run -d -it -v "$work/slips/output:/StratosphereLinuxIPS/output/" --name "$name" --net=host \
    --cpu-shares 800 --memory 256m --memory-swap 256m --shm-size 512m --cap-add NET_ADMIN "$image" \
    bash -c "tmux new -s slips './slips.py -ap $wifi,$eth'; tmux wait-for -S slips_done" >/dev/null
  while :; do
    status=$(docker inspect -f '{{.State.Running}}' "$name" 2>/dev/null || echo gone)
    echo "$(date -Iseconds) Slips container status: $status"
    [ "$status" = true ] || break
    sleep 10
  done
  kill -TERM "$(cat "$work"/ap/create_ap.*/pid)"
}

cpu_seconds() { # $1: pid; utime+stime+cutime+cstime in seconds
  awk -v hz="$(getconf CLK_TCK)" '{ split(substr($0, index($0, ") ") + 2), f, " ");
    printf "%.2f", (f[12] + f[13] + f[14] + f[15]) / hz }' "/proc/$1/stat"
}
rss_mb() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

idle_footprint() { # $1: pid; prints "<rss MB> <cpu s>" over idle_seconds
  local before after
  before=$(cpu_seconds "$1")
  sleep "$idle_seconds"
  after=$(cpu_seconds "$1")
  echo "$(rss_mb "$1") $(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }')"
}

stats() { # reads ms values, prints median, worst, mean
  sort -n | awk '{ v[NR] = $1; s += $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "n=%d median=%.1f ms worst=%.1f ms mean=%.1f ms", NR, m, v[NR], s / NR }'
}

echo "Runner ($java_opts): $kills kills" >&2
: > "$work/runner.ms"
: > "$work/runner-after-die.ms"
# The engine's own "die" times, to tell the runner's share from docker kill's.
docker events --filter "container=$name" --filter event=die --format '{{.TimeNano}}' > "$work/die.events" &
events_pid=$!
for i in $(seq 1 "$kills"); do
  start_ap "$work/sig.$i"
  start_runner "$work/run.$i.log"
  if [ "$i" = 1 ]; then
    read -r runner_rss runner_cpu < <(idle_footprint "$runner_pid")
  else
    sleep 0.5
  fi
  t0=$(now_ns)
  docker kill "$name" >/dev/null
  t1=$(await_signal_ns "$work/sig.$i")
  ms_between "$t0" "$t1" >> "$work/runner.ms"
  until [ "$(wc -l < "$work/die.events")" -ge "$i" ]; do sleep 0.01; done
  die=$(sed -n "${i}p" "$work/die.events")
  ms_between "$die" "$t1" >> "$work/runner-after-die.ms"
  wait "$runner_pid" || true
  runner_pid=''
  await_ap_gone
  printf '  kill %2d: %s ms\n' "$i" "$(tail -1 "$work/runner.ms")" >&2
done

kill "$events_pid" 2>/dev/null || true

echo "Baseline (docker inspect every 10 s): $baseline_kills kills" >&2
: > "$work/baseline.ms"
for i in $(seq 1 "$baseline_kills"); do
  start_ap "$work/bsig.$i"
  baseline_loop > "$work/baseline.$i.log" 2>&1 &
  baseline_pid=$!
  until [ "$(docker inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" = true ]; do sleep 0.05; done
  if [ "$i" = 1 ]; then
    read -r baseline_rss baseline_cpu < <(idle_footprint "$baseline_pid")
  fi
  # Kill at a random moment of the 10 s poll cycle.
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", r % 10000 / 1000 }')"
  t0=$(now_ns)
  docker kill "$name" >/dev/null
  t1=$(await_signal_ns "$work/bsig.$i")
  ms_between "$t0" "$t1" >> "$work/baseline.ms"
  wait "$baseline_pid" || true
  baseline_pid=''
  await_ap_gone
  printf '  kill %2d: %s ms\n' "$i" "$(tail -1 "$work/baseline.ms")" >&2
done

echo
echo "Failover latency, docker kill -> stand-in create_ap signalled:"
echo "  runner (events):        $(stats < "$work/runner.ms")"
echo "  baseline (10 s polls):  $(stats < "$work/baseline.ms")"
echo "  runner, from the engine's die event: $(stats < "$work/runner-after-die.ms")"
echo "Idle ${idle_seconds} s, one process each (the baseline's docker CLI children count in its CPU):"
echo "  runner JVM:     RSS ${runner_rss} MB, CPU ${runner_cpu} s"
echo "  baseline bash:  RSS ${baseline_rss} MB, CPU ${baseline_cpu} s"
