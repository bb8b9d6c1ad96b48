# Helpers of the smoke test, sourced by run.sh: logging, waiting, the "Pi" (a systemd container),
# the stand-in access point, the Slips container, and the bookkeeping of one case.
# shellcheck shell=bash
# shellcheck disable=SC2153

log() { printf '%s smoke: %s\n' "$(date -u +%H:%M:%S.%3N)" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}
now_ns() { date +%s%N; }
# Milliseconds from $1 to $2, both epoch nanoseconds.
ms_between() { echo $((($2 - $1) / 1000000)); }
# "1234" ms -> "1.23 s"
seconds() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }

count_lines() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }

# wait_until SECONDS COMMAND...: polls every 0.1 s; false when the time is up.
wait_until() {
  local deadline=$(($(date +%s%N) + $1 * 1000000000))
  shift
  until "$@" >/dev/null 2>&1; do
    (($(date +%s%N) < deadline)) || return 1
    sleep 0.1
  done
}

# ---------------------------------------------------------------------------------------------
# The Pi: systemd as PID 1 in a container, with its own Docker engine (docker.service), as a Pi.

pi() { docker exec "$PI" "$@"; }
# The Pi's own engine, which runs Slips.
pi_docker() { docker exec "$PI" docker "$@"; }
unit_state() { pi systemctl is-active "$1" 2>/dev/null || true; }
unit_is() { [ "$(unit_state "$1")" = "$2" ]; }
unit_prop() { pi systemctl show -p "$2" --value "$1"; }

boot_pi() {
  # --network none: the container gets no eth0 of Docker's, so the Pi's own wlan0/eth0 (a veth
  # pair made at boot by the image's smoke-interfaces.service) can have those names.
  # No Docker socket of the host: the Pi runs its own engine (docker.service, vfs storage, no
  # bridge, no iptables), so Slips' --net=host is the Pi's network namespace, as on a Pi: the
  # runner and Slips share 127.0.0.1 and the interfaces.
  # SIGRTMIN+3 is systemd's "halt": `docker restart` then shuts down cleanly, as a reboot does.
  docker run -d --name "$PI" --hostname smoke-pi --network none \
    --cap-add SYS_ADMIN --cap-add NET_ADMIN --security-opt seccomp=unconfined \
    --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run --tmpfs /run/lock \
    -v "$SLIPS_DIR:$SLIPS_DIR" -v "$SHARE:/smoke" \
    --stop-signal SIGRTMIN+3 --label slips-smoke="$RUN_ID" \
    "$PI_IMAGE" /lib/systemd/systemd >/dev/null
  wait_pi_booted
}

# The stand-in Slips image into the Pi's engine, unless it holds that very image already (it
# stays across the Pi's reboots).
load_slips_image() { load_into_pi "$SLIPS_IMAGE"; }
# load_into_pi IMAGE: a host image into the Pi's engine, unless it holds that very image already.
load_into_pi() {
  local want
  want=$(docker image inspect -f '{{.Id}}' "$1")
  [ "$(pi_docker image inspect -f '{{.Id}}' "$1" 2>/dev/null)" = "$want" ] && return 0
  docker save "$1" | docker exec -i "$PI" docker load -q >/dev/null
}

# Until systemd says the boot is over. Right after `docker run`, systemctl cannot connect yet.
wait_pi_booted() {
  local state='' deadline=$((SECONDS + 90))
  while ((SECONDS < deadline)); do
    state=$(docker exec "$PI" systemctl is-system-running 2>/dev/null || true)
    case "$state" in
      running) break ;;
      degraded)
        log "Pi booted degraded: $(pi systemctl --failed --no-legend --plain | tr '\n' ';')"
        break
        ;;
    esac
    sleep 0.2
  done
  [ "$state" = running ] || [ "$state" = degraded ] ||
    die "the Pi did not finish booting in 90 s (state '${state:-none}'); docker logs $PI"
  # Its engine answers (docker.service may be socket-activated, and is part of the boot anyway).
  wait_until 30 pi_docker info || die "the Pi's Docker engine does not answer: $(pi systemctl status docker.service | tail -5)"
}

