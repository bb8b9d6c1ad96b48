#!/bin/bash
# Stand-in for Slips 1.1.x started as "./slips.py -ap <wifi>,<eth>" (FIELD-NOTES section 8), in
# the stand-in image (build-standin-slips.sh). What it does, in Slips' order:
#
#  1. Logs "started <time> args: <args>" to output/standin.log.
#  2. The -ap start-up check, once: is an access point of the pair running? Real Slips asks
#     `iw dev` for an interface of type AP. The stand-in create_ap (src/test/resources/standin/
#     create_ap) makes its virtual interface ap0 (a veth) and sets its ifalias to
#     "type AP wifi=<wifi>"; this looks for that ifalias in /sys/class/net/*/ifalias, which with
#     --net=host is the network namespace of the machine (the Pi). None: Slips' message, exit 0.
#  3. Waits the start-up delay (Slips loading its modules); not protecting meanwhile.
#  4. Its Redis: redis-server on 127.0.0.1:<port> (6379), unless a Redis already answers there, which
#     it then uses, as Slips does. Sets slips_start_time, is_slips_running_as_an_ap.
#  5. One Zeek per interface, argv "zeek -C -i <iface> ..." (a tiny static binary named zeek).
#  6. Fills the PIDs hash (main, Zeek_<iface>) and logs "protecting". From here it is "protecting".
#  7. Runs until stopped, writing output/standin-heartbeat every second.
#
# Stopping: Ctrl-C (SIGINT, what `tmux send-keys C-c` delivers) is the graceful stop: it logs
# "stopped by SIGINT", takes the stop delay, stops its Zeeks and its own Redis, exits 0. A second
# Ctrl-C during the delay ends it at once. SIGTERM ends it at once ("stopped by SIGTERM"), exit 0.
#
# Knobs, one a line in output/standin-behaviour, read at start (the image's profile sets defaults,
# STANDIN_PROFILE: "slips" = as above; "simple" = no AP check, no delay, no Redis, no Zeek: the old
# stand-in that runs at once whatever happens):
#   exit N            exit with code N at once (a broken Slips; before the AP check)
#   oom               allocate memory until the kernel kills it
#   start-delay S     seconds between the AP check and protecting (slips: 2)
#   stop-delay S      seconds a graceful stop (Ctrl-C) takes (0)
#   ap-check on|off   the -ap start-up check
#   redis on|off      start or use a Redis; redis-port N (6379)
#   zeek on|off       start the Zeeks
#   time-window S     Slips' time_window_width, in seconds (3600, Slips' default); the real Slips
#                     reads it from its config/slips.yaml
#   firewall on|off   off: -p is taken but the firewall is never touched (for a test that runs it
#                     on the build machine's own network, which a test must leave as it found it)
# Faults while it runs: `docker exec <container> standin-fault exit N|crash|hang|resume|kill-zeek IFACE`;
# `standin-fault alert [IP]` makes it log an evidence and an alert about IP (192.168.12.34), and,
# with -p, block IP as Slips does.
#
# Blocking (-p), as Slips 1.1.21 does it (read in its repository: modules/blocking/blocking.py,
# unblocker.py, exec_iptables_cmd.py, slips_files/common/abstracts/iunblocker.py; the facts in
# full are in src/main/java/org/slipsfailover/blocks/package-info.java):
# - At start: `iptables -N slipsBlocking` (an existing chain is kept, never flushed), and a jump
#   inserted at the top of INPUT, OUTPUT and FORWARD unless the chain's listing names it already.
# - A block of IP: unless the chain's listing (`iptables -L slipsBlocking -v -n`) mentions IP
#   already, `iptables --insert slipsBlocking -s IP -m comment --comment "Slips rule" -j DROP`
#   and the same with -d. Either way an unblock request: a new one for the end of the next time
#   window; one more window for an IP already requested. Windows start when Slips sees its first
#   flow (here: when it protects) and are time-window seconds wide; when a window closes every
#   request counts one window less. Logged to the run's blocking.log in Slips' words.
# - Unblocking: every second here (Slips: every 10 s), a request whose time has come deletes both
#   rules. The requests are in memory only: stopped and started again, the stand-in, like Slips,
#   never lifts a block it made before.
#
# Alerts files, as Slips 1.1.21 writes them (read in its repository: slips_files/core/
# evidence_logger.py, evidence_handler_worker.py, common/idmefv2.py, common/output_paths.py):
# -ap without -o writes each run into its own folder under output/, since 1.1.20 with an alerts/
# folder; at start it empties (creates) alerts/alerts.json and alerts/alerts.log; then it appends
# one IDMEFv2 JSON object a line to alerts.json (Status "Event" for an evidence, "Incident" for an
# alert) and one text line per alert to alerts.log ("<time>: Src IP <ip>. Generated an alert ...").
set -u
out=/StratosphereLinuxIPS/output
run=/tmp/standin # pid files, for standin-fault
mkdir -p "$run"
# (busybox's date has no %N: bash's $EPOCHREALTIME for sub-second times)
say() { echo "$* $(date -u +%Y-%m-%dT%H:%M:%SZ) $EPOCHREALTIME" >>"$out/standin.log"; }
now_us() { echo "${EPOCHREALTIME/./}"; }
echo "started $(date -u +%Y-%m-%dT%H:%M:%SZ) args: $*" >>"$out/standin.log"
echo $$ >"$run/main.pid"

