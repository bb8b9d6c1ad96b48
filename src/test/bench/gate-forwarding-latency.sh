#!/usr/bin/env bash
# Benchmark: how fast the gate drops the access point's clients' traffic, on the smoke test's Pi
# (a real systemd with its own Docker engine, the stand-in create_ap and Slips-like stand-in, and
# the forwarding path: a client namespace behind ap0 sending one UDP packet every 2 ms to an
# upstream namespace behind eth0, through the Pi's NAT; src/test/smoke/README.md).
#
#   die      `docker kill` of Slips' container, KILLS times: from the engine's die event, and from
#            the moment of the kill command, to the first dropped packet
#   sigkill  the runner SIGKILLed, RUNS times: ExecStopPost='s one nft line closes the gate
#   sigstop  the runner SIGSTOPped, RUNS times: nobody renews; the lease (3 s) runs out
#
# "The first dropped packet": the first packet sent after the last one that arrived upstream
# before traffic paused for 300 ms (send time of that last arrival + the interval); resolution:
# the 2 ms interval. (A shorter pause is a busy machine delaying the sender, not the gate.)
# Also, for each kill, the first drop against the moment the smoke's outside observer (polling
# every 50 ms: Redis' PING, a Zeek per interface) first found Slips dead: negative when the gate
# shut before anyone outside could tell.
# Prints median and worst; asserts nothing. As root, after `mvn -B package -DskipTests`:
#   src/test/bench/gate-forwarding-latency.sh [KILLS=20] [RUNS=5]
set -euo pipefail
KILLS=${1:-20}
RUNS=${2:-5}
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The smoke's Pi, setup, cleanup and helpers; its matrix does not run when sourced.
# shellcheck source=src/test/smoke/run.sh
source "$BENCH_DIR/../smoke/run.sh"
SEND_INTERVAL_MS=2

# first_drop_after NS: epoch ns of the first packet sent after NS that did not arrive (the last
# arrival's send time + the interval), once traffic has paused; empty if it never paused.
first_drop_after() {
  awk -v t="$1" -v gap=300000000 -v step=$((SEND_INTERVAL_MS * 1000000)) '
    $1 >= t { if (last && $1 - last > gap) { printf "%.0f\n", sent + step; done = 1; exit } last = $1; sent = $3 }
    END { if (!done && last) printf "%.0f\n", sent + step }' "$ARRIVALS"
}
stats() { # "label" then values in ms, one per line on stdin
  sort -n | awk -v label="$1" '{ v[NR] = $1 } END {
    if (NR == 0) { printf "%-44s no runs\n", label; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%-44s median %7.1f ms   worst %7.1f ms   (%d runs)\n", label, m, v[NR], NR }'
}
protecting_and_flowing() { slips_up && traffic_flows; }

bench_main() {
  log "gate benchmark: $KILLS kills, $RUNS runner SIGKILLs and SIGSTOPs ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
  prepare_machine
  ensure_jar
  build_traffic
  build_images
  setup_pi
  # The client sends every 2 ms here (the smoke: 5 ms).
  pi mkdir -p /etc/systemd/system/smoke-client.service.d
  pi sh -c "printf '[Service]\nExecStart=\nExecStart=/usr/sbin/ip netns exec client /usr/local/sbin/smoke-traffic send 203.0.113.1 7777 $((SEND_INTERVAL_MS * 1000))\n' >/etc/systemd/system/smoke-client.service.d/bench.conf"
  pi systemctl daemon-reload
  pi systemctl restart smoke-client.service
  install_failover "$WORK/install.txt" || die "install failed: $(tail -3 "$WORK/install.txt")"
  local die_ms=() cmd_ms=() obs_ms=() kill_ms=() stop_ms=() i id t0 died drop
  for ((i = 1; i <= KILLS; i++)); do
    prepare_case >/dev/null 2>&1 || { log "kill $i: Slips not up; skipped"; continue; }
    wait_until 20 protecting_and_flowing || { log "kill $i: no traffic while protecting; skipped"; continue; }
    sleep 0.$((RANDOM % 10)) # a random moment of the probe cycle
    id=$(slips_id)
    t0=$(in_pi_ns docker kill "$SLIPS_NAME")
    died=$(wait_died "$id" "$t0")
    wait_until 5 traffic_paused || true
    drop=$(first_drop_after "$t0")
    [ -n "$died" ] && [ -n "$drop" ] || { log "kill $i: no die event or no drop"; continue; }
    die_ms+=("$(ms_frac "$died" "$drop")")
    cmd_ms+=("$(ms_frac "$t0" "$drop")")
    local seen
    seen=$(awk -v t="$t0" '$1 == "NOT" && $3 >= t { print $3; exit }' "$OBSERVED")
    [ -n "$seen" ] && obs_ms+=("$(ms_frac "$seen" "$drop")")
    log "kill $i: die event -> first drop ${die_ms[-1]} ms; kill command -> ${cmd_ms[-1]} ms; observer -> ${obs_ms[-1]:-?} ms"
  done
  runner_signalled KILL '' kill_ms
  # A stopped runner's start limit: each run afresh.
  runner_signalled STOP fresh stop_ms
  printf '\n'
  printf '%s\n' "${die_ms[@]}" | stats "die event -> first dropped packet"
  printf '%s\n' "${cmd_ms[@]}" | stats "docker kill (command) -> first dropped packet"
  printf '%s\n' "${obs_ms[@]}" | stats "observer sees it dead -> first dropped packet"
  printf '%s\n' "${kill_ms[@]}" | stats "runner SIGKILL -> first dropped packet"
  printf '%s\n' "${stop_ms[@]}" | stats "runner SIGSTOP -> first dropped packet"
  printf 'aim: die event -> first drop, median 20 ms, worst 100 ms; a SIGSTOP is bounded by the lease (3 s)\n'
}

# runner_signalled SIGNAL PREPARE_MODE ARRAY: RUNS times, the runner gets SIGNAL at a random moment
# of its probe cycle; ARRAY gains each time from the signal to the first dropped packet (ms).
runner_signalled() {
  local sig=$1 mode=$2 i t0 drop
  local -n out_ms=$3
  for ((i = 1; i <= RUNS; i++)); do
    prepare_case "$mode" >/dev/null 2>&1 || { log "SIG$sig $i: Slips not up; skipped"; continue; }
    wait_until 20 protecting_and_flowing || continue
    sleep 0.$((RANDOM % 10))
    t0=$(in_pi_ns systemctl kill -s "$sig" --kill-whom=main slips.service)
    wait_until 10 traffic_paused || true
    drop=$(first_drop_after "$t0")
    [ -n "$drop" ] && out_ms+=("$(ms_frac "$t0" "$drop")") && log "SIG$sig $i: ${out_ms[-1]} ms"
    # A stopped runner is the watchdog's to kill, a killed one systemd's to restart: let it finish.
    wait_until 30 unit_is slips.service active || true
  done
}

wait_died() {
  local at=''
  for _ in $(seq 50); do
    at=$(died_at_ns "$1" "$2")
    [ -n "$at" ] && break
    sleep 0.1
  done
  echo "$at"
}
ms_frac() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }

bench_main
