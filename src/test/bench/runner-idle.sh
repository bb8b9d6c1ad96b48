#!/usr/bin/env bash
# The runner's idle cost: CPU seconds (its JVM's own user + system time, from /proc/PID/stat) and
# resident memory of `failover run` over IDLE_SECONDS while the Slips-like stand-in protects, so
# with the probes every second, the Redis watch, the gate's lease renewed and checked, the daemon
# pings; for this tree's jar beside a baseline jar (default: one built from `main`), in the same
# run, interleaved A,B,A,B,... so the load of a shared machine hits both alike. Prints median and
# worst of each, the load average, and the threads the CPU went to. Asserts nothing.
#
# Usage (root, a running dockerd, after `mvn -B package -DskipTests`):
#   src/test/bench/runner-idle.sh [RUNS=3] [IDLE_SECONDS=60] [WARMUP_SECONDS=20]
#   WINDOWS=N         N windows of IDLE_SECONDS one after the other (default 1): the first minutes
#                     still pay the JIT compiling code that runs once a second (its thresholds are
#                     counted in calls), the later ones show what a runner costs all day
#   BASELINE_JAR=/path/failover.jar   the baseline (default: built from `main` in a temporary
#                                     git worktree, removed at the end)
#   JAVA_OPTS="..."   the JVM flags of both (default: those of templates/slips-runner.sh, with a
#                     class archive made here for each jar, as the install makes one)
#   BASELINE_JAVA_OPTS="..."          the baseline's flags, when they differ (default: JAVA_OPTS,
#                                     or the flags of the baseline tree's own runner template)
#   METRICS=1         this tree's jar with the owner's tools on: its Prometheus metrics (written to
#                     a folder of the run's own, counters in a /var/lib of its own) and
#                     notifications (a notify.urls to a json:// receiver nobody runs: nothing
#                     changes while Slips protects, so nothing is sent), beside the same jar with
#                     both off (SLIPS_FAILOVER_METRICS=off, no URL): BASELINE_JAR is this tree's jar
#   METRICS=both      both jars with the owner's tools on: this tree's beside the baseline's
#
# The runner runs as `failover run` does, through StandinRun (test classes: only the stand-in
# create_ap's state folder and a no-op rules saver differ), in a mount namespace of its own where
# /etc/slips-failover holds the rendered gate ruleset, so the gate is loaded and its lease renewed
# as on a Pi. The gate's tables (inet and bridge slips_failover) are the host's: the script
# refuses to start when they exist already and removes them at the end. Its access-point interface
# is a made-up name, so the gate holds no traffic of this machine.
set -euo pipefail

runs=${1:-3}
idle_seconds=${2:-60}
warmup_seconds=${3:-20}
windows=${WINDOWS:-1}
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$top"

[ "$(id -u)" = 0 ] || { echo "run as root (docker, nftables, a mount namespace)" >&2; exit 1; }
[ -f target/failover.jar ] && [ -f target/test-classes/org/slipsfailover/cli/StandinRun.class ] || {
  echo "build first: mvn -B package -DskipTests" >&2
  exit 2
}
for family in inet bridge; do
  if nft list table "$family" slips_failover >/dev/null 2>&1; then
    echo "table $family slips_failover exists already (an installed or running runner?): not touching it" >&2
    exit 1
  fi
done

# A tag of this run's own: other worktrees rebuild the shared slips-like tag with their stand-in.
slips_like=slips-failover/standin-slips:idle-bench-$$
STANDIN_PROFILE=slips src/test/docker/build-standin-slips.sh "$slips_like" >/dev/null