case ${STANDIN_PROFILE:-slips} in
  simple) start_delay=0 ap_check=off redis=off zeek=off ;;
  *) start_delay=2 ap_check=on redis=on zeek=on ;;
esac
stop_delay=0 redis_port=6379 time_window=3600 firewall=on
while read -r knob value _ || [ -n "${knob:-}" ]; do
  case $knob in
    exit) exit "$value" ;;
    oom) hog=$(head -c 1000000000 /dev/zero | tr '\0' x); echo "${#hog}" ;;
    start-delay) start_delay=$value ;;
    stop-delay) stop_delay=$value ;;
    ap-check) ap_check=$value ;;
    redis) redis=$value ;;
    redis-port) redis_port=$value ;;
    zeek) zeek=$value ;;
    time-window) time_window=$value ;;
    firewall) firewall=$value ;;
  esac
done < <(cat "$out/standin-behaviour" 2>/dev/null)

pair='' blocking=off
while (($#)); do
  case $1 in
    -ap) pair=${2:-}; shift 2 || shift ;;
    -p) blocking=on; shift ;;
    *) shift ;;
  esac
done
[ "$firewall" = on ] || blocking=off
wifi=${pair%%,*} eth=${pair#*,}

# An interface marked by the stand-in create_ap as the access point of $wifi.
ap_running() {
  local alias
  for alias in /sys/class/net/*/ifalias; do
    [ -r "$alias" ] || continue
    case " $(cat "$alias" 2>/dev/null) " in
      *" type AP wifi=$wifi "*) return 0 ;;
    esac
  done
  return 1
}
if [ "$ap_check" = on ] && [ -n "$pair" ] && ! ap_running; then
  # Slips' own words (slips.py, -ap mode), then its exit 0.
  echo "Slips was started with -ap but can't detect a running access point on $wifi. Stopping."
  say "no access point: exit 0"
  exit 0
fi

# The run's folder and its emptied alerts files, as Slips makes them when it starts.
run_dir="$out/${wifi}_${eth}_$(date -u +%Y-%m-%d_%H:%M:%S)"
mkdir -p "$run_dir/alerts"
: >"$run_dir/alerts/alerts.json"
: >"$run_dir/alerts/alerts.log"

# An evidence and the alert it leads to, about $1, in Slips' words and formats.
log_alert() {
  local ip=$1 t
  t=$(date -u +%Y-%m-%dT%H:%M:%S.000000+00:00)
  printf '%s\n' \
    "{\"Version\": \"2.0.3\", \"Analyzer\": {\"IP\": \"0.0.0.0\", \"Name\": \"Slips\", \"Model\": \"1.1.21\", \"Category\": [\"NIDS\"], \"Data\": [\"Flow\", \"Network\"], \"Method\": [\"Heuristic\"]}, \"Status\": \"Event\", \"ID\": \"$(cat /proc/sys/kernel/random/uuid)\", \"Severity\": \"High\", \"StartTime\": \"$t\", \"CreateTime\": \"$t\", \"Confidence\": 1.0, \"Description\": \"Horizontal port scan to port 22/TCP. From $ip to 12 unique destination IPs.\", \"Source\": [{\"IP\": \"$ip\", \"Protocol\": [\"TCP\"]}], \"Note\": \"{\\\"threat_level\\\": \\\"high\\\"}\"}" \
    "{\"Version\": \"2.0.3\", \"Analyzer\": {\"IP\": \"0.0.0.0\", \"Name\": \"Slips\", \"Model\": \"1.1.21\", \"Category\": [\"NIDS\"], \"Data\": [\"Flow\", \"Network\"], \"Method\": [\"Heuristic\"]}, \"Source\": [{\"IP\": \"$ip\"}], \"ID\": \"$(cat /proc/sys/kernel/random/uuid)\", \"Status\": \"Incident\", \"StartTime\": \"$t\", \"CreateTime\": \"$t\", \"CorrelID\": [], \"Note\": \"{\\\"accumulated_threat_level\\\": 3.6, \\\"timewindow\\\": 1}\"}" \
    >>"$run_dir/alerts/alerts.json"
  echo "$t: Src IP $ip. Generated an alert given enough evidence on timewindow 1. (real time $t)" \
    >>"$run_dir/alerts/alerts.log"
  say "fault: alert about $ip"
}

# Slips' blocking (see the header). unblock_at[IP]: when its request ends; windows_left[IP]: the
# windows it stays blocked in after the current one.
declare -A unblock_at=() windows_left=()
first_flow=0 last_tw=1
blocking_log() { echo "$(date -u +%Y/%m/%d\ %H:%M:%S.000000+0000) - $*" >>"$run_dir/blocking.log"; }
current_tw() { echo $(( ($(date +%s) - first_flow) / time_window + 1 )); }
slips_rules() {
  local flag
  for flag in -s -d; do
    iptables "--$1" slipsBlocking "$flag" "$2" -m comment --comment "Slips rule" -j DROP >/dev/null 2>&1 || return 1
  done
}
init_chain() {
  local chain
  iptables -N slipsBlocking >/dev/null 2>&1
  for chain in INPUT OUTPUT FORWARD; do
    iptables -nvL "$chain" | grep -q slipsBlocking || iptables -I "$chain" -j slipsBlocking >/dev/null 2>&1
  done
  : >"$run_dir/blocking.log"
}
block() {
  local ip=$1 tw
  if ! iptables -L slipsBlocking -v -n | grep -qF "$ip"; then
    slips_rules insert "$ip" && blocking_log "Blocked all traffic from: $ip" \
      && blocking_log "Blocked all traffic to: $ip" && say "blocked $ip"
  fi
  tw=$(current_tw)
  windows_left[$ip]=$(( ${windows_left[$ip]:-0} + 1 ))
  unblock_at[$ip]=$(( first_flow + (tw + windows_left[$ip]) * time_window ))
  blocking_log "Registered unblocking request to unblock $ip at the end of the next timewindow." \
    "IP will be blocked for ${windows_left[$ip]} timewindows. Timestamp to unblock: $(date -u -d "@${unblock_at[$ip]}" +%Y-%m-%dT%H:%M:%S+00:00))"
}
# Once a second from the main loop: windows that closed, then the requests whose time came.
unblock_due() {
  local tw ip now
  tw=$(current_tw) now=$(date +%s)
  if ((tw != last_tw)); then
    last_tw=$tw
    for ip in "${!windows_left[@]}"; do windows_left[$ip]=$((windows_left[$ip] - 1)); done
  fi
  for ip in "${!unblock_at[@]}"; do
    ((now >= unblock_at[$ip])) || continue
    if slips_rules delete "$ip"; then
      blocking_log "IP $ip is unblocked in timewindow$tw."
      say "unblocked $ip"
      unset "unblock_at[$ip]" "windows_left[$ip]"
    else
      blocking_log "An errror occured. Unable to unblock $ip"
    fi
  done
}

# Waits $1 seconds (whole), in short sleeps so that signals are handled at once.
pause() {
  local until=$(($(now_us) + $1 * 1000000))
  while (($(now_us) < until)); do sleep 0.2 & wait $!; done
}

redis_pid='' zeek_pids=()
stopping=0
stop_children() {
  local pid
  for pid in "${zeek_pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  if [ -n "$redis_pid" ]; then
    kill -CONT "$redis_pid" 2>/dev/null
    kill -KILL "$redis_pid" 2>/dev/null
  fi
}
on_int() {
  if ((stopping)); then
    say "second Ctrl-C: stopping at once"
    stop_children
    exit 0
  fi
  stopping=1
  say "stopped by SIGINT"
  pause "$stop_delay"
  stop_children
  exit 0
}
on_term() {
  say "stopped by SIGTERM"
  stop_children
  exit 0
}
# A fault asked for by standin-fault (the request is in $run/fault).
on_fault() {
  local what arg
  read -r what arg <"$run/fault"
  case $what in
    exit)
      say "fault: exit $arg"
      stop_children
      exit "$arg"
      ;;
    alert)
      log_alert "${arg:-192.168.12.34}"
      [ "$blocking" = off ] || block "${arg:-192.168.12.34}"
      ;;
  esac
}
trap on_int INT
trap on_term TERM
trap on_fault USR1

pause "$start_delay"

rcli() { redis-cli -h 127.0.0.1 -p "$redis_port" "$@"; }
if [ "$redis" = on ]; then
  if [ "$(rcli ping 2>/dev/null)" = PONG ]; then
    say "using the Redis already on port $redis_port"
  else
    redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir /tmp \
      --daemonize no --logfile "$run/redis.log" &
    redis_pid=$!
    echo "$redis_pid" >"$run/redis.pid"
    for _ in $(seq 1 50); do
      [ "$(rcli ping 2>/dev/null)" = PONG ] && break
      sleep 0.1
    done
  fi
  rcli set slips_start_time "$EPOCHREALTIME" >/dev/null
  rcli set is_slips_running_as_an_ap true >/dev/null
fi

if [ "$zeek" = on ]; then
  for iface in "$wifi" "$eth"; do
    [ -n "$iface" ] || continue
    # As Slips runs it (the eth side filtered to its own network), argv[0] plain "zeek".
    if [ "$iface" = "$wifi" ]; then
      (exec zeek -C -i "$iface" tcp_inactivity_timeout=60mins local) &
    else
      (exec zeek -C -i "$iface" -f "dst net 192.168.0.0/16" tcp_inactivity_timeout=60mins local) &
    fi
    zeek_pids+=($!)
    echo $! >"$run/zeek-$iface.pid"
    [ "$redis" = on ] && rcli hset PIDs "Zeek_$iface" $! >/dev/null
  done
fi
[ "$redis" = on ] && rcli hset PIDs main $$ >/dev/null
first_flow=$(date +%s)
[ "$blocking" = off ] || init_chain
say "protecting"

while :; do
  date -u +%Y-%m-%dT%H:%M:%SZ >"$out/standin-heartbeat"
  [ "$blocking" = off ] || unblock_due
  sleep 1 & wait $!
done