# ---------------------------------------------------------------------------------------------
# The stand-in create_ap (src/test/resources/standin/create_ap). It appends "<SIGNAL> <epoch ns>
# <pid>" to $STANDIN_SIGNAL_LOG for each INT/USR1/TERM it receives. In the Pi it makes its AP
# interface ap0 (a veth; its peer ap0-peer is free to go into a client namespace) marked
# "type AP", which the stand-in Slips looks for at start, as Slips does with `iw dev`.

AP_SIGNALS=/smoke/ap-signals.log

# (grep without -q in pipelines: an early exit would SIGPIPE the writer and fail under pipefail.)
ap_running() { pi create_ap --list-running | grep -E '^[0-9]+ wlan0( |$)' >/dev/null; }
ap_down() { ! ap_running && ! pi pgrep -x hostapd >/dev/null; }

# How the AP shares the Internet: nat (create_ap's default: its command line has no -m) or bridge
# (the bridge cases set it, and put it back).
AP_SHARE=nat
start_ap() {
  ap_running && return 0
  local method=()
  [ "$AP_SHARE" = nat ] || method=(-m "$AP_SHARE")
  # As its owner would start it: a plain command line naming both interfaces.
  docker exec -d -e STANDIN_SIGNAL_LOG="$AP_SIGNALS" -e STANDIN_CLIENT_NETNS=client "$PI" \
    create_ap "${method[@]}" wlan0 eth0 rpi_wifi mysecurepassword -c 40
  # Fully up once hostapd.pid is written (the stand-in writes it last).
  if ! wait_until 30 pi sh -c 'ls /tmp/create_ap.wlan0.conf.*/hostapd.pid' || ! wait_until 30 ap_running; then
    log "the stand-in create_ap did not come up"
    return 1
  fi
}

# Lines of the signal log so far; the cut of a case is the first signal line after this mark.
ap_mark() { count_lines "$SHARE/ap-signals.log"; }
ap_signalled_after() { [ -n "$(ap_signal_after "$1")" ]; }
# "SIGNAL epoch-ns" of the first INT/USR1/TERM after mark $1, or nothing.
ap_signal_after() {
  tail -n +"$(($1 + 1))" "$SHARE/ap-signals.log" 2>/dev/null | awk '$1 ~ /^(INT|USR1|TERM)$/ { print $1, $2; exit }'
}

# ---------------------------------------------------------------------------------------------
# The Slips container, on the Pi's engine.

slips_id() { pi_docker inspect -f '{{.Id}}' "$SLIPS_NAME" 2>/dev/null || true; }
slips_running() { [ "$(pi_docker inspect -f '{{.State.Running}}' "$SLIPS_NAME" 2>/dev/null)" = true ]; }
slips_stopped() { [ "$(pi_docker inspect -f '{{.State.Running}}' "$SLIPS_NAME" 2>/dev/null)" != true ]; }
slips_field() { pi_docker inspect -f "$1" "$SLIPS_NAME"; }
# A fault of the stand-in Slips (src/test/docker/standin-fault.sh): exit N, crash, hang, kill-zeek IFACE.
slips_fault() { pi_docker exec "$SLIPS_NAME" standin-fault "$@"; }

