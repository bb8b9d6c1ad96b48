#!/bin/bash
# Measures the iptables watcher (templates/iptables-watcher.sh) in a network namespace of its own:
#  1. latency: time from a new Slips block to that block being in the saved rules.v4, over N
#     changes, with the systemd timer emulated (there is no systemd on the build machines);
#  2. CPU per tick (user + system, children included, from perf stat's task-clock; /usr/bin/time
#     if perf is missing), median and worst over 50 ticks, beside the shell version's check
#     (`iptables-save | sha256sum`, IPv4 only).
# Prints figures; asserts nothing. Run as root from the repository root:
#   src/test/bench/iptables-save-latency.sh [CHANGES]      (default 12 changes, about 2 minutes)
#   MODE=events src/test/bench/iptables-save-latency.sh    (the watcher with --follow instead)
# Environment: BLOCKS (Slips blocks in the ruleset, default 200), TICKS (default 50), MODE
# (timer, the default, or events: instead of the timer, the watcher runs with --follow, saving
# on each change that `xtables-monitor -e` reports; the CPU of the idle follower is measured).
#
# The timer emulated as systemd runs it: OnUnitActiveSec (read from the timer template) after
# the last start of the service, then on to the next instant whose place in the second is the
# one fixed for this boot (a random phase here): that is how systemd uses AccuracySec=1s, and
# with systemd 252 in a container the ticks came every 9 s + 1.0 s, as emulated here. The first
# tick comes at a random moment; changes come at random moments, unrelated to the ticks.
#
# bash, not sh: $RANDOM and arrays keep the sampling and the statistics short.
set -euo pipefail

CHANGES=${1:-12}
BLOCKS=${BLOCKS:-200}
TICKS=${TICKS:-50}
MODE=${MODE:-timer}
WATCHER=templates/iptables-watcher.sh

[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces, iptables)" >&2; exit 1; }
[ -f "$WATCHER" ] || { echo "run from the repository root" >&2; exit 1; }
# The template has no placeholders, so it runs as the install would render it.
if grep -q '@@[A-Za-z0-9_]*@@' "$WATCHER"; then
  echo "$WATCHER has placeholders now: render it first" >&2
  exit 1
fi

