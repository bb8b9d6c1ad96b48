# The cases of the smoke test, sourced by run.sh. Each runs against a Pi where the stand-in AP and
# Slips are up (run_case sees to that), records what it saw with saw/miss/check, and sets CUT.
# shellcheck shell=bash

EXPECTED_CMD='["bash","-c","tmux new -s slips '"'"'./slips.py -ap wlan0,eth0'"'"'; tmux wait-for -S slips_done"]'
RULE_IP=192.0.2.66 # TEST-NET-1: a Slips block that must survive the reboot

install_failover() {
  # As a user would: the jar in the home folder, run with sudo (we are root already).
  pi java -jar /root/failover.jar wlan0,eth0 --image "$SLIPS_IMAGE" --slips-dir "$SLIPS_DIR" \
    --container-name "$SLIPS_NAME" >"$1" 2>&1
}

# ---------------------------------------------------------------------------------------------
case_install() {
  local out="$WORK/install-1.txt" rc=0
  install_failover "$out" || rc=$?
  if ((rc)); then
    miss "install exits 0 (exit $rc; its output follows)"
    sed 's/^/    install: /' "$out" >&2
    return 1
  fi
  saw "exit 0"
  local off=()
  for unit in "${LONG_RUNNING_UNITS[@]}" netfilter-persistent.service; do
    [ "$(pi systemctl is-enabled "$unit" 2>/dev/null)" = enabled ] || off+=("$unit")
  done
  if ((${#off[@]})); then miss "enabled: ${off[*]}"; else saw "units enabled"; fi
  wait_until 60 slips_up || true
  check_units_active
  if ! slips_running; then
    miss "Slips container running"
    return 1
  fi
  check_container_settings
  check "output written" wait_until 15 grep -q 'args: -ap wlan0,eth0' "$SLIPS_DIR/output/standin.log"
  check "log written" test -s "$(log_file)"
}

# What the install starts and every boot brings back.
LONG_RUNNING_UNITS=(slips.service iptables-watcher.timer iptables-watcher-follow.service)
check_units_active() {
  local down=()
  for unit in "${LONG_RUNNING_UNITS[@]}"; do
    unit_is "$unit" active || down+=("$unit $(unit_state "$unit")")
  done
  if ((${#down[@]})); then miss "active (${down[*]})"; else saw "units active"; fi
}

# The container as the shell version ran it, read back from the engine.
check_container_settings() {
  local bad=()
  [ "$(slips_field '{{.HostConfig.NetworkMode}}')" = host ] || bad+=(network)
  [ "$(slips_field '{{.HostConfig.Memory}}')" = 8589934592 ] || bad+=(memory)
  [ "$(slips_field '{{.HostConfig.MemorySwap}}')" = 8589934592 ] || bad+=(memory-swap)
  [ "$(slips_field '{{.HostConfig.CpuShares}}')" = 800 ] || bad+=(cpu-shares)
  [ "$(slips_field '{{.HostConfig.ShmSize}}')" = 536870912 ] || bad+=(shm-size)
  slips_field '{{json .HostConfig.CapAdd}}' | grep '"NET_ADMIN"' >/dev/null || bad+=(NET_ADMIN)
  [ "$(slips_field '{{.Config.Tty}} {{.Config.OpenStdin}}')" = "true true" ] || bad+=(tty)
  [ "$(slips_field '{{json .Config.Cmd}}')" = "$EXPECTED_CMD" ] || bad+=("command $(slips_field '{{json .Config.Cmd}}')")
  [ "$(slips_field '{{.Config.Image}}')" = "$SLIPS_IMAGE" ] || bad+=(image)
  slips_field '{{range .Mounts}}{{.Source}}:{{.Destination}} {{end}}' |
    grep -E "(^| )$SLIPS_DIR/output:/StratosphereLinuxIPS/output/? " >/dev/null || bad+=(output-mount)
  if ((${#bad[@]})); then
    miss "container settings: wrong ${bad[*]}"
  else
    saw "container as configured"
  fi
}

# ---------------------------------------------------------------------------------------------
# Faults after which the runner cuts the AP, and systemd brings Slips back.

# A fault, then: the AP cut within a second, $2 (a regex) in the log, Slips back, nothing lost.
# $1: a function that makes the fault.
fault_then_recovered() {
  local fault=$1 reason=$2 old_id t0 ap log
  old_id=$(slips_id)
  snapshot_outputs
  ap=$(ap_mark)
  log=$(log_mark)
  t0=$(now_ns)
  "$fault" || miss "making the fault"
  measure_cut "$t0" "$ap" || true
  check_reason "$log" "$reason"
  if wait_until 60 slips_back "$old_id"; then
    saw "back in $(seconds "$(ms_between "$t0" "$(now_ns)")")"
  else
    miss "Slips back within 60 s (unit $(unit_state slips.service))"
  fi
  check_nothing_lost
}

check_reason() {
  local mark=$1 regex=$2
  if wait_until 10 sh -c "tail -n +$((mark + 1)) '$(log_file)' | grep -qiE '$regex'"; then
    saw "reason logged"
  else
    miss "reason /$regex/ in $LOG_FILE_NAME"
  fi
}

# Copies of Slips' output and the log, to check later that nothing was lost or rewritten.
snapshot_outputs() {
  mkdir -p "$WORK/snap"
  cp "$SLIPS_DIR/output/standin.log" "$WORK/snap/standin.log"
  cp "$(log_file)" "$WORK/snap/log"
}
check_nothing_lost() {
  local lost=()
  # Each file must still begin with what it held before the fault (appended to, never replaced).
  cmp -s -n "$(stat -c %s "$WORK/snap/standin.log")" "$WORK/snap/standin.log" "$SLIPS_DIR/output/standin.log" || lost+=(output)
  cmp -s -n "$(stat -c %s "$WORK/snap/log")" "$WORK/snap/log" "$(log_file)" || lost+=("$LOG_FILE_NAME")
  if ((${#lost[@]})); then miss "nothing lost: ${lost[*]} rewritten"; else saw "nothing lost"; fi
}

kill_container() { docker kill "$SLIPS_NAME" >/dev/null; }
# Slips ending on its own: its main process (the stand-in slips.py) exits normally on SIGTERM.
# (The image's busybox has no pgrep; "[/]" keeps grep from matching itself.)
slips_exits() {
  docker exec "$SLIPS_NAME" sh -c 'kill -TERM $(ps -o pid,args | grep "[/]bin/bash ./slips.py" | awk "{ print \$1 }")'
}
kill_runner() { pi systemctl kill -s KILL slips.service; }

# The reasons as the runner words them (cut-ap logs what systemd passed to ExecStopPost=).
case_container_killed() { fault_then_recovered kill_container 'container was killed \(exit code 137\)'; }
case_slips_exits() { fault_then_recovered slips_exits 'container exited with code'; }
case_runner_killed() { fault_then_recovered kill_runner 'SERVICE_RESULT=signal .*EXIT_STATUS=KILL'; }

# ---------------------------------------------------------------------------------------------
case_systemctl_stop() {
  local ap log t0 out took
  snapshot_outputs
  ap=$(ap_mark)
  log=$(log_mark)
  out=$(count_lines "$SLIPS_DIR/output/standin.log")
  t0=$(now_ns)
  pi systemctl stop slips.service || miss "systemctl stop exits 0"
  took=$(seconds "$(ms_between "$t0" "$(now_ns)")")
  measure_cut "$t0" "$ap" || true
  local state
  state=$(unit_state slips.service)
  [ "$state" = inactive ] && saw "unit inactive" || miss "unit inactive after the stop (it is $state)"
  check "container stopped" wait_until 10 slips_stopped
  # The README promises a clean stop: Slips itself is asked to stop (Ctrl-C in its tmux pane, or
  # SIGTERM), not SIGKILLed at the end of the grace period. The stand-in slips.py logs either.
  if tail -n +"$((out + 1))" "$SLIPS_DIR/output/standin.log" | grep -E 'stopped by SIG(INT|TERM)' >/dev/null; then
    saw "Slips stopped cleanly in $took"
  else
    miss "Slips stopped cleanly (slips.py got neither Ctrl-C nor SIGTERM; the stop took $took)"
  fi
  check_reason "$log" 'stop'
  check_nothing_lost
}

# ---------------------------------------------------------------------------------------------
# A second install with the same settings: no file rewritten, Slips not restarted.
case_second_install() {
  local out="$WORK/install-2.txt" before after id pid
  before=$(installed_files_state)
  id=$(slips_id)
  pid=$(unit_prop slips.service MainPID)
  local rc=0
  install_failover "$out" || rc=$?
  if ((rc)); then miss "exit 0 (exit $rc: $(tail -1 "$out"))"; else saw "exit 0"; fi
  after=$(installed_files_state)
  check "files untouched" test "$before" = "$after"
  if grep -E '^file ' "$out" | grep -vE '\(unchanged\)$' >/dev/null; then
    miss "all files reported unchanged: $(grep -E '^file ' "$out" | grep -vE '\(unchanged\)$' | tr '\n' ' ')"
  else
    saw "all reported unchanged"
  fi
  check "Slips not restarted" test "$(slips_id)" = "$id" -a "$(unit_prop slips.service MainPID)" = "$pid"
}

# Content hash, mode and modification time of every file the install owns (its manifest lists
# them, with itself).
installed_files_state() {
  pi sh -c 'm=/etc/slips-failover/installed-files
    for f in $m $(grep -v "^#" $m | awk "{ print \$2 }"); do
      echo "$(sha256sum <"$f" | cut -c1-16) $(stat -c "%a %Y" "$f") $f"
    done'
}

# ---------------------------------------------------------------------------------------------
# A reboot: slips.service and the watcher timer come back by themselves, saved rules are restored.
case_reboot() {
  local t0 ap log booted old_id
  # A block as Slips makes it (its chain, jumped to from FORWARD); the watcher saves it.
  pi iptables -w -N slipsBlocking
  pi iptables -w -A slipsBlocking -s "$RULE_IP" -j DROP
  pi iptables -w -I FORWARD -j slipsBlocking
  local added
  added=$(now_ns)
  if wait_until 40 pi grep -q "$RULE_IP" /etc/iptables/rules.v4; then
    saw "rule saved in $(seconds "$(ms_between "$added" "$(now_ns)")")"
  else
    miss "watcher saves the new rule within 40 s"
  fi
  old_id=$(slips_id)
  ap=$(ap_mark)
  log=$(log_mark)
  t0=$(now_ns)
  # Generous: a clean shutdown lets slips.service stop (TimeoutStopSec=60).
  docker restart -t 90 "$PI" >/dev/null
  booted=$(now_ns)
  saw "shutdown and boot $(seconds "$(ms_between "$t0" "$booted")")"
  wait_pi_booted
  measure_cut "$t0" "$ap" || true
  # The stand-in AP dies at shutdown anyway; the log tells whether the runner cut it first.
  check_reason "$log" 'Access point of wlan0,eth0 is cut'
  if wait_until 90 slips_back "$old_id"; then
    saw "Slips back by itself $(seconds "$(ms_between "$booted" "$(now_ns)")") after power-on"
  else
    miss "slips.service back by itself (unit $(unit_state slips.service))"
  fi
  check_units_active
  check "rule restored" pi sh -c "iptables -w -S slipsBlocking | grep -q '$RULE_IP'"
  local jumps
  jumps=$(pi iptables -w -S FORWARD | grep -c -- '-j slipsBlocking' || true)
  [ "$jumps" = 1 ] && saw "jump restored once" || miss "one FORWARD jump to slipsBlocking (found $jumps)"
}

# ---------------------------------------------------------------------------------------------
# A Slips that exits at once, every time: the unit ends failed, the AP cut, no endless loop.
case_crash_loop() {
  local ap log t0
  # Read by the stand-in slips.py when it starts (src/test/docker/build-standin-slips.sh).
  echo 'exit 1' >"$SLIPS_DIR/output/standin-behaviour"
  ap=$(ap_mark)
  log=$(log_mark)
  t0=$(now_ns)
  kill_container
  measure_cut "$t0" "$ap" || true
  if wait_until 180 unit_is slips.service failed; then
    saw "unit failed after $(seconds "$(ms_between "$t0" "$(now_ns)")")"
  else
    miss "unit failed within 180 s (still $(unit_state slips.service))"
  fi
  # systemd 252 keeps Result=exit-code when it refuses the automatic restart; the journal says
  # why. Newer versions say start-limit-hit.
  if [ "$(unit_prop slips.service Result)" = start-limit-hit ] ||
    pi journalctl -q -u slips.service --since "@$((t0 / 1000000000))" | grep 'Start request repeated too quickly' >/dev/null; then
    saw "start limit hit"
  else
    miss "systemd's start limit hit (Result $(unit_prop slips.service Result), nothing in the journal)"
  fi
  # The start before the fault counts too when it was less than 120 s ago.
  local starts
  starts=$(log_since "$log" | grep -c 'Runner starting' || true)
  ((starts >= 1 && starts <= 5)) && saw "$starts restarts" || miss "1 to 5 restarts (StartLimitBurst) before giving up, saw $starts"
  # Still failed a little later: no restart sneaks in after the give-up.
  sleep 6
  check "still failed" unit_is slips.service failed
  check "AP still down" ap_down
  check "Slips not running" slips_stopped
  check_reason "$log" 'exited with code 1'
  check "give-up logged" sh -c "tail -n +$((log + 1)) '$(log_file)' | grep -q 'gives up'"
  rm -f "$SLIPS_DIR/output/standin-behaviour"
}

# ---------------------------------------------------------------------------------------------
# `failover status`: exit 0 only when protected; the first line says why not.

# status_says EXIT REGEX: runs `failover status`, checks its exit code and first line.
status_says() {
  local want=$1 regex=$2 out="$WORK/status.txt" rc=0 first
  pi java -jar /root/failover.jar status >"$out" 2>&1 || rc=$?
  first=$(head -1 "$out")
  [ "$rc" = "$want" ] && saw "exit $rc" || miss "exit $want (got $rc)"
  if grep -qE "$regex" <<<"$first"; then saw "\"$first\""; else miss "first line /$regex/ (got \"$first\")"; fi
}

# Right after the crash loop, as it left the Pi (run_case ... as-is).
case_status_crash_loop() { status_says 1 '^NOT PROTECTED: crash loop'; }
case_status_protected() { status_says 0 '^PROTECTED: '; }
# The AP's owner stops it; Slips keeps running.
case_status_ap_cut() {
  pi create_ap --stop wlan0 >/dev/null
  wait_until 5 ap_down || miss "stand-in AP stops"
  status_says 1 '^NOT PROTECTED: the access point is cut'
}

# ---------------------------------------------------------------------------------------------
# After the matrix: take it all off again.
case_uninstall() {
  local out="$WORK/uninstall-1.txt" rc=0 ap_before files rules_before
  files=$(pi sh -c 'grep -v "^#" /etc/slips-failover/installed-files | awk "{ print \$2 }"')
  rules_before=$(saved_rules)
  ap_running && ap_before=up || ap_before=down
  pi java -jar /root/failover.jar uninstall >"$out" 2>&1 || rc=$?
  if ((rc)); then
    miss "exit 0 (exit $rc: $(tail -1 "$out"))"
    sed 's/^/    uninstall: /' "$out" >&2
    return 1
  fi
  saw "exit 0"
  local left=()
  for f in $files /etc/slips-failover/installed-files; do
    pi test -e "$f" && left+=("$f")
  done
  if ((${#left[@]})); then miss "files removed (left: ${left[*]})"; else saw "files removed"; fi
  local still=()
  for unit in "${LONG_RUNNING_UNITS[@]}" iptables-watcher.service; do
    # A unit whose file is gone can still run: both must be true.
    [ "$(unit_prop "$unit" LoadState)" = not-found ] && ! unit_is "$unit" active || still+=("$unit")
  done
  if ((${#still[@]})); then miss "units stopped and gone (left: ${still[*]})"; else saw "units gone"; fi
  check "Slips stopped" slips_stopped
  local gone=()
  [ -s "$SLIPS_DIR/output/standin.log" ] || gone+=(output)
  [ -s "$(log_file)" ] || gone+=(log)
  [ "$(saved_rules)" = "$rules_before" ] || gone+=("saved rules")
  if ((${#gone[@]})); then miss "kept (changed or gone: ${gone[*]})"; else saw "output, log, rules kept"; fi
  # It says "The access point was left as it was": check that against the AP.
  local ap_after
  ap_running && ap_after=up || ap_after=down
  if grep -q 'access point was left as it was' "$out" && [ "$ap_before" != "$ap_after" ]; then
    miss "AP left as it was, as uninstall says (it was $ap_before, now $ap_after)"
  else
    saw "AP $ap_after, as it says"
  fi
  rc=0
  pi java -jar /root/failover.jar uninstall >"$WORK/uninstall-2.txt" 2>&1 || rc=$?
  check "second uninstall: nothing to do" test "$rc" = 0 -a -n "$(grep 'nothing to do' "$WORK/uninstall-2.txt")"
}

saved_rules() { pi sh -c 'cat /etc/iptables/rules.v4 /etc/iptables/rules.v6 2>/dev/null' | sha256sum; }