# Slips protecting, seen from outside it and from the runner (never the runner's word): its
# container runs, a Redis answers PING on the Pi's 127.0.0.1:6379 within a second, and a zeek
# runs for wlan0 and for eth0 (the Pi sees its containers' processes). One exec, to poll fast.
slips_protecting() {
  pi bash -c '
    [ "$(docker inspect -f "{{.State.Running}}" "$1" 2>/dev/null)" = true ] || exit 1
    exec 3<>/dev/tcp/127.0.0.1/6379 || exit 1
    printf "PING\r\n" >&3
    read -r -t 1 reply <&3 || exit 1
    [[ $reply == +PONG* ]] || exit 1
    for iface in wlan0 eth0; do pgrep -f "^zeek -C -i $iface( |\$)" >/dev/null || exit 1; done' _ "$SLIPS_NAME"
}
# When a fault happened, for "AP CUT", on the Pi's clock (the same as the host's): the Pi reaches
# everything through `docker exec`, which takes a good half second on a loaded machine, so the time
# before the call would count that too.
# died_at_ns CONTAINER_ID SINCE_NS: when that container died (its engine's "die" event), or nothing.
died_at_ns() {
  pi_docker events --since "$(($2 / 1000000000 - 1))" --until "$(date +%s)" \
    --filter event=die --filter container="$1" --format '{{.TimeNano}}' 2>/dev/null | head -1
}
# fault_logged_ns: when the stand-in Slips' last fault was made (standin-fault logs it), or nothing.
fault_logged_ns() {
  grep '^fault: ' "$SLIPS_DIR/output/standin.log" 2>/dev/null | tail -1 | awk '{ sub(/\./, "", $NF); print $NF "000" }'
}
# in_pi_ns COMMAND...: runs it in the Pi; prints the Pi's time right before (epoch ns).
in_pi_ns() { pi bash -c 'date +%s%N; "$@" >/dev/null' _ "$@" | head -1; }

# Protecting, in a container other than $1, with the service active: Slips is back.
slips_back() { slips_protecting && [ "$(slips_id)" != "$1" ] && unit_is slips.service active; }
# slips.service active and Slips protecting.
slips_up() { slips_protecting && unit_is slips.service active; }

LOG_FILE_NAME=slips_container.log
log_file() { echo "$SLIPS_DIR/$LOG_FILE_NAME"; }
log_mark() { count_lines "$(log_file)"; }
log_since() { tail -n +"$(($1 + 1))" "$(log_file)" 2>/dev/null || true; }
# Lines that appear more than once: every runner line must land in the log exactly once.
log_duplicates() { [ -f "$(log_file)" ] || return 0; sort "$(log_file)" | uniq -d | grep -v '^[[:space:]]*$' || true; }

# ---------------------------------------------------------------------------------------------
# Bookkeeping: each case collects what it saw and what it missed; run_case makes a table row.

ROWS=()       # "scenario|expected|observed|time to cut|leaked|gate shut|PASS or MISS"
SEEN=()       # facts the current case observed
MISSES=()     # expectations the current case missed
CUT='-'       # time to AP cut of the current case

saw() { SEEN+=("$*"); }
miss() {
  MISSES+=("$*")
  log "MISS: $*"
}
# check "what" COMMAND...: records "what" as seen, or as missed.
check() {
  local what=$1
  shift
  if "$@" >/dev/null 2>&1; then saw "$what"; else miss "$what"; fi
}

# note_fault T_NS: the case made a fault at T_NS; its window may pass what a lease earned before it
# allows (count_leaks). Every fault a case makes must be noted, measured or not: an unnoted one
# leaves its window nothing, and the packets of the time to notice count as a leak.
note_fault() {
  FAULT_NS=$1
  FAULTS+=" $1"
}