work=$(mktemp -d /tmp/sf-idle.XXXXXX)
name=sf-idle-$$
redis_port=$((20000 + RANDOM % 20000))
ap_pid='' runner_pid='' baseline_tree=''
cleanup() {
  for pid in $runner_pid $ap_pid; do kill -KILL "$pid" 2>/dev/null || true; done
  docker rm -f "$name" >/dev/null 2>&1 || true
  docker rmi "$slips_like" >/dev/null 2>&1 || true
  # The stand-in's hostapd: found by its private state folder, never by name.
  # (pgrep never names itself; a grep of /proc/*/cmdline named its own, soon reused, pid.)
  pgrep -f -- "$work/ap/" | while read -r pid; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  for family in inet bridge; do nft delete table "$family" slips_failover 2>/dev/null || true; done
  if [ -n "$baseline_tree" ]; then git worktree remove --force "$baseline_tree" || true; fi
  umount -R "$work/state" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The baseline jar: main's, built in a worktree of its own (this tree is left as it is).
runner_opts() { # $1: a runner template; its JAVA_OPTS, without the class archive
  sed -n 's/^JAVA_OPTS="\(.*\)"$/\1/p' "$1" | sed 's/ *-XX:SharedArchiveFile=@@[A-Z_]*@@//'
}
metrics=${METRICS:-0}
if [ "$metrics" = 1 ]; then
  BASELINE_JAR=$top/target/failover.jar
fi
if [ -z "${BASELINE_JAR:-}" ]; then
  baseline_tree=$work/baseline-tree
  git worktree add --detach "$baseline_tree" main >/dev/null 2>&1
  echo "building the baseline jar from main ($(git -C "$baseline_tree" rev-parse --short HEAD))" >&2
  (cd "$baseline_tree" && mvn -B -o -q package -DskipTests >/dev/null)
  BASELINE_JAR=$baseline_tree/target/failover.jar
  baseline_template=$baseline_tree/templates/slips-runner.sh
else
  baseline_template=templates/slips-runner.sh
fi
opts_a=${JAVA_OPTS:-$(runner_opts templates/slips-runner.sh)}
opts_b=${BASELINE_JAVA_OPTS:-${JAVA_OPTS:-$(runner_opts "$baseline_template")}}
mkdir -p "$work"/{a,b}
cp target/failover.jar "$work/a/failover.jar"
cp "$BASELINE_JAR" "$work/b/failover.jar"
# StandinRun and its stand-ins, this tree's, for both (copied: a rebuild meanwhile changes nothing).
cp -r target/test-classes "$work/test-classes"

# A class archive per jar, as the install makes one.
for v in a b; do
  # shellcheck disable=SC2046 # the flags are words
  src/test/bench/class-archive.sh "$work/$v/failover.jar" "$work/$v/classes.jsa" $(eval echo "\$opts_$v")
done

mkdir -p "$work"/{bin,ap,slips/output,state,etc,prom,varlib/slips-failover}
# What each variant's runner does with metrics: on (a) or off (b) with METRICS=1, else off.
metrics_a=off metrics_b=off
if [ "$metrics" = 1 ] || [ "$metrics" = both ]; then metrics_a=$work/prom; fi
if [ "$metrics" = both ]; then metrics_b=$work/prom; fi
# The runner binds Slips' output/ under its state folder for the engine to mount (host/OutputMount),
# inside its own mount namespace: the state folder, a shared mount, carries that bind out to the
# engine's namespace.
mount --bind "$work/state" "$work/state"
mount --make-shared "$work/state"
install -m 755 src/test/resources/standin/create_ap "$work/bin/create_ap"
printf '#!/bin/sh\nexit 0\n' > "$work/watcher.sh"
chmod 755 "$work/watcher.sh"
printf 'ap-check off\nstart-delay 1\nredis-port %s\n' "$redis_port" > "$work/slips/output/standin-behaviour"
suffix=$(printf '%06x' $((RANDOM * 32768 + RANDOM)))
wifi=wi$suffix eth=ei$suffix
sed "s/@@WIFI@@/$wifi/g" templates/slips-gate.nft > "$work/etc/slips-gate.nft"
# Each variant's /etc/slips-failover: the gate, and with METRICS=1 the notification URL for (a).
for v in a b; do
  mkdir -p "$work/etc-$v"
  cp "$work/etc/slips-gate.nft" "$work/etc-$v/"
done
if [ "$metrics" = 1 ] || [ "$metrics" = both ]; then
  (umask 077 && echo 'json://127.0.0.1:9/slips' > "$work/etc-a/notify.urls")
fi
if [ "$metrics" = both ]; then cp -p "$work/etc-a/notify.urls" "$work/etc-b/"; fi

start_ap() {
  rm -rf "$work"/ap/create_ap.*
  STANDIN_TMPDIR="$work/ap" "$work/bin/create_ap" "$wifi" "$eth" bench benchpass >/dev/null 2>&1 &
  ap_pid=$!
  until ls "$work"/ap/create_ap.*/hostapd.pid >/dev/null 2>&1; do sleep 0.02; done
}

start_runner() { # $1: variant (a or b), $2: log
  local opts
  opts=$(eval echo "\$opts_$1")
  # A mount namespace of its own: /etc/slips-failover is the rendered gate here only, /var/lib
  # (where the metrics' counters are kept) a folder of this run's.
  # Its root mount private, so that the gate's folder stays in it; the state folder stays shared.
  # shellcheck disable=SC2086 # the flags are words
  SLIPS_FAILOVER_METRICS=$(eval echo "\$metrics_$1") \
  unshare -m --propagation unchanged sh -c 'mount --make-private / && mkdir -p /etc/slips-failover &&
      mount --bind "$1" /etc/slips-failover && mount --bind "$2" /var/lib && shift 2 &&
      exec "$@"' sh "$work/etc-$1" "$work/varlib" \
    java $opts -XX:SharedArchiveFile="$work/$1/classes.jsa" -Xlog:cds=off,cds+dynamic=off \
    -cp "$work/$1/failover.jar:$work/test-classes" org.slipsfailover.cli.StandinRun \
    "$work/ap" "$work/watcher.sh" "$wifi,$eth" --slips-dir "$work/slips" --image "$slips_like" \
    --container-name "$name" --memory 256m --state-dir "$work/state" --stop-grace 2 \
    --redis-port "$redis_port" > "$2" 2>&1 &
  runner_pid=$!
}

not_protecting() { # $1: log
  echo "the runner did not protect throughout; its log:" >&2
  cat "$1" >&2
  echo "the stand-in Slips' log:" >&2
  cat "$work"/slips/output/standin.log >&2 || true
  exit 1
}

await_protecting() { # $1: log
  local waited=0
  until grep -q 'Slips protects: ' "$1" 2>/dev/null; do
    kill -0 "$runner_pid" 2>/dev/null && [ "$waited" -lt 2400 ] || not_protecting "$1"
    sleep 0.05
    waited=$((waited + 1))
  done
}

java_pid() { # the JVM: the runner's process once unshare's sh exec'd it
  local pid=$runner_pid
  until grep -qa 'StandinRun' "/proc/$pid/cmdline" 2>/dev/null && [ "$(cat "/proc/$pid/comm")" = java ]; do
    sleep 0.05
  done
  echo "$pid"
}

cpu_ticks() { awk '{ split(substr($0, index($0, ") ") + 2), f, " "); print f[12] + f[13] }' "$1"; }
threads() { # $1: pid; "ticks name" per thread
  for t in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(cpu_ticks "$t/stat" 2>/dev/null || echo 0)" "$(tr ' ' _ < "$t/comm" 2>/dev/null)"
  done
}
hz=$(getconf CLK_TCK)

measure() { # $1: variant; appends "cpu_s_per_min rss_mb" to $work/$1.w<window>.figures
  local log=$work/$1.run.$round.log jvm before after
  start_ap
  start_runner "$1" "$log"
  await_protecting "$log"
  jvm=$(java_pid)
  sleep "$warmup_seconds"
  local w
  for w in $(seq 1 "$windows"); do
    threads "$jvm" > "$work/threads.before"
    before=$(cpu_ticks "/proc/$jvm/stat")
    sleep "$idle_seconds"
    after=$(cpu_ticks "/proc/$jvm/stat")
    threads "$jvm" > "$work/threads.after"
    echo "$(awk -v a="$after" -v b="$before" -v hz="$hz" -v s="$idle_seconds" \
      'BEGIN { printf "%.3f", (a - b) / hz * 60 / s }') $(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$jvm/status")" \
      >> "$work/$1.w$w.figures"
  done
  grep -q 'Slips protects: ' "$log" && ! grep -qE 'stopped protecting|ERROR' "$log" || not_protecting "$log"
  # Per-thread ticks over the last window, summed by thread name (pool threads share one).
  join -1 2 -2 2 <(awk '{ s[$2] += $1 } END { for (n in s) print s[n], n }' "$work/threads.before" | sort -k2) \
    <(awk '{ s[$2] += $1 } END { for (n in s) print s[n], n }' "$work/threads.after" | sort -k2) \
    -a 2 -e 0 -o 0,1.1,2.1 | awk '{ print $1, $3 - $2 }' >> "$work/$1.threads"
  if [ "$(eval echo "\$metrics_$1")" != off ] && ! grep -qx 'slips_failover_protected 1' "$work/prom/slips_failover.prom"; then
    echo "metrics on, but $work/prom/slips_failover.prom does not say protected 1; the runner's log:" >&2
    cat "$log" >&2
    exit 1
  fi
  kill -TERM "$runner_pid"
  wait "$runner_pid" 2>/dev/null || true
  runner_pid=''
  kill -KILL "$ap_pid" 2>/dev/null || true
  wait "$ap_pid" 2>/dev/null || true
  docker rm -f "$name" >/dev/null 2>&1 || true
  for family in inet bridge; do nft delete table "$family" slips_failover 2>/dev/null || true; done
  printf '  %s run %d: CPU-s/min by window %s; RSS %s MB (load %s)\n' "$1" "$round" \
    "$(for w in $(seq 1 "$windows"); do tail -1 "$work/$1.w$w.figures" | cut -d' ' -f1; done | tr '\n' ' ')" \
    "$(tail -1 "$work/$1.w$windows.figures" | cut -d' ' -f2)" "$(cut -d' ' -f1-3 /proc/loadavg)" >&2
}