NS=sfw-bench-$$
WORK=$(mktemp -d)
TIMER_PID=
FOLLOWER_PID=
cleanup() {
  [ -z "$TIMER_PID" ] || kill "$TIMER_PID" 2>/dev/null || true
  [ -z "$FOLLOWER_PID" ] || kill -TERM -- "-$FOLLOWER_PID" 2>/dev/null || true
  ip netns del "$NS" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
ip netns add "$NS"
in_ns() { ip netns exec "$NS" "$@"; }
tick() { in_ns sh "$WATCHER" --rules-dir "$WORK/iptables" --state-dir "$WORK/state"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# Sleeps a random time between $1 and $2 milliseconds.
sleep_between() { sleep "$(awk -v a="$1" -v b="$2" -v r="$RANDOM" 'BEGIN { printf "%.3f", (a + (b - a) * r / 32767) / 1000 }')"; }

# Median and worst of the numbers on stdin, one a line.
stats() { sort -n | awk '{ v[NR] = $1 } END { printf "median %s, worst %s (n=%d)\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[NR], NR }'; }

# A ruleset as on the Pi: Docker's chains, create_ap's rules, Slips' chain with BLOCKS blocks.
in_ns ip link add wlan0 type veth peer name eth0
{
  echo '*nat'
  echo ':DOCKER - [0:0]'
  echo '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER'
  echo '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE'
  echo '-A POSTROUTING -s 192.168.12.0/24 ! -o wlan0 -j MASQUERADE'
  echo '-A PREROUTING -s 192.168.12.0/24 -d 192.168.12.1 -p udp -m udp --dport 53 -j REDIRECT --to-ports 5353'
  echo 'COMMIT'
  echo '*filter'
  for c in DOCKER DOCKER-USER DOCKER-FORWARD DOCKER-ISOLATION-STAGE-1 DOCKER-ISOLATION-STAGE-2 slipsBlocking; do
    echo ":$c - [0:0]"
  done
  echo '-A INPUT -j slipsBlocking'
  echo '-A OUTPUT -j slipsBlocking'
  echo '-A FORWARD -j slipsBlocking'
  echo '-A FORWARD -j DOCKER-USER'
  echo '-A FORWARD -j DOCKER-FORWARD'
  echo '-A DOCKER-FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'
  echo '-A FORWARD -i wlan0 -s 192.168.12.0/24 -j ACCEPT'
  echo '-A FORWARD -i eth0 -d 192.168.12.0/24 -j ACCEPT'
  echo '-A INPUT -p udp -m udp --dport 67 -j ACCEPT'
  for i in $(seq 1 "$BLOCKS"); do
    echo "-A slipsBlocking -s 10.$((i / 250)).$((i % 250)).1/32 -j DROP"
  done
  echo 'COMMIT'
} | in_ns iptables-restore --noflush
in_ns ip6tables -w -N slipsBlocking
in_ns ip6tables -w -I INPUT -j slipsBlocking
in_ns ip6tables -w -A slipsBlocking -s 2001:db8::7 -j DROP
tick
echo "ruleset: $(in_ns iptables-save | grep -c '^-A') IPv4 rules, $BLOCKS of them Slips blocks"

# 1. Latency, with the emulated timer (or the event loop) running in the background.
if [ "$MODE" = events ]; then
  # In a session of its own, so that its whole process group can be ended.
  setsid ip netns exec "$NS" sh "$WATCHER" --follow --rules-dir "$WORK/iptables" \
    --state-dir "$WORK/state" &
  FOLLOWER_PID=$!
  sleep 1
  what="the watcher with --follow"
else
  active_ms=$(sed -n 's/^OnUnitActiveSec=\([0-9]*\)s$/\1/p' templates/iptables-watcher.timer)000
  [ "$active_ms" != 000 ] || { echo "no OnUnitActiveSec=<n>s in the timer" >&2; exit 1; }
  phase_ms=$((RANDOM % 1000))
  (
    sleep_between 0 "$active_ms"
    while :; do
      start=$(now_ms)
      tick || echo "tick failed" >&2
      due=$((start + active_ms))
      next=$((due + (phase_ms - due % 1000 + 1000) % 1000))
      wait_ms=$((next - $(now_ms)))
      [ "$wait_ms" -le 0 ] || sleep "$(awk -v m="$wait_ms" 'BEGIN { printf "%.3f", m / 1000 }')"
    done
  ) &
  TIMER_PID=$!
  what="timer emulated: OnUnitActiveSec=$((active_ms / 1000))s, then the boot's point of the second"
fi

echo "latency from a new block to rules.v4, $CHANGES changes ($what):"
: >"$WORK/latency"
for i in $(seq 1 "$CHANGES"); do
  sleep_between 1000 13000
  ip=198.51.100.$i
  in_ns iptables -w -A slipsBlocking -s "$ip" -j DROP
  start=$(now_ms)
  until grep -qF -- "-s $ip/32 " "$WORK/iptables/rules.v4"; do sleep 0.02; done
  latency=$(($(now_ms) - start))
  echo "  change $i: $latency ms"
  echo "$latency" >>"$WORK/latency"
done
echo "latency (ms): $(stats <"$WORK/latency")"
if [ "$MODE" = events ]; then
  # The follower's CPU over a minute without a change: utime + stime (fields 14 and 15 of
  # /proc/PID/stat, in clock ticks) of each process in its group.
  cpu_ticks() { ps -o pid= -g "$FOLLOWER_PID" | while read -r p; do cat "/proc/$p/stat"; done \
    | awk '{ t += $14 + $15 } END { print t }'; }
  before=$(cpu_ticks)
  sleep 60
  idle_ms=$((($(cpu_ticks) - before) * 1000 / $(getconf CLK_TCK)))
  echo "CPU of the idle follower (sh, xtables-monitor) over 60 s: $idle_ms ms"
  kill -TERM -- "-$FOLLOWER_PID"
  FOLLOWER_PID=
else
  kill "$TIMER_PID"
  TIMER_PID=
fi
wait 2>/dev/null || true

# 2. CPU per tick, nothing changed (the common case), and the shell version's check beside it.
# Prints the CPU milliseconds of one run of the given command in the namespace.
cpu_ms() {
  if command -v perf >/dev/null; then
    in_ns perf stat -x, -e task-clock -- "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ { print $1 }'
  else
    in_ns /usr/bin/time -f '%U %S' "$@" 2>&1 >/dev/null | awk '{ print ($1 + $2) * 1000 }'
  fi
}
for _ in $(seq 1 "$TICKS"); do
  cpu_ms sh "$WATCHER" --rules-dir "$WORK/iptables" --state-dir "$WORK/state"
done >"$WORK/cpu-watcher"
for _ in $(seq 1 "$TICKS"); do
  cpu_ms sh -c 'iptables-save | grep -v "^#" | sha256sum >/dev/null'
done >"$WORK/cpu-old"
echo "CPU per tick (ms, user+system), $TICKS ticks without a change:"
echo "  this watcher (IPv4 + IPv6, filter, compare): $(stats <"$WORK/cpu-watcher")"
echo "  shell version's check (IPv4 iptables-save | sha256sum): $(stats <"$WORK/cpu-old")"