# measure_cut T0_NS MARK: waits for the stand-in to record its signal; sets CUT to the time from
# T0 and says it ("AP cut (SIGINT) in 0.41 s"). Returns false when no signal came at all. The wait
# is an "eventually" (CUT_WAIT_S, beyond the watchdog's 10 s and ExecStopPost='s JVM on a loaded
# machine): how fast the cut comes is printed, never asserted (a busy CI machine must not turn a
# timing into a failure). The promise "cut within a second" is src/test/bench/failover-latency.sh's
# figure (median and worst, beside the 10 s poll's); which mechanism cut is asserted by each case
# (the reason in the log, the watchdog in the journal).
CUT_WAIT_S=60
measure_cut() {
  local t0=$1 mark=$2 line ms
  note_fault "$t0"
  if ! wait_until "$CUT_WAIT_S" ap_signalled_after "$mark"; then
    miss "AP cut (no signal reached create_ap in $CUT_WAIT_S s)"
    CUT='never'
    return 1
  fi
  line=$(ap_signal_after "$mark")
  ms=$(ms_between "$t0" "${line#* }")
  CUT=$(seconds "$ms")
  saw "AP cut (SIG${line%% *}) in $CUT"
  wait_until 30 ap_down || miss "AP down after the signal (create_ap or hostapd still runs)"
}