summary() { # $1: column of the figures (1 CPU, 2 RSS); reads figures
  cut -d' ' -f"$1" | sort -n | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "median %.2f  worst %.2f  (n=%d)", m, v[NR], NR }'
}

echo "runner idle: $runs runs each, interleaved; ${warmup_seconds} s warm-up, then $windows window(s) of ${idle_seconds} s" >&2
echo "  this tree: $opts_a (metrics: $metrics_a)" >&2
echo "  baseline:  $opts_b ($BASELINE_JAR; metrics: $metrics_b)" >&2
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$runs"); do
  measure a
  measure b
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "Runner JVM, Slips protecting (probes every second, Redis watch, gate lease), per minute:"
for w in $(seq 1 "$windows"); do
  echo "  window $w (from $((warmup_seconds + (w - 1) * idle_seconds)) s after protecting, ${idle_seconds} s):"
  printf '    this tree  CPU-s/min %s   RSS MB %s\n' "$(summary 1 < "$work/a.w$w.figures")" "$(summary 2 < "$work/a.w$w.figures")"
  printf '    baseline   CPU-s/min %s   RSS MB %s\n' "$(summary 1 < "$work/b.w$w.figures")" "$(summary 2 < "$work/b.w$w.figures")"
done
echo "  load average at start $load_start, at end $load_end ($(nproc) cores)"
for v in a b; do
  echo "  where it went in window $windows ($([ $v = a ] && echo this tree || echo baseline)), CPU-s/min by thread, mean of the runs:"
  awk -v hz="$hz" -v s="$idle_seconds" -v n="$runs" '{ t[$1] += $2 } END {
      for (k in t) if (t[k] > 0) printf "%.3f %s\n", t[k] / hz * 60 / s / n, k }' "$work/$v.threads" \
    | sort -rn | head -8 | awk '{ printf "    %-18s %s\n", $2, $1 }'
done
