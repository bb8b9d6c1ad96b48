#!/usr/bin/env bash
# Failover latency benchmark: the time from each fault of Slips to the stand-in create_ap receiving
# its signal, for the runner (target/failover.jar: the engine's wait, and probes every second)
# beside a baseline that polls `docker inspect` every 10 s as the shell version did; and the
# resident memory and CPU seconds of each over an idle minute (the runner's with Slips protecting,
# so with the probes on). Prints figures; asserts nothing.
#
# The faults, each KILLS times, on the Slips-like stand-in (src/test/docker/standin-slips.sh):
#   kill   docker kill of the container (the engine's wait says it)
#   zeek   one Zeek killed, the container running on (the probes: 3 misses a second apart)
#   redis  Slips' Redis frozen with SIGSTOP (the probes: 3 PINGs unanswered, 500 ms each)
# A hung runner is systemd's watchdog's (WatchdogSec=10): the smoke test measures that one.
#
# Usage (root, a running dockerd, after `mvn -B package -DskipTests`):
#   src/test/bench/failover-latency.sh [KILLS=20] [BASELINE_KILLS=20] [IDLE_SECONDS=60]
#   JAVA_OPTS="..." to try other JVM flags (default: those of slips-runner.sh).
#
# The runner runs as `failover run` does, through StandinRun (test classes), which only points the
# access-point code at the stand-in's private state folder and saves rules with a no-op script.
# One runner serves every fault: after each cut it waits for the access point, which the script
# then starts again, as its owner would.
set -euo pipefail

kills=${1:-20}
baseline_kills=${2:-20}
idle_seconds=${3:-60}
# The flags the installed runner script uses, read from its template so the two cannot drift.
template_opts=$(sed -n 's/^JAVA_OPTS="\(.*\)"$/\1/p' "$(dirname "$0")/../../../templates/slips-runner.sh")
# The class-data archive is made at install; here there is none (its placeholder is not rendered).
template_opts=$(printf '%s' "$template_opts" | sed 's/ *-XX:SharedArchiveFile=@@[A-Z_]*@@//')
java_opts=${JAVA_OPTS:-$template_opts}

# Milliseconds, one decimal, from two nanosecond timestamps.
ms_between() {
  echo "$(( ($2 - $1) / 1000 ))" | awk '{ printf "%.1f\n", $1 / 1000 }'
}
image=slips-failover/standin-slips:test
slips_like=slips-failover/standin-slips:slips-like
name=sf-bench-$$
redis_port=$((20000 + RANDOM % 20000))
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$top"

[ -f target/failover.jar ] && [ -f target/test-classes/org/slipsfailover/cli/StandinRun.class ] || {
  echo "build first: mvn -B package -DskipTests" >&2
  exit 2
}
src/test/docker/build-standin-slips.sh "$image" >/dev/null
STANDIN_PROFILE=slips src/test/docker/build-standin-slips.sh "$slips_like" >/dev/null

work=$(mktemp -d /tmp/sf-bench.XXXXXX)
ap_pid='' runner_pid='' baseline_pid='' events_pid=''
cleanup() {
  for pid in $runner_pid $baseline_pid $ap_pid $events_pid; do kill -KILL "$pid" 2>/dev/null || true; done
  docker rm -f "$name" >/dev/null 2>&1 || true
  # The stand-in's hostapd: find it by its private state folder, never by name.
  grep -l "$work" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3 | while read -r pid; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
# A signal ends the script through exit, so the EXIT trap cleans up (with only EXIT trapped,
# SIGTERM or Ctrl-C left the container and the work folder behind).
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$work"/{bin,ap,slips/output,baseline-output,state}
install -m 755 src/test/resources/standin/create_ap "$work/bin/create_ap"
printf '#!/bin/sh\nexit 0\n' > "$work/watcher.sh"
# The pair is made up (no such interfaces here): the stand-in's own AP check is off. Its Redis on a
# port of its own, so a parallel run never shares one.
printf 'ap-check off\nstart-delay 1\nredis-port %s\n' "$redis_port" > "$work/slips/output/standin-behaviour"
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
    "$work/ap" "$work/watcher.sh" "$wifi,$eth" --slips-dir "$work/slips" --image "$slips_like" \
    --container-name "$name" --memory 256m --state-dir "$work/state" --stop-grace 2 \
    --redis-port "$redis_port" > "$1" 2>&1 &
  runner_pid=$!
}

await_protecting() { # $1: log, $2: how many times it must have said so
  until [ "$(grep -c 'Slips protects: ' "$1" 2>/dev/null)" -ge "$2" ]; do
    kill -0 "$runner_pid" 2>/dev/null || { cat "$1" >&2; exit 1; }
    sleep 0.02
  done
}

# The shell version's loop: docker run, then docker inspect every 10 s; then signal the AP.
baseline_loop() {
  docker rm -f "$name" >/dev/null 2>&1 || true
  docker run -d -it -v "$work/baseline-output:/StratosphereLinuxIPS/output/" --name "$name" --net=host \
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

faults=(kill zeek redis)
inject() { # $1: fault
  case $1 in
    kill) docker kill "$name" >/dev/null ;;
    zeek) docker exec "$name" standin-fault kill-zeek "$eth" ;;
    redis) docker exec "$name" standin-fault hang ;;
  esac
}
echo "Runner ($java_opts): $kills of each fault: ${faults[*]}" >&2
round=0
start_ap "$work/sig.0"
start_runner "$work/run.log"
for fault in "${faults[@]}"; do
  : > "$work/runner.$fault.ms"
  for i in $(seq 1 "$kills"); do
    round=$((round + 1))
    [ "$round" = 1 ] || start_ap "$work/sig.$round"
    sig=$work/sig.$((round == 1 ? 0 : round))
    await_protecting "$work/run.log" "$round"
    if [ "$round" = 1 ]; then
      read -r runner_rss runner_cpu < <(idle_footprint "$runner_pid")
    else
      sleep 0.5
    fi
    t0=$(now_ns)
    inject "$fault"
    t1=$(await_signal_ns "$sig")
    ms_between "$t0" "$t1" >> "$work/runner.$fault.ms"
    await_ap_gone
    printf '  %-5s %2d: %s ms\n' "$fault" "$i" "$(tail -1 "$work/runner.$fault.ms")" >&2
  done
done
kill "$runner_pid" 2>/dev/null || true
wait "$runner_pid" 2>/dev/null || true
runner_pid=''

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
echo "Failover latency, fault -> stand-in create_ap signalled:"
echo "  runner, docker kill:    $(stats < "$work/runner.kill.ms")"
echo "  runner, a Zeek killed:  $(stats < "$work/runner.zeek.ms")"
echo "  runner, Redis frozen:   $(stats < "$work/runner.redis.ms")"
echo "  baseline, docker kill (10 s polls): $(stats < "$work/baseline.ms")"
echo "Idle ${idle_seconds} s, one process each (the baseline's docker CLI children count in its CPU):"
echo "  runner JVM, Slips protecting, probes on: RSS ${runner_rss} MB, CPU ${runner_cpu} s"
echo "  baseline bash:  RSS ${baseline_rss} MB, CPU ${baseline_cpu} s"