# run_case SCENARIO EXPECTED FUNCTION [as-is|fresh]: prepares the Pi (AP up, Slips up) unless
# "as-is" (the case looks at what the previous one left), runs the case, adds a row. "fresh" also
# restarts slips.service first, so that the runner's count of Slips' failures (3 within 300 s
# make it give up) starts at zero: a case about one fault is not the third of a series.
run_case() {
  local scenario=$1 expected=$2 fn=$3 mode=${4:-} verdict observed
  # SMOKE_CASES=REGEX: only the cases whose function matches (and the install, which all need).
  if [ -n "${SMOKE_CASES:-}" ] && [ "$fn" != case_install ] && ! [[ $fn =~ $SMOKE_CASES ]]; then
    return
  fi
  SEEN=() MISSES=() CUT='-' LEAK='-' FAULT_NS='' LEAK_FROM='' LEAK_TO='' GATE_SHUT='-' FAULTS=''
  if [ -n "${SKIP_REASON:-}" ]; then
    ROWS+=("$scenario|$expected|not run: $SKIP_REASON|-|MISS")
    return
  fi
  log "=== $scenario"
  if [ "$mode" != as-is ] && ! prepare_case "$mode"; then
    miss "setup: AP and Slips up before the case"
  else
    # The package test (package.sh) has no forwarding path: no ARRIVALS, nothing to count.
    local traffic=${ARRIVALS:+yes}
    [ "$mode" = as-is ] || [ "$fn" = case_install ] || [ -z "$traffic" ] || check_traffic_flows "before the fault"
    local case_from
    case_from=$(now_ns)
    "$fn" || ((${#MISSES[@]})) || miss "case stopped early"
    [ -z "$traffic" ] || count_leaks "${LEAK_FROM:-$case_from}" "${LEAK_TO:-$(now_ns)}"
  fi
  local dups
  dups=$(log_duplicates)
  [ -z "$dups" ] || miss "log lines written twice: $(head -2 <<<"$dups" | tr '\n' ' ')"
  if ((${#MISSES[@]})); then
    verdict=MISS
    observed="MISSED: $(join '; ' "${MISSES[@]}")"
  else
    verdict=PASS
    observed=$(join '; ' "${SEEN[@]}")
  fi
  ROWS+=("$scenario|$expected|$observed|$CUT|$LEAK|$GATE_SHUT|$verdict")
  log "=== $scenario: $verdict"
}

join() {
  local sep=$1 out=$2
  shift 2
  for x in "$@"; do out+="$sep$x"; done
  printf '%s' "$out"
}

# Brings the AP and Slips up if a previous case left them down: the AP is meant to stay down until
# its owner restarts it, and a failed unit until someone resets it. $1 "fresh": restart the unit.
prepare_case() {
  # Knobs of the stand-in Slips are read when it starts; a case that sets one removes it.
  rm -f "$SLIPS_DIR/output/standin-behaviour"
  # Before the install there is no Slips to bring up.
  if [ "$(unit_prop slips.service LoadState)" != loaded ]; then
    start_ap
    return
  fi
  # A unit on its way down cuts the AP once more when it gets there (ExecStopPost=): let it
  # settle before starting the AP.
  wait_until 60 sh -c "! docker exec $PI systemctl is-active slips.service | grep -qx deactivating" || true
  if unit_is slips.service failed; then
    pi systemctl reset-failed slips.service
  fi
  # A restart cuts the AP (the stop does): the AP is started after it. A fresh unit also starts
  # with systemd's start counter at zero (reset-failed resets it): the cases before stopped and
  # started it by hand more than StartLimitBurst= times in StartLimitIntervalSec=, which refuses
  # the start of a unit that is not crash looping (seen with the bridge cases after the others).
  if [ "${1:-}" = fresh ]; then
    pi systemctl stop slips.service
    pi systemctl reset-failed slips.service
  fi
  start_ap || return 1
  if ! unit_is slips.service active && ! unit_is slips.service activating; then
    pi systemctl start --no-block slips.service
  fi
  wait_until 90 slips_up || return 1
  # Slips protects (seen from outside); the case's fault must also come after the runner has
  # seen it protect (its STATUS=), or the fault lands in its start-up, which is not a failure.
  wait_until 15 sh -c "docker exec $PI systemctl show -p StatusText --value slips.service | grep -q '^Protecting'" ||
    log "the runner's STATUS= does not say Protecting: $(unit_prop slips.service StatusText)"
}

# watch_unit SECONDS: polls slips.service every second for that long; sets UNIT_STATES to the
# states it went through, in order, each once ("active activating active").
watch_unit() {
  local deadline=$((SECONDS + $1)) state last=''
  UNIT_STATES=''
  while ((SECONDS < deadline)); do
    state=$(unit_state slips.service)
    [ "$state" = "$last" ] || UNIT_STATES+="${UNIT_STATES:+ }$state"
    last=$state
    sleep 1
  done
}

print_table() {
  local fmt='%-26s | %-50s | %-62s | %-8s | %-6s | %-9s | %s\n'
  printf '\n'
  # shellcheck disable=SC2059
  printf "$fmt" SCENARIO EXPECTED OBSERVED 'AP CUT' LEAKED 'GATE SHUT' RESULT
  printf '%s\n' "$(printf '%.0s-' {1..184})"
  local row scenario expected observed cut leak shut verdict
  for row in "${ROWS[@]}"; do
    IFS='|' read -r scenario expected observed cut leak shut verdict <<<"$row"
    # shellcheck disable=SC2059
    printf "$fmt" "$scenario" "$expected" "$observed" "$cut" "$leak" "$shut" "$verdict"
  done
  printf '%s\n' "LEAKED: the client's packets that reached upstream while Slips was not protecting (src/test/smoke/README.md:" \
    "\"The forwarding path\"). GATE SHUT: from the fault to the last packet through before the gate's drop." \
    "AP CUT, GATE SHUT and every \"in X s\": printed, not asserted (src/test/smoke/README.md: \"Timings\"; the benchmarks measure them)."
  printf '\n'
}

# ---------------------------------------------------------------------------------------------
# The forwarding path (pi/smoke-network.sh; src/test/smoke/README.md, "The forwarding path"): a client behind the
# AP sends one UDP packet every 5 ms to "the Internet" (netns upstream, behind eth0), which logs each
# arrival; an observer in the Pi logs, from outside Slips and the runner, when Slips protects.

# ARRIVALS and OBSERVED (run.sh): the upstream's log of arrivals, the observer's of changes.
# (shellcheck takes OBSERVED, set in run.sh, for a misspelt local 'observed': SC2153 is off for
# this file.)
# pi/smoke-client.service's interval; cases and the benchmark compute with it.
# shellcheck disable=SC2034
SEND_INTERVAL_MS=5

# arrivals_between FROM_NS TO_NS: packets that reached upstream in [FROM, TO).
arrivals_between() {
  awk -v a="$1" -v b="$2" '$1 >= a && $1 < b { n++ } END { print n + 0 }' "$ARRIVALS" 2>/dev/null || echo 0
}
last_arrival_ns() { tail -1 "$ARRIVALS" 2>/dev/null | cut -d' ' -f1; }
# last_arrival_before NS: the last packet that reached upstream before then.
last_arrival_before() { awk -v b="$1" '$1 < b { t = $1 } END { print t }' "$ARRIVALS" 2>/dev/null; }
# No packet arrived for half a second.
traffic_paused() { (($(now_ns) - $(last_arrival_ns) > 500000000)); }
traffic_flows() { (($(arrivals_between "$(($(now_ns) - 300000000))" "$(now_ns)") > 0)); }
# Slips protects and the gate lets the client through: packets arrive upstream (at the runner's
# next good probe, a second apart; 30 s: eventually, on a busy machine).
check_traffic_flows() {
  if wait_until 30 traffic_flows; then
    saw "traffic flows $1"
  else
    miss "client traffic reaches upstream $1 (the forwarding path, or the gate open while protecting)"
  fi
}

# The runner's lease (ms), as it logged it at its last start ("Gate loaded, closed: ... (lease 3.0
# s)"): the configured value read back, not a number of ours. Nothing logged, nothing allowed (0).
gate_lease_ms() {
  sed -n 's/.*Gate loaded, closed.*(lease \([0-9.]*\) s).*/\1/p' "$(log_file)" 2>/dev/null |
    tail -1 | awk '{ printf "%d", $1 * 1000 } END { if (!NR) print 0 }'
}

# count_leaks FROM_NS TO_NS: sets LEAK to the packets that reached upstream, between FROM and TO,
# while Slips was known not to protect; misses when one came later than the gate's design allows.
#
# "Known not to protect" (the window; src/test/smoke/README.md says the same): from the END of the observer's
# first failed probe (by then a check has failed; a Slips that lost Redis, a Zeek or its container
# does not get it back, so it stays unprotected) to the START of the last failed probe before the
# next good one (a Slips that starts does not lose what it has: it was not protecting before that
# probe began). Both edges lean toward counting fewer: a packet in the window is forwarded while
# Slips certainly did not protect.
#
# What the gate allows, with no timing of ours in it: a lease lasts at most the lease time
# (gate_lease_ms, the runner's configured value) from the START of the probe that earned it
# (gate/Gate.java), and every good probe started before the fault, so before the window of a
# fault of the case (FAULT_NS, and every one measure_cut saw, FAULTS: the first window that had
# not ended by then). Only in such a window, and only until its start plus the lease, may a packet pass: the kernel's timer shuts the gate then
# even when the runner is hung, and however slow the machine is. Every other packet in a window is
# a miss (a start, an AP's restart, a boot: no lease earned, nothing allowed). How soon the runner's
# revoke shuts the gate before the lease would (its reaction, tens of ms) is printed, not
# asserted: the last packet's lag behind the observer here, GATE SHUT from the fault to the last
# packet, and src/test/bench/gate-forwarding-latency.sh's median and worst. A revoke that never
# came would show as packets up to the whole lease after the fault in both.
count_leaks() {
  local from=$1 to=$2 lease_ms result
  lease_ms=$(gate_lease_ms)
  result=$(awk -v from="$from" -v to="$to" -v gap=300000000 -v lease=$((lease_ms * 1000000)) -v fault="${FAULT_NS:-0}" -v faults="$FAULTS ${FAULT_NS:-}" -v now="$(now_ns)" '
    FNR == NR {
      if ($1 == "NOT" && !open) { open = 1; start[++w] = $4 }
      else if ($1 == "PROT" && open) { open = 0; stop[w] = $4 }
      next
    }
    !fw_known {
      fw_known = 1
      # The window of each fault: the first one that had not ended by then.
      nf = split(faults, fs, " ")
      for (k = 1; k <= nf; k++)
        for (i = 1; i <= w; i++) if (!(i in stop) || stop[i] > fs[k] + 0) { leased[i] = 1; break }
    }
    {
      t = $1
      if (t >= from && t < to) {
        for (i = 1; i <= w; i++) {
          e = (i in stop) ? stop[i] : to
          if (t >= start[i] && t < e) {
            leaked++
            if (t - start[i] > lag) lag = t - start[i]
            if (!(i in leased) || t >= start[i] + lease) late++
            break
          }
        }
      }
      # The gate shut at the last packet before the first pause of traffic (300 ms: a busy
      # machine delays the sender by tens) that ends after the fault; it may come before the
      # fault time read (the engine tells of a death later than the kernel does). The pause may
      # end after the case (its AP restarted by the next one).
      if (fault && !shut && prev && t > fault && t - prev > gap) shut = prev
      prev = t
    }
    END {
      # Still paused when counted (the next case restarts the AP): the pause began at the last.
      if (fault && !shut && prev && now - prev > gap) shut = prev
      printf "%d %d %.0f %s\n", leaked, late, lag / 1e6, (fault ? (shut ? sprintf("%.0f", (shut - fault) / 1e6) : "none") : "-")
    }' <(awk '{ print $1, $2, $3, ($1 == "NOT" ? $3 : $4) }' "$OBSERVED") "$ARRIVALS")
  local late lag shut
  read -r LEAK late lag shut <<<"$result"
  case $shut in
    -) GATE_SHUT='-' ;;
    none) GATE_SHUT='no pause' ;;
    *) GATE_SHUT="${shut} ms" ;;
  esac
  if ((late)); then
    miss "$LEAK packets forwarded while Slips was not protecting, $late of them beyond a lease earned before the fault (lease $lease_ms ms; the last $lag ms after it was known)"
  elif ((LEAK)); then
    saw "$LEAK packets forwarded in a fault's lease ($lease_ms ms), the last $lag ms after the observer knew (the runner's reaction; printed, not asserted)"
  fi
}

# ---------------------------------------------------------------------------------------------
# An image registry on the Pi's loopback (issue 20's cases): Debian's docker-registry (in the Pi's
# image) as `docker-registry serve CONFIG` with `http.addr: 127.0.0.1:PORT` and a storage of the
# run's own (FIELD-NOTES section 7), serving the stand-in Slips images as REGISTRY_IMAGE. The Pi's
# engine pushes to and pulls from a registry on 127.0.0.1 over plain HTTP with no configuration
# (Docker trusts loopback registries). It runs as the Pi's unit smoke-registry.service (pi/),
# enabled, so it is back after a reboot; its storage is in the share, removed with the work folder.

REGISTRY_PORT=${SMOKE_REGISTRY_PORT:-5050}
REGISTRY=127.0.0.1:$REGISTRY_PORT
# The configured image of the update cases.
REGISTRY_IMAGE=$REGISTRY/slips:latest
# The stand-in Slips as a new release (same behaviour, another image) and as a broken release (it
# exits at start-up): standin_variants builds them on the host from SLIPS_IMAGE.
SLIPS_IMAGE_NEW=slips-failover/standin-slips:slips-like-new
SLIPS_IMAGE_BROKEN=slips-failover/standin-slips:slips-like-broken

# The registry answers its API's base (GET /v2/: 200). The Pi has no curl: bash's /dev/tcp.
registry_answers() {
  pi bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET /v2/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3
    read -r -t 5 _ code _ <&3 && [ "$code" = 200 ]' _ "$REGISTRY_PORT"
}

# Starts the registry (once; its unit stays enabled for the rest of the run, reboots included).
registry_up() {
  registry_answers && return 0
  mkdir -p "$SHARE/registry/storage"
  cat >"$SHARE/registry/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: /smoke/registry/storage
  delete:
    enabled: true
http:
  addr: $REGISTRY
YAML
  docker cp "$SMOKE_DIR/pi/smoke-registry.service" "$PI:/etc/systemd/system/smoke-registry.service"
  pi systemctl daemon-reload
  pi systemctl enable --now smoke-registry.service 2>/dev/null
  wait_until 30 registry_answers || {
    log "the registry on $REGISTRY does not answer: $(pi journalctl -u smoke-registry.service -n 5 --no-pager | tr '\n' ';')"
    return 1
  }
}

# registry_push IMAGE: the host's IMAGE (SLIPS_IMAGE or a variant) pushed to the registry as
# REGISTRY_IMAGE ("latest" moves to it); prints its digest (sha256:...). The Pi's engine keeps no
# local REGISTRY_IMAGE tag, nor a variant's own name: as on a Pi where the release came from
# elsewhere, whoever wants it pulls it (the layers shared with SLIPS_IMAGE stay, as an engine keeps
# the layers of the image it runs).
registry_push() {
  local image=$1 out digest
  registry_up || return 1
  load_into_pi "$image"
  pi_docker tag "$image" "$REGISTRY_IMAGE"
  if ! out=$(pi_docker push "$REGISTRY_IMAGE" 2>&1); then
    log "push of $image as $REGISTRY_IMAGE failed: $(tail -2 <<<"$out" | tr '\n' ' ')"
    return 1
  fi
  digest=$(grep -o 'digest: sha256:[0-9a-f]*' <<<"$out" | cut -d' ' -f2)
  pi_docker rmi "$REGISTRY_IMAGE" >/dev/null
  [ "$image" = "$SLIPS_IMAGE" ] || pi_docker rmi "$image" >/dev/null 2>&1 || true
  [ -n "$digest" ] || return 1
  echo "$digest"
}

# standin_variants: builds SLIPS_IMAGE_NEW and SLIPS_IMAGE_BROKEN on the host from SLIPS_IMAGE (again
# only when SLIPS_IMAGE changed: they carry its id in a label).
#  - new: the same stand-in, another image (a file naming the release, a label): a new digest.
#  - broken: its ./slips.py logs one line to output/standin.log and exits 1 at once, before any AP
#    check, Redis or Zeek: a release that crashes at start-up never protects.
standin_variants() {
  local base dir
  base=$(docker image inspect -f '{{.Id}}' "$SLIPS_IMAGE") || return 1
  dir=$(mktemp -d)
  echo new >"$dir/standin-release"
  printf '%s\n' '#!/bin/bash' \
    '# The broken stand-in release (src/test/smoke/lib.sh, standin_variants): exits at start-up.' \
    'echo "started $(date -u +%Y-%m-%dT%H:%M:%SZ) args: $* broken image: exit 1" >>/StratosphereLinuxIPS/output/standin.log' \
    'exit 1' >"$dir/slips.py"
  chmod 755 "$dir/slips.py"
  standin_variant "$SLIPS_IMAGE_NEW" new "$base" "$dir/standin-release" /StratosphereLinuxIPS/standin-release &&
    standin_variant "$SLIPS_IMAGE_BROKEN" broken "$base" "$dir/slips.py" /StratosphereLinuxIPS/slips.py
  local rc=$?
  rm -rf "$dir"
  return "$rc"
}
# standin_variant TAG NAME BASE_ID FILE PATH_IN_IMAGE: SLIPS_IMAGE with FILE at PATH_IN_IMAGE.
standin_variant() {
  local tag=$1 name=$2 base=$3 cid
  [ "$(docker image inspect -f '{{index .Config.Labels "standin.base"}}' "$tag" 2>/dev/null)" = "$base" ] && return 0
  cid=$(docker create "$SLIPS_IMAGE") || return 1
  docker cp "$4" "$cid:$5" &&
    docker commit --change "LABEL standin.base=$base" --change "LABEL standin.variant=$name" "$cid" "$tag" >/dev/null
  local rc=$?
  docker rm "$cid" >/dev/null
  return "$rc"
}
