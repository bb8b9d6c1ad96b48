# The cases of the smoke test, sourced by run.sh. Each runs against a Pi where the stand-in AP and
# Slips are up (run_case sees to that), records what it saw with saw/miss/check, and sets CUT.
# shellcheck shell=bash

EXPECTED_CMD='["bash","-c","tmux new -s slips '"'"'./slips.py -ap wlan0,eth0'"'"'; tmux wait-for -S slips_done"]'
RULE_IP=192.0.2.66 # TEST-NET-1: a Slips block that must survive the reboot

install_failover() {
  # As a user would: the jar in the home folder, run with sudo (we are root already).
  local out=$1
  shift
  pi java -jar /root/failover.jar wlan0,eth0 --image "$SLIPS_IMAGE" --slips-dir "$SLIPS_DIR" "$@" >"$out" 2>&1
}

# ---------------------------------------------------------------------------------------------
case_install() {
  local out="$WORK/install-1.txt" rc=0
  install_failover "$out" || rc=$?
  # Before the install nothing gates the AP (the stand-in's forwarding runs since setup); from its
  # end on, the gate holds until Slips protects.
  # shellcheck disable=SC2034 # run_case's
  LEAK_FROM=$(now_ns)
  if ((rc)); then
    miss "install exits 0 (exit $rc; its output follows)"
    sed 's/^/    install: /' "$out" >&2
    return 1
  fi
  saw "exit 0"
  # Without a terminal the install looks once, as status does: Slips has only just started, so it
  # says so ("starting"), never PROTECTED from the service being active alone.
  check "install ends with status' verdict" install_ends_truthfully "$out"
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
  check "protecting (Redis PONG, zeek wlan0, eth0)" wait_until 30 slips_protecting
  check "output written" wait_until 30 grep -q 'args: -ap wlan0,eth0' "$SLIPS_DIR/output/standin.log"
  check "log written" test -s "$(log_file)"
  check_traffic_flows "once protecting"
}

# The install's last line: "starting: check with `slips-failover status`" after a "NOT PROTECTED
# yet" line, or PROTECTED with the time the look took; the old "PROTECTED: Slips is watching" never.
install_ends_truthfully() {
  ! grep -q 'PROTECTED: Slips is watching' "$1" &&
    tail -1 "$1" | grep -qE '^(starting: check with `slips-failover status`|PROTECTED: .* \(took [0-9]+ s\))$'
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
  # Docker mounts root's bind of the checked output/ (issue 21 item 2), never the owner's path...
  slips_field '{{range .Mounts}}{{.Source}}:{{.Destination}} {{end}}' |
    grep -E "(^| )/run/slips-failover/mnt/output:/StratosphereLinuxIPS/output/? " >/dev/null ||
    bad+=(output-mount)
  # ...and what Slips sees there is the Slips folder's output/: a file put there shows inside.
  local marker
  marker=smoke-mount-$$
  touch "$SLIPS_DIR/output/$marker"
  pi_docker exec "$SLIPS_NAME" test -e "/StratosphereLinuxIPS/output/$marker" || bad+=(output-content)
  rm -f "$SLIPS_DIR/output/$marker"
  if ((${#bad[@]})); then
    miss "container settings: wrong ${bad[*]}"
  else
    saw "container as configured"
  fi
}

# ---------------------------------------------------------------------------------------------
# Faults after which the runner cuts the AP and waits for it; its owner starts it again, and Slips
# comes back by itself. (Slips cannot start while the AP is cut: it exits at start-up.)

# A fault, then: the AP cut (how soon is printed), $2 (a regex) in the log, the unit not failed;
# once the owner starts the AP again, Slips protecting (within 30 s), nothing lost.
# $1: a function that makes the fault.
fault_then_recovered() {
  local fault=$1 reason=$2 old_id t0 ap log
  old_id=$(slips_id)
  snapshot_outputs
  ap=$(ap_mark)
  log=$(log_mark)
  t0=$(now_ns)
  FAULT_AT=''
  "$fault" || miss "making the fault"
  # The moment of the fault: Slips' death, or what the fault function recorded.
  [ -n "$FAULT_AT" ] || FAULT_AT=$(died_at_ns "$old_id" "$t0")
  measure_cut "${FAULT_AT:-$t0}" "$ap" || true
  check_reason "$log" "$reason"
  owner_restarts_ap_then_back "$old_id" 30
  check_nothing_lost
}

# The owner starts the AP again: Slips (a container other than $1) protecting within $2 s, the
# unit active and never failed since the fault.
owner_restarts_ap_then_back() {
  local old_id=$1 within=$2 t1
  unit_is slips.service failed && miss "unit not failed while the AP is cut"
  start_ap || miss "the owner starts the AP again"
  t1=$(now_ns)
  if wait_until "$within" slips_back "$old_id"; then
    saw "AP restarted: protecting in $(seconds "$(ms_between "$t1" "$(now_ns)")")"
  else
    miss "protecting within $within s of the AP's restart (unit $(unit_state slips.service))"
  fi
}

# check_reason MARK REGEX [WHAT]: a line after MARK of the log matches REGEX (case-insensitive).
check_reason() {
  local mark=$1 regex=$2 what=${3:-reason logged}
  if wait_until 30 sh -c "tail -n +$((mark + 1)) '$(log_file)' | grep -qiE '$regex'"; then
    saw "$what"
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

kill_container() { pi_docker kill "$SLIPS_NAME" >/dev/null; }
# kill_slips: Slips' container killed; its id in OLD_ID, its death in FAULT_AT (the engine's "die"
# event, or the time right before the kill when the engine does not say).
kill_slips() {
  local t0
  OLD_ID=$(slips_id)
  t0=$(now_ns)
  kill_container
  FAULT_AT=$(died_at_ns "$OLD_ID" "$t0")
  FAULT_AT=${FAULT_AT:-$t0}
  note_fault "$FAULT_AT"
}
# kill_measuring_cut: kill_slips, and the cut measured from Slips' death.
kill_measuring_cut() {
  local ap
  ap=$(ap_mark)
  kill_slips
  measure_cut "$FAULT_AT" "$ap" || true
}
# Slips ending on its own: its main process (the stand-in slips.py) exits 0.
slips_exits() { slips_fault exit 0; }
kill_runner() { FAULT_AT=$(in_pi_ns systemctl kill -s KILL slips.service); }

# The reasons as the runner words them (cut-ap logs what systemd passed to ExecStopPost=).
case_container_killed() { fault_then_recovered kill_container 'container was killed \(exit code 137\)'; }
case_slips_exits() { fault_then_recovered slips_exits 'container exited with code'; }
case_runner_killed() {
  fault_then_recovered kill_runner 'SERVICE_RESULT=signal .*EXIT_STATUS=KILL'
}

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
  check "container stopped" wait_until 30 slips_stopped
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
  # The AP was started by hand: after the boot it is down until its owner starts it again, and
  # slips.service waits for it (active, not failed).
  if wait_until 30 unit_is slips.service active; then
    saw "slips.service up by itself"
  else
    miss "slips.service up by itself after power-on (unit $(unit_state slips.service))"
  fi
  owner_restarts_ap_then_back "$old_id" 30
  check_units_active
  check "rule restored" pi sh -c "iptables -w -S slipsBlocking | grep -q '$RULE_IP'"
  local jumps
  jumps=$(pi iptables -w -S FORWARD | grep -c -- '-j slipsBlocking' || true)
  [ "$jumps" = 1 ] && saw "jump restored once" || miss "one FORWARD jump to slipsBlocking (found $jumps)"
}

# ---------------------------------------------------------------------------------------------
# Issue 20: a block made by (the stand-in) Slips with --blocking, a reboot that restores it, and
# the block gone when Slips' timer would have ended it. Time windows of EXPIRY_WINDOW s: the
# runner reads the width from the Slips folder's config/slips.yaml, the stand-in from its knob
# (the real Slips reads config/slips.yaml inside its image: see the report of issue 20).
EXPIRY_WINDOW=30
EXPIRY_IP=198.51.100.77 # TEST-NET-2
slips_command() { slips_field '{{json .Config.Cmd}}' 2>/dev/null || true; }
slips_blocking_up() { slips_up && slips_command | grep -qF -- " -p'"; }
case_block_expiry() {
  local out="$WORK/install-blocking.txt" rc=0 blocked gone lifted_after
  mkdir -p "$SLIPS_DIR/config"
  printf 'parameters:\n  time_window_width: %s\n' "$EXPIRY_WINDOW" >"$SLIPS_DIR/config/slips.yaml"
  echo "time-window $EXPIRY_WINDOW" >"$SLIPS_DIR/output/standin-behaviour"
  pi java -jar /root/failover.jar wlan0,eth0 --blocking --image "$SLIPS_IMAGE" --slips-dir "$SLIPS_DIR" >"$out" 2>&1 || rc=$?
  ((rc == 0)) && saw "install --blocking exit 0" || miss "install --blocking exits 0 (exit $rc: $(tail -1 "$out"))"
  wait_until 30 sh -c "! docker exec $PI systemctl is-active slips.service | grep -qx deactivating" || true
  start_ap || miss "the owner starts the AP again after the reinstall"
  # The Slips started with -p: the alert must not reach the one the reinstall replaces.
  wait_until 60 slips_blocking_up || miss "protecting with --blocking (Slips' command: $(slips_command))"
  pi docker exec "$SLIPS_NAME" standin-fault alert "$EXPIRY_IP" || miss "alert sent to the stand-in"
  blocked=$(now_ns)
  if wait_until 30 pi sh -c "iptables -w -S slipsBlocking | grep -q '$EXPIRY_IP'"; then
    saw "Slips blocked $EXPIRY_IP"
  else
    # Failed once in CI (2026-12-06) with nothing to tell why: what the stand-in and the chain say.
    miss "Slips blocks $EXPIRY_IP (Slips' command: $(slips_command); the stand-in's last lines: $(grep -E '^(started|fault|blocked)' "$SLIPS_DIR/output/standin.log" | tail -4 | tr '\n' ';'); slipsBlocking: $(pi iptables -w -S slipsBlocking 2>&1 | tr '\n' ';'))"
  fi
  wait_until 40 pi grep -q "$EXPIRY_IP" /etc/iptables/rules.v4 || miss "the block saved within 40 s"
  # The runner looks once a minute: it must have seen the block before the reboot.
  wait_until 70 pi grep -q "$EXPIRY_IP" /var/lib/slips-failover/block-times \
    && saw "first seen recorded" || miss "first seen recorded in /var/lib/slips-failover/block-times"
  docker restart -t 90 "$PI" >/dev/null
  wait_pi_booted
  check "block restored at boot" pi sh -c "iptables -w -S slipsBlocking | grep -q '$EXPIRY_IP'"
  start_ap || miss "the owner starts the AP after the boot"
  wait_until 60 slips_up || miss "protecting after the boot"
  # Slips would have lifted it 1 to 2 windows after the block; we lift it at 2 windows after the
  # runner first saw it (it looks every minute: up to a minute late), seen at the next look.
  if wait_until $((2 * EXPIRY_WINDOW + 150)) sh -c "! docker exec $PI iptables -w -S slipsBlocking | grep -q '$EXPIRY_IP'"; then
    gone=$(now_ns)
    lifted_after=$(ms_between "$blocked" "$gone")
    saw "block lifted $(seconds "$lifted_after") after it was made (window ${EXPIRY_WINDOW} s)"
    ((lifted_after >= EXPIRY_WINDOW * 1000)) || miss "not lifted before Slips' earliest end (${EXPIRY_WINDOW} s)"
  else
    miss "block lifted within $((2 * EXPIRY_WINDOW + 150)) s of the boot"
  fi
  # The log file is written from a queue: the line may reach it some seconds after the removal.
  wait_until 60 grep -qF "Lifted Slips' block of $EXPIRY_IP restored at boot" "$(log_file)" \
    && saw "lifting logged" || miss "no 'Lifted Slips' block of $EXPIRY_IP' in $LOG_FILE_NAME"
  wait_until 30 sh -c "! docker exec $PI grep -q '$EXPIRY_IP' /etc/iptables/rules.v4" \
    && saw "saved without it" || miss "rules.v4 still holds $EXPIRY_IP"
  # Back to the default for the cases after this one.
  rm -f "$SLIPS_DIR/config/slips.yaml" "$SLIPS_DIR/output/standin-behaviour"
  pi sh -c "iptables -w -S slipsBlocking | grep -F '$EXPIRY_IP' | sed 's/^-A/-D/' | xargs -r -L1 iptables -w" || true
  rc=0
  install_failover "$WORK/install-default.txt" || rc=$?
  ((rc == 0)) || miss "install without --blocking again (exit $rc)"
}

# ---------------------------------------------------------------------------------------------
# A Slips that exits at once, every time, with the AP up (a broken image or config): the unit ends
# failed, the AP cut, no endless loop. The AP's owner insists: whenever it is cut during the case,
# they start it again.
case_crash_loop() {
  local ap log t0 owner_starts=0 last_start
  # Read by the stand-in slips.py when it starts (src/test/docker/standin-slips.sh).
  echo 'exit 1' >"$SLIPS_DIR/output/standin-behaviour"
  ap=$(ap_mark)
  log=$(log_mark)
  t0=$(now_ns)
  kill_measuring_cut
  last_start=$ap
  local deadline=$((SECONDS + 180))
  while ((SECONDS < deadline)) && ! unit_is slips.service failed; do
    # Only while the runner waits for it (the unit active): a unit on its way down cuts once more.
    if ap_down && unit_is slips.service active; then
      last_start=$(ap_mark)
      start_ap && owner_starts=$((owner_starts + 1))
    fi
    sleep 1
  done
  if unit_is slips.service failed; then
    saw "unit failed after $(seconds "$(ms_between "$t0" "$(now_ns)")"), the AP restarted $owner_starts times"
  else
    miss "unit failed within 180 s (still $(unit_state slips.service); the AP restarted $owner_starts times)"
  fi
  # systemd 252 keeps Result=exit-code when it refuses the automatic restart; the journal says
  # why. Newer versions say start-limit-hit. A runner may also give up by itself.
  if [ "$(unit_prop slips.service Result)" = start-limit-hit ] ||
    pi journalctl -q -u slips.service --since "@$((t0 / 1000000000))" | grep 'Start request repeated too quickly' >/dev/null; then
    saw "start limit hit"
  else
    saw "failed with Result $(unit_prop slips.service Result)"
  fi
  local starts
  starts=$(log_since "$log" | grep -c 'Runner starting' || true)
  saw "$starts runner starts"
  # Still failed a little later: no restart sneaks in after the give-up.
  sleep 6
  check "still failed" unit_is slips.service failed
  # The AP its owner started last was cut again.
  if ap_down && { ((owner_starts == 0)) || ap_signalled_after "$last_start"; }; then
    saw "AP cut"
  else
    miss "AP cut after the owner's last start"
  fi
  check "Slips not running" slips_stopped
  check_reason "$log" 'exited with code 1'
  check "give-up logged" sh -c "tail -n +$((log + 1)) '$(log_file)' | grep -qE 'gives up|giving up'"
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
  wait_until 30 ap_down || miss "stand-in AP stops"
  status_says 1 '^NOT PROTECTED: the access point is cut'
}

# ---------------------------------------------------------------------------------------------
# After the matrix: take it all off again.
case_uninstall() {
  local out="$WORK/uninstall-1.txt" rc=0 ap_before files rules_before
  files=$(pi sh -c 'grep -v "^#" /etc/slips-failover/installed-files | awk "{ print \$2 }"')
  rules_before=$(saved_rules)
  ap_running && ap_before=up || ap_before=down
  local tables_before
  tables_before=$(other_tables)
  # After the uninstall nothing gates the AP any more, on purpose: the leak count ends here.
  # shellcheck disable=SC2034 # run_case's
  LEAK_TO=$(now_ns)
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
  for unit in "${LONG_RUNNING_UNITS[@]}" iptables-watcher.service slips-failover-update.timer; do
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
  if pi nft list table inet slips_failover >/dev/null 2>&1 || pi nft list table bridge slips_failover >/dev/null 2>&1; then
    miss "no table inet or bridge slips_failover left"
  else
    saw "gate's tables gone"
  fi
  [ "$(other_tables)" = "$tables_before" ] && saw "rest of the ruleset as it was" ||
    miss "the rest of the ruleset as it was (before: $(tr '\n' ' ' <<<"$tables_before"); after: $(other_tables | tr '\n' ' '))"
  rc=0
  pi java -jar /root/failover.jar uninstall >"$WORK/uninstall-2.txt" 2>&1 || rc=$?
  check "second uninstall: nothing to do" test "$rc" = 0 -a -n "$(grep 'nothing to do' "$WORK/uninstall-2.txt")"
}

# Every nft table but the gate's two, with its rules (create_ap's iptables-nft rules among them), without counters.
other_tables() {
  pi nft list ruleset | awk '/^table / { skip = ($0 ~ /^table (inet|bridge) slips_failover /) } !skip' |
    sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter/'
}

saved_rules() { pi sh -c 'cat /etc/iptables/rules.v4 /etc/iptables/rules.v6 2>/dev/null' | sha256sum; }

# ---------------------------------------------------------------------------------------------
# Slips comes back, and "protecting" is what is watched (issue 13). "Protecting" is observed
# from outside (slips_protecting: the container, Redis' PONG, a zeek per interface).

# Journal lines of slips.service since epoch-ns $1 that say it failed or hit the start limit.
unit_failures_since() {
  pi journalctl -q -u slips.service --since "@$(($1 / 1000000000))" |
    grep -E 'Failed with result|Start request repeated too quickly' || true
}

# The AP is cut; its owner starts it again a minute later: Slips protecting again within 30 s of
# that, by itself, and slips.service never failed meanwhile (no start limit to reset).
case_ap_back_after_minute() {
  local log t0
  log=$(log_mark)
  t0=$(now_ns)
  kill_measuring_cut
  watch_unit 60
  if [[ " $UNIT_STATES " == *" failed "* ]]; then
    miss "unit never failed during the minute (went $UNIT_STATES)"
  else
    saw "unit $UNIT_STATES for 60 s"
  fi
  slips_protecting && miss "no Slips protecting while the AP is cut"
  local waits
  waits=$(log_since "$log" | grep -ciE 'wait(s|ing)? for the access point' || true)
  [ "$waits" = 1 ] && saw "waiting logged once" || miss "'waiting for the access point' logged once (saw $waits)"
  owner_restarts_ap_then_back "$OLD_ID" 30
  local failures
  failures=$(unit_failures_since "$t0")
  [ -z "$failures" ] && saw "never failed" || miss "never failed (journal: $(head -1 <<<"$failures"))"
}

# A fault inside Slips that leaves its container running: the AP cut, the reason logged names
# what failed. $1: the fault (standin-fault's words), $2: a regex for the reason,
# $3: what it names.
fault_inside_slips() {
  local ap log t0
  ap=$(ap_mark)
  log=$(log_mark)
  t0=$(now_ns)
  # shellcheck disable=SC2086
  slips_fault $1 || miss "making the fault ($1)"
  local at
  at=$(fault_logged_ns)
  measure_cut "${at:-$t0}" "$ap" || true
  check_reason "$log" "$2" "reason names $3"
}
case_zeek_killed() { fault_inside_slips "kill-zeek wlan0" 'zeek.*wlan0|wlan0.*zeek' "zeek wlan0"; }
case_redis_frozen() { fault_inside_slips "hang" 'redis' "Redis"; }

# The runner hangs (SIGSTOP), then Slips is killed: systemd's watchdog kills the runner and the
# cut runs (ExecStopPost=). What leaks meanwhile is what the lease, earned before the hang, still
# allows: count_leaks' rule for every case.
case_runner_hung() {
  local wd_us ap log t0
  wd_us=$(unit_prop slips.service WatchdogUSec)
  # systemctl show prints "10s" or "0"/"infinity"; WatchdogUSec in µs with --value on newer ones.
  local wd_ms
  wd_ms=$(pi systemd-analyze timespan "$wd_us" 2>/dev/null | awk '/μs:|us:/ { print int($2 / 1000); exit }')
  if [ -z "$wd_ms" ] || ((wd_ms == 0)); then
    miss "WatchdogSec= set on slips.service (it is '$wd_us')"
    wd_ms=10000
  else
    saw "WatchdogSec=$wd_us"
  fi
  ap=$(ap_mark)
  log=$(log_mark)
  # Two faults at once: with the runner hung, only the lease's end closes the gate, up to its
  # timeout after the last good probe's start (before the hang); Slips' death in that time lets
  # through what the lease still allows, which count_leaks allows in every case, and no more.
  t0=$(in_pi_ns systemctl kill -s SIGSTOP --kill-whom=main slips.service)
  kill_container
  # From the hang: the watchdog fires WatchdogSec after the last ping before it (printed).
  measure_cut "$t0" "$ap" || true
  watchdog_fired "$t0"
  check "unit back (active)" wait_until 30 unit_is slips.service active
}

# watchdog_at_ns SINCE_NS: when systemd's watchdog fired on slips.service since then (its journal
# line, epoch ns), or nothing.
watchdog_at_ns() {
  pi journalctl -q -o short-unix -u slips.service --since "@$(($1 / 1000000000))" |
    awk 'tolower($0) ~ /watchdog timeout/ { split($1, t, "."); print t[1] substr(t[2] "000000", 1, 6) "000"; exit }'
}
watchdog_logged() { [ -n "$(watchdog_at_ns "$1")" ]; }
# watchdog_fired SINCE_NS: the watchdog's cut is the one that came (the journal says it fired);
# sets WATCHDOG_NS.
watchdog_fired() {
  WATCHDOG_NS=''
  if wait_until 30 watchdog_logged "$1"; then
    WATCHDOG_NS=$(watchdog_at_ns "$1")
    saw "watchdog fired $(seconds "$(ms_between "$1" "$WATCHDOG_NS")") after the hang"
  else
    miss "systemd's watchdog fired (nothing in the journal)"
  fi
}

# The runner SIGKILLed, then `systemctl stop slips` while systemd waits to restart it: the unit
# inactive, and no Slips container left running.
case_runner_killed_then_stop() {
  local ap t0
  ap=$(ap_mark)
  t0=$(in_pi_ns systemctl kill -s KILL --kill-whom=main slips.service)
  measure_cut "$t0" "$ap" || true
  if wait_until 10 sh -c "[ \"\$(docker exec $PI systemctl show -p SubState --value slips.service)\" = auto-restart ]"; then
    saw "stopped during the restart wait"
  else
    saw "stopped after the restart ($(unit_state slips.service))"
  fi
  pi systemctl stop slips.service || miss "systemctl stop exits 0"
  local state
  state=$(unit_state slips.service)
  [ "$state" = inactive ] && saw "unit inactive" || miss "unit inactive after the stop (it is $state)"
  if wait_until 30 slips_stopped; then
    saw "no Slips container running $(seconds "$(ms_between "$t0" "$(now_ns)")") after the kill"
  else
    miss "no Slips container left running (it still runs, unsupervised)"
  fi
}

# Issue 21: a local user without root (nobody) plants look-alikes of create_ap's state folders in
# /tmp: one of FIFOs (opening one blocks until someone writes to it), one of 8 GiB sparse files
# (read whole, they run the runner's 64 MB heap out of memory). Then Slips is killed
# (the runner's cut), then the runner (cut-ap's cut): each comes (neither hangs on the
# look-alikes), and no Slips container runs on unsupervised. No hostapd.pid among the FIFOs: start_ap waits for one.
PLANT_AS_NOBODY='set -e
fifos=$(mktemp -d /tmp/create_ap.wlan0.conf.XXXXXXXX)
for f in pid wifi_iface nat_internet_iface hostapd.conf; do mkfifo "$fifos/$f"; done
huge=$(mktemp -d /tmp/create_ap.wlan0.conf.XXXXXXXX)
echo 999999999 >"$huge/pid"
for f in wifi_iface hostapd.conf; do truncate -s 8G "$huge/$f"; done
chmod 755 "$fifos" "$huge"
echo "$fifos $huge"'
case_planted_in_tmp() {
  local planted ap t0 old_id
  if planted=$(pi setpriv --reuid 65534 --regid 65534 --clear-groups sh -c "$PLANT_AS_NOBODY"); then
    saw "nobody planted a FIFO folder and 8 GiB files in /tmp"
  else
    miss "planting as nobody"
    return 1
  fi
  fault_then_recovered kill_container 'container was killed \(exit code 137\)'
  old_id=$(slips_id)
  ap=$(ap_mark)
  t0=$(in_pi_ns systemctl kill -s KILL --kill-whom=main slips.service)
  measure_cut "$t0" "$ap" || true
  if wait_until 30 slips_stopped; then
    saw "runner killed: no Slips container left running"
  else
    miss "no Slips container left running after the runner was killed (it runs unsupervised)"
  fi
  owner_restarts_ap_then_back "$old_id" 30
  # shellcheck disable=SC2086 # two folder names
  pi rm -rf $planted
}

# A Slips that takes 30 s to start (a Pi's start-up): no false failure on the way (no AP cut, no
# restart, the unit never failed), and it ends protecting.
case_slow_start() {
  local ap log t0 restarts
  # The stop cuts the AP; its owner starts it again, then Slips, which now takes 30 s.
  pi systemctl stop slips.service
  start_ap || miss "the AP up before the start"
  echo 'start-delay 30' >"$SLIPS_DIR/output/standin-behaviour"
  ap=$(ap_mark)
  log=$(log_mark)
  t0=$(now_ns)
  pi systemctl start --no-block slips.service
  if wait_until 90 slips_protecting; then
    saw "protecting after $(seconds "$(ms_between "$t0" "$(now_ns)")")"
  else
    miss "protecting within 90 s (a 30 s start, and 60 s to spare; unit $(unit_state slips.service))"
  fi
  rm -f "$SLIPS_DIR/output/standin-behaviour"
  if ap_signalled_after "$ap"; then miss "no AP cut during the start"; else saw "no AP cut"; fi
  # (Not NRestarts: a start by hand resets it.)
  restarts=$(pi journalctl -q -u slips.service --since "@$((t0 / 1000000000))" | grep -c 'Scheduled restart job' || true)
  [ "$restarts" = 0 ] && saw "no restart" || miss "no restart (systemd restarted it $restarts times)"
  local failures
  failures=$(unit_failures_since "$t0")
  [ -z "$failures" ] && saw "never failed" || miss "never failed (journal: $(head -1 <<<"$failures"))"
  local starts
  starts=$(log_since "$log" | grep -c 'Runner starting' || true)
  ((starts <= 1)) || miss "one runner start (saw $starts)"
  check "unit active" unit_is slips.service active
}

# A lease element added by hand, with a timeout, while Slips starts (issue 21): as root or from
# the container's NET_ADMIN, it would open the gate for a Slips that does not protect yet. The
# runner's next check removes it; from then on until Slips protects, nothing of the client's
# reaches upstream, and the gate drops it. The packets through before the check are printed: the
# check's delay while the runner starts Slips.
# The set listed (a failed listing is not an empty set) and holding no element.
lease_empty() {
  local set
  set=$(pi nft list set inet slips_failover lease) || return 1
  ! grep -q elements <<<"$set"
}
case_hand_lease() {
  local log added removed through drops
  # Its own stop and start, after the fresh one: reset systemd's start counter, or a start past
  # StartLimitBurst= is refused and no runner ever checks the gate (seen in the full matrix).
  pi systemctl stop slips.service
  pi systemctl reset-failed slips.service
  start_ap || miss "the AP up before the start"
  echo 'start-delay 30' >"$SLIPS_DIR/output/standin-behaviour"
  log=$(log_mark)
  pi systemctl start --no-block slips.service
  wait_until 30 sh -c "tail -n +$((log + 1)) '$(log_file)' | grep -q 'Gate loaded, closed'" ||
    miss "the runner loads the gate"
  added=$(now_ns)
  pi nft add element inet slips_failover lease '{ 0 timeout 1d }'
  if wait_until 60 lease_empty; then
    removed=$(now_ns)
    saw "hand-added lease removed $(seconds "$(ms_between "$added" "$removed")") after"
  else
    removed=$(now_ns)
    miss "hand-added lease removed by the runner's check"
  fi
  # The hand-added lease is open until the runner's check; the case counts leaks from there.
  # shellcheck disable=SC2034 # run_case's
  LEAK_FROM=$removed
  saw "$(arrivals_between "$added" "$removed") packets through the hand-added lease before the check"
  drops=$(gate_drops inet)
  # Slips starts 30 s after the runner: the 10 s after the check come before it protects, unless
  # the machine is slow enough to take 20 s for the check; then they end where the observer saw
  # Slips protect (not_protecting_until), and the count covers what is left of them.
  local to
  while (($(now_ns) < removed + 10000000000)); do sleep 0.2; done
  to=$(not_protecting_until "$removed")
  ((${to:-$removed} > removed && to < removed + 10000000000)) || to=$((removed + 10000000000))
  through=$(arrivals_between "$removed" "$to")
  [ "$through" = 0 ] && saw "0 packets forwarded in the $(seconds "$(ms_between "$removed" "$to")") after the check" ||
    miss "0 packets forwarded after the check while Slips starts (saw $through)"
  (($(gate_drops inet) > drops)) && saw "the gate drops the client's packets" ||
    miss "the gate drops the client's packets while Slips starts"
  rm -f "$SLIPS_DIR/output/standin-behaviour"
  wait_until 60 slips_up || miss "protecting after the start"
  check_traffic_flows "once protecting"
}

# A boot with create_ap.service enabled (the AP's own unit, as linux-wifi-hotspot ships it), in
# the order $1 (ap-first or slips-first, forced with a drop-in; on a Pi nothing orders them):
# Slips protecting after the boot without anyone's help.
boot_with_ap_service() {
  local order=$1 booted
  # The AP from now on only through its unit.
  pi create_ap --stop wlan0 >/dev/null
  wait_until 30 ap_down || miss "hand-started AP stops"
  pi mkdir -p /etc/systemd/system/create_ap.service.d
  if [ "$order" = ap-first ]; then
    pi sh -c 'printf "[Unit]\nBefore=slips.service\n" >/etc/systemd/system/create_ap.service.d/smoke-order.conf'
  else
    pi sh -c 'printf "[Unit]\nAfter=slips.service\n[Service]\nExecStartPre=/bin/sleep 3\n" >/etc/systemd/system/create_ap.service.d/smoke-order.conf'
  fi
  pi systemctl daemon-reload
  pi systemctl enable create_ap.service 2>/dev/null || miss "enable create_ap.service"
  docker restart -t 90 "$PI" >/dev/null
  booted=$(now_ns)
  wait_pi_booted
  if wait_until 90 slips_up; then
    saw "protecting $(seconds "$(ms_between "$booted" "$(now_ns)")") after power-on"
  else
    miss "protecting within 90 s of power-on (slips.service $(unit_state slips.service), create_ap.service $(unit_state create_ap.service))"
  fi
  local ap_at slips_at
  ap_at=$(unit_prop create_ap.service ExecMainStartTimestampMonotonic)
  slips_at=$(unit_prop slips.service ExecMainStartTimestampMonotonic)
  if ((ap_at < slips_at)); then saw "create_ap started first"; else saw "slips.service started first"; fi
  check "create_ap.service active" unit_is create_ap.service active
  local failures
  failures=$(unit_failures_since "$booted")
  [ -z "$failures" ] && saw "never failed" || miss "never failed (journal: $(head -1 <<<"$failures"))"
}
case_boot_ap_first() { boot_with_ap_service ap-first; }
case_boot_slips_first() {
  boot_with_ap_service slips-first
  # Back to the AP started by hand, for the cases after this one.
  pi systemctl disable --now create_ap.service 2>/dev/null
  pi rm -rf /etc/systemd/system/create_ap.service.d
  pi systemctl daemon-reload
}

# ---------------------------------------------------------------------------------------------
# The gate (issue 9): the kernel drops the AP's clients' forwarded traffic unless a lease, renewed
# by the runner after each good probe, is fresh. The leak count of every case is run_case's.

# The runner SIGSTOPped, Slips protecting on: nobody renews the lease, which runs out by itself
# (3 s); systemd's watchdog kills the runner later and ExecStopPost= cuts and stops Slips.
# The lease, not the watchdog's cut, must shut the gate: traffic paused (no packet for half a
# second, as traffic_paused) before the watchdog fired. No timing of ours decides it: both are
# timers, of the kernel (the lease, its timeout from the last probe's start before the hang) and of
# systemd (WatchdogSec= from the last ping, pings a third of it apart: at least 6.7 s of 10), and a
# slow machine only delays the watchdog. The times are printed.
case_runner_stopped() {
  local ap t0 stopped_at
  ap=$(ap_mark)
  t0=$(in_pi_ns systemctl kill -s SIGSTOP --kill-whom=main slips.service)
  measure_cut "$t0" "$ap" || true
  watchdog_fired "$t0"
  if [ -n "$WATCHDOG_NS" ]; then
    stopped_at=$(last_arrival_before "$WATCHDOG_NS")
    if ((WATCHDOG_NS - ${stopped_at:-0} > 500000000)); then
      saw "gate closed by the lease's end, $(seconds "$(ms_between "$t0" "$stopped_at")") after the SIGSTOP, before the watchdog"
    else
      miss "traffic stops before the watchdog fires (the lease's end; a packet $(ms_between "$stopped_at" "$WATCHDOG_NS") ms before it)"
    fi
  fi
  check "unit back (active)" wait_until 30 unit_is slips.service active
}

# `nft flush ruleset` (or `systemctl restart nftables`) removes the gate, and create_ap's and
# Docker's rules; Slips dies right after, mostly before the runner's next check has put the table
# back: the runner's revoke loads the table, closed.
flush_then_kill() {
  # One exec: Slips dies some 0.1 s after the flush, mostly before the runner's check (a second
  # apart) has put the table back; the log says which came first ("not there to revoke").
  pi sh -c "nft flush ruleset; docker kill $SLIPS_NAME >/dev/null"
}
case_nft_flush() {
  fault_then_recovered flush_then_kill 'container was killed \(exit code 137\)'
  check "gate's table back" pi nft list table inet slips_failover
  check_traffic_flows "once protecting again"
}

# --keep-ap: a Slips kill closes the gate, the AP stays up, Slips is started again at once and the
# clients get the Internet back by themselves when it protects.
case_keep_ap() {
  local ap
  install_keep_ap
  check_traffic_flows "before the fault"
  ap=$(ap_mark)
  kill_slips
  back_by_itself_never_cut "$OLD_ID" "$ap" 60 "$FAULT_NS"
  install_default_again
}
# back_by_itself_never_cut OLD_ID AP_MARK WITHIN_S FROM_NS: with --keep-ap, Slips (a container other
# than OLD_ID) protecting again within WITHIN_S, traffic flowing by itself, and no cut since AP_MARK.
back_by_itself_never_cut() {
  if wait_until "$3" slips_back "$1"; then
    saw "Slips back by itself in $(seconds "$(ms_between "$4" "$(now_ns)")")"
  else
    miss "Slips back by itself within $3 s (unit $(unit_state slips.service))"
  fi
  check_traffic_flows "again, by itself"
  if ap_signalled_after "$2" || ! ap_running; then miss "AP never cut"; else saw "AP never cut"; fi
}

# ---------------------------------------------------------------------------------------------
# Bridge mode (`create_ap -m bridge`; the stand-in does what the real one does, each fact beside
# its code): eth0 and the AP's ap0 are ports of a bridge br0, which holds the Pi's 203.0.113.2;
# the client gets 203.0.113.100/24 and the router 203.0.113.1, as the LAN's DHCP server would
# give them, and reaches the upstream on the same subnet: its frames are bridged, not routed, and
# never NATted. What holds them is the gate's second table, `bridge slips_failover` (its forward
# hook); the inet table never sees them, unless br_netfilter passes bridged IPv4 frames through
# the inet hooks too (bridge-nf-call-iptables=1; then with the bridge, br0, as their in and out
# interface, so the inet table's interface matches let them pass). The real create_ap sets that
# sysctl to 0 in bridge mode; Docker's bridge driver sets it to 1 when it makes a bridge network.
# The sysctl is per network namespace on kernels since 5.3 (this one's too): the Pi's own, as on a
# Pi; the host's stays as it is, and the case checks that.
#
# The case: Slips stopped (the owner reconfigures the AP), the AP started in bridge mode and left
# serving for a while before Slips starts (nothing may reach the upstream until Slips protects),
# Slips protecting (the client's frames are bridged to the upstream), Slips' container killed
# (LEAKED and GATE SHUT as for NAT mode; the cut's cleanup takes the bridge down and gives eth0
# its address and routes back), the owner starts the AP again (bridged traffic again once Slips
# protects), then `systemctl stop` and back to NAT mode, with the Pi's network as before.

BRIDGE_NF=/proc/sys/net/bridge/bridge-nf-call-iptables
# The Pi's network as a bridge mode create_ap must leave it: addresses, routes, promiscuity, the
# br_netfilter sysctl (when the kernel has it).
pi_network() {
  pi sh -c "ip -br addr show | awk '{ \$1 = \$1; print }' | sed 's/@[^ ]*//'; ip route; ip -d link show eth0 | grep -o 'promiscuity [0-9]*'; cat $BRIDGE_NF 2>/dev/null"
}
# gate_drops FAMILY: packets (or frames) dropped by that gate table since it was loaded (the
# runner loads it afresh when it starts: compare readings within one runner's life, or none).
gate_drops() {
  pi nft list table "$1" slips_failover 2>/dev/null |
    awk '/counter packets .* drop/ { for (i = 1; i < NF; i++) if ($i == "packets") n += $(i + 1) } END { print n + 0 }'
}
# The bridge mode AP up, with bridge-nf-call-iptables then set to $1 (0: as create_ap leaves it).
start_bridge_ap() {
  # shellcheck disable=SC2034 # lib.sh's start_ap reads it
  AP_SHARE=bridge
  start_ap || return 1
  pi sh -c "[ ! -e $BRIDGE_NF ] || echo $1 >$BRIDGE_NF"
}
bridge_ready() {
  pi sh -c '[ -d /sys/class/net/br0/bridge ] && [ -e /sys/class/net/br0/brif/eth0 ] && [ -e /sys/class/net/br0/brif/ap0 ] &&
    ip -4 addr show dev br0 | grep -q "inet 203.0.113.2/24" && ip route show default | grep -q "dev br0" &&
    ip netns exec client ip -4 addr show | grep -q "inet 203.0.113.100/24"'
}
# The first good probe of the observer after $1 (ns): the start of the last failed probe before it
# (Slips was certainly not protecting before then), or nothing yet.
not_protecting_until() {
  awk -v t="$1" '$1 == "PROT" && $2 > t { print $4; exit }' "$OBSERVED" 2>/dev/null
}
# Which hooks carry the bridged traffic: a table of the test's own counts what the inet forward
# hook sees, by input interface, while bridged traffic flows. $1: a word for the report.
INET_PROBE='table inet smoke_probe {
  chain forward {
    type filter hook forward priority 0; policy accept;
    iifname "br0" counter
    iifname "ap*" counter
  }
}'
probe_inet_hook() {
  local seen
  docker exec -i "$PI" nft -f - <<<"$INET_PROBE" || {
    miss "loading the test's inet probe table"
    return
  }
  check_traffic_flows "$1"
  sleep 1
  seen=$(pi nft list table inet smoke_probe | awk '/counter packets/ { for (i = 1; i < NF; i++) if ($i == "packets") printf "%s ", $(i + 1) }')
  pi nft delete table inet smoke_probe
  read -r INET_BR0 INET_AP <<<"$seen"
  saw "the inet forward hook saw ${INET_BR0:-?} packets from br0, ${INET_AP:-?} from ap* (at 5 ms, 200 a second each way)"
}

bridge_slips_killed() {
  local nf=$1 host_nf before after up unprotected_to log drops_inet drops_bridge INET_BR0 INET_AP
  host_nf=$(cat "$BRIDGE_NF" 2>/dev/null || echo absent)
  # The owner reconfigures the AP: Slips stopped first (the gate closes, the NAT AP is cut).
  pi systemctl stop slips.service || miss "systemctl stop slips"
  wait_until 30 ap_down || miss "the NAT AP cut by the stop"
  before=$(pi_network)
  drops_bridge=$(gate_drops bridge)
  start_bridge_ap "$nf" || {
    miss "the stand-in create_ap -m bridge up"
    return 1
  }
  up=$(now_ns)
  if wait_until 30 bridge_ready; then
    saw "bridged: eth0, ap0 in br0 (203.0.113.2), client 203.0.113.100"
  else
    miss "br0 with eth0, ap0 and 203.0.113.2, the client on 203.0.113.100/24: $(pi ip -br addr | tr '\n' ';')"
  fi
  saw "bridge-nf-call-iptables $(pi cat "$BRIDGE_NF" 2>/dev/null || echo absent) in the Pi"
  # The AP serves, Slips is stopped: nothing may be bridged to the upstream, however long.
  sleep 3
  local dropped_closed
  dropped_closed=$(($(gate_drops bridge) - drops_bridge))
  pi systemctl start --no-block slips.service
  if wait_until 90 slips_up; then
    wait_until 5 not_protecting_until "$up" || true
    unprotected_to=$(not_protecting_until "$up")
    local n
    n=$(arrivals_between "$up" "${unprotected_to:-$(now_ns)}")
    if ((n == 0)); then
      saw "0 bridged in the $(seconds "$(ms_between "$up" "${unprotected_to:-$(now_ns)}")") before Slips protected (the bridge table dropped $dropped_closed frames)"
    else
      miss "nothing bridged before Slips protected ($n packets reached the upstream)"
    fi
  else
    miss "Slips protecting within 90 s of its start (unit $(unit_state slips.service))"
    return 1
  fi
  wait_until 15 sh -c "docker exec $PI systemctl show -p StatusText --value slips.service | grep -q '^Protecting'" || true
  probe_inet_hook "bridged once protecting"
  # The gate's inet table matches the AP's interfaces; the bridged frames never come with them
  # (br_netfilter hands them to the inet hooks as the bridge's, br0): only the bridge table can
  # hold them, and it runs first (bridge forward hook, priority -210; br_netfilter's is 0).
  if ((nf)); then
    check "bridged IPv4 also through the inet forward hook (br_netfilter), as br0's" test "${INET_BR0:-0}" -gt 100 -a "${INET_AP:-1}" = 0
  fi
  # The fault, as in NAT mode.
  drops_inet=$(gate_drops inet)
  drops_bridge=$(gate_drops bridge)
  log=$(log_mark)
  kill_measuring_cut
  check_reason "$log" 'container was killed \(exit code 137\)'
  saw "dropped after the kill: bridge table $(($(gate_drops bridge) - drops_bridge)) frames, inet table $(($(gate_drops inet) - drops_inet))"
  after=$(pi_network)
  if [ "$after" = "$before" ]; then
    saw "cut: bridge gone, eth0's address and routes back"
  else
    miss "the cut AP's cleanup gives the Pi's network back: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | tr '\n' ';')"
  fi
  # Its owner starts it again; Slips comes back; bridged traffic again.
  start_bridge_ap "$nf" || miss "the owner starts the bridge mode AP again"
  local t1
  t1=$(now_ns)
  if wait_until 30 slips_back "$OLD_ID"; then
    saw "AP restarted: protecting in $(seconds "$(ms_between "$t1" "$(now_ns)")")"
  else
    miss "protecting within 30 s of the AP's restart (unit $(unit_state slips.service))"
  fi
  check_traffic_flows "bridged again once Slips protects again"
  # Back to NAT mode for the cases after this one; the Pi's network as before the bridge.
  pi systemctl stop slips.service || miss "systemctl stop slips at the end"
  wait_until 30 ap_down || miss "the bridge mode AP cut by the stop"
  after=$(pi_network)
  [ "$after" = "$before" ] && saw "bridge mode left no trace" ||
    miss "the Pi's network as before bridge mode: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | tr '\n' ';')"
  [ "$(cat "$BRIDGE_NF" 2>/dev/null || echo absent)" = "$host_nf" ] && saw "host's bridge-nf-call-iptables untouched ($host_nf)" ||
    miss "the host's bridge-nf-call-iptables untouched (was $host_nf)"
}
# Always back to NAT mode, whatever the case missed: a bridge mode AP stopped, the next case
# starts the NAT one.
bridge_case() {
  local rc=0
  bridge_slips_killed "$1" || rc=$?
  # shellcheck disable=SC2034
  AP_SHARE=nat
  if ap_running; then
    pi create_ap --stop wlan0 >/dev/null
    wait_until 10 ap_down || true
  fi
  return "$rc"
}
case_bridge_slips_killed() { bridge_case 0; }
case_bridge_netfilter_slips_killed() { bridge_case 1; }

# A bridge mode create_ap killed with SIGKILL (its cleanup never runs): its hostapd keeps serving,
# bridged into br0, and its state folder names no internet interface (no nat_internet_iface, only
# "bridge=br0" in hostapd.conf). When Slips then fails, the cut must still find that hostapd and
# stop it: the clients are off the Wi-Fi. Nothing cleans up after a SIGKILL (as with the real
# create_ap: its bridge, its ap0 and bridge-nf-call-iptables 0 stay), so the case does it by hand
# afterwards, as the stand-in's cleanup would, and checks the Pi's network is as before.
bridge_leftover_cleanup() {
  pi sh -c 'ip link del ap0; ip link set dev br0 down; ip link set dev eth0 down
    ip link set dev eth0 promisc off; ip link set dev eth0 nomaster; ip link del br0 type bridge
    ip addr flush dev eth0; ip link set dev eth0 up; ip addr add 203.0.113.2/24 brd + dev eth0
    ip route replace default via 203.0.113.1 dev eth0; ip link set dev wlan0 up
    rm -rf /tmp/create_ap.wlan0.conf.* /tmp/create_ap-standin-bin.*' 2>/dev/null
  [ "$1" = absent ] || pi sh -c "echo $1 >$BRIDGE_NF"
}
bridge_ap_sigkilled() {
  local before pi_nf ap hostapd log
  pi systemctl stop slips.service || miss "systemctl stop slips"
  wait_until 30 ap_down || miss "the NAT AP cut by the stop"
  before=$(pi_network)
  pi_nf=$(pi cat "$BRIDGE_NF" 2>/dev/null || echo absent)
  start_bridge_ap 0 || {
    miss "the stand-in create_ap -m bridge up"
    return 1
  }
  wait_until 30 bridge_ready || miss "br0 with eth0 and ap0, the client on 203.0.113.100/24"
  pi systemctl start --no-block slips.service
  wait_until 90 slips_up || {
    miss "Slips protecting within 90 s of its start (unit $(unit_state slips.service))"
    bridge_leftover_cleanup "$pi_nf"
    return 1
  }
  ap=$(pi sh -c 'cat /tmp/create_ap.wlan0.conf.*/pid')
  hostapd=$(pi sh -c 'cat /tmp/create_ap.wlan0.conf.*/hostapd.pid')
  pi sh -c "kill -KILL $ap"
  if wait_until 30 sh -c "! docker exec $PI sh -c 'kill -0 $ap' 2>/dev/null" && pi sh -c "kill -0 $hostapd" && ! ap_running; then
    saw "create_ap SIGKILLed, its hostapd serving on"
  else
    miss "create_ap $ap gone and its hostapd $hostapd still running after SIGKILL"
  fi
  check_traffic_flows "bridged through the orphaned hostapd while Slips protects"
  log=$(log_mark)
  kill_slips
  if wait_until 60 sh -c "! docker exec $PI sh -c 'kill -0 $hostapd' 2>/dev/null"; then
    # shellcheck disable=SC2034 # run_case reads it; polled, so an upper bound
    CUT="<$(seconds "$(ms_between "$FAULT_AT" "$(now_ns)")")"
    saw "orphaned hostapd stopped by the cut"
  else
    miss "the cut stops the orphaned hostapd $hostapd (still running 60 s after Slips died)"
  fi
  check_reason "$log" 'but its hostapd still serves' "cut: no create_ap, orphaned hostapd"
  bridge_leftover_cleanup "$pi_nf"
  [ "$(pi_network)" = "$before" ] && saw "Pi's network as before (cleaned up by hand)" ||
    miss "the Pi's network as before: $(diff <(echo "$before") <(pi_network) | grep '^[<>]' | tr '\n' ';')"
}
case_bridge_ap_sigkilled() {
  local rc=0
  bridge_ap_sigkilled || rc=$?
  # shellcheck disable=SC2034
  AP_SHARE=nat
  return "$rc"
}

# ---------------------------------------------------------------------------------------------
# Issue 20: the registry on the Pi's loopback and the stand-in releases the update cases push
# (lib.sh: registry_push, standin_variants). Three pushes make three digests; the new release
# pulls by digest and carries its label; the broken one exits non-zero at start-up; latest is
# the stand-in again at the end. Slips, the AP and the runner are not touched.
case_registry() {
  local first new broken rc=0
  standin_variants || miss "stand-in releases built (new, broken)"
  first=$(registry_push "$SLIPS_IMAGE") || miss "push of $SLIPS_IMAGE to $REGISTRY"
  new=$(registry_push "$SLIPS_IMAGE_NEW") || miss "push of the new release"
  broken=$(registry_push "$SLIPS_IMAGE_BROKEN") || miss "push of the broken release"
  if [ -n "$first" ] && [ -n "$new" ] && [ -n "$broken" ] &&
    [ "$(printf '%s\n' "$first" "$new" "$broken" | sort -u | wc -l)" = 3 ]; then
    saw "3 releases, 3 digests in $REGISTRY"
  else
    miss "3 distinct digests (got '$first' '$new' '$broken')"
  fi
  if pi_docker pull -q "$REGISTRY/slips@$new" >/dev/null &&
    [ "$(pi_docker image inspect -f '{{index .Config.Labels "standin.variant"}}' "$REGISTRY/slips@$new")" = new ]; then
    saw "new release pulled by digest"
  else
    miss "pull of $REGISTRY/slips@$new (label standin.variant=new)"
  fi
  pi_docker pull -q "$REGISTRY/slips@$broken" >/dev/null || miss "pull of the broken release"
  pi_docker run --rm --net=host "$REGISTRY/slips@$broken" ./slips.py -ap wlan0,eth0 >/dev/null 2>&1 || rc=$?
  ((rc != 0)) && saw "broken release exits $rc at start" || miss "the broken release exits non-zero at start"
  pi_docker rmi "$REGISTRY/slips@$new" "$REGISTRY/slips@$broken" >/dev/null 2>&1 || true
  [ "$(registry_push "$SLIPS_IMAGE")" = "$first" ] && saw "latest back to the stand-in" || miss "latest back to $first"
}

# ---------------------------------------------------------------------------------------------
# Issue 20 item 5: the engine's own upgrade. Upgrading Debian's docker.io (unattended-upgrades does
# it) restarts dockerd: `systemctl restart docker`, as here. dockerd first closes its socket, then
# stops its containers (Slips' bash ignores SIGTERM: killed after its stop timeout, 10 s), answering
# meanwhile on the connections it had; then exits, and the new dockerd starts (docker.socket queues
# the connections made meanwhile). The runner must start nothing on the dockerd on its way out (that
# container is abandoned: one more failure) and reconnect to the new one.

# restart_docker: `systemctl restart docker` in the Pi; sets ENGINE_RESTART_NS (the Pi's time
# before it) and SLIPS_ENDED_NS (the start of the observer's first failed probe after it: Slips
# ended then, seen from outside; the engine's events of the old dockerd are gone with it).
restart_docker() {
  ENGINE_RESTART_NS=$(in_pi_ns systemctl restart docker.service) || miss "systemctl restart docker"
  wait_until 30 pi_docker info || miss "the Pi's Docker engine answers after its restart"
  SLIPS_ENDED_NS=''
  wait_until 30 slips_ended_seen || miss "Slips ended by dockerd's shutdown (the observer saw it)"
  SLIPS_ENDED_NS=$(slips_ended_seen)
}
slips_ended_seen() {
  awk -v t="$ENGINE_RESTART_NS" '$1 == "NOT" && $2 > t { print $2; found = 1; exit } END { exit !found }' "$OBSERVED"
}
# How the runner may word Slips' end by dockerd's shutdown: its container's end (the wait, on a
# connection of its own, is answered), its probes, or the engine gone.
ENGINE_RESTART_REASON='Slips container (was killed|exited)|Slips stopped protecting|Docker daemon is unreachable'
# One failure in the runner's log since mark $1: one reason, no failed start.
check_one_failure() {
  local since
  since=$(log_since "$1")
  if [ "$(grep -ciE "$ENGINE_RESTART_REASON" <<<"$since")" = 1 ] &&
    ! grep -qE 'Could not start Slips|giving up' <<<"$since"; then
    saw "one failure logged"
  else
    miss "one failure logged, no failed start ($(grep -E 'ERROR' <<<"$since" | head -4 | tr '\n' ' '))"
  fi
}

# The AP cut when dockerd ends Slips, once; the owner starts it again: Slips back within its start
# time, and no second cut.
case_engine_restart() {
  local old_id ap log ap2
  old_id=$(slips_id)
  ap=$(ap_mark)
  log=$(log_mark)
  restart_docker
  # The cut follows Slips' end: wait for it, then measure from that end.
  wait_until 30 ap_signalled_after "$ap" || true
  FAULT_NS=${SLIPS_ENDED_NS:-$ENGINE_RESTART_NS}
  measure_cut "$FAULT_NS" "$ap" || true
  [ -z "$SLIPS_ENDED_NS" ] || saw "Slips ended $(seconds "$(ms_between "$ENGINE_RESTART_NS" "$SLIPS_ENDED_NS")") into the restart"
  check_reason "$log" "$ENGINE_RESTART_REASON"
  ap2=$(ap_mark)
  owner_restarts_ap_then_back "$old_id" 60
  check_traffic_flows "once protecting again"
  if ap_signalled_after "$ap2"; then miss "one cut (the AP was cut again after its restart)"; else saw "one cut"; fi
  check_one_failure "$log"
}

# install_keep_ap: the install again with --keep-ap; the owner starts the AP the new runner's
# restart cut, and Slips protects.
install_keep_ap() {
  local out="$WORK/install-keep-ap.txt" rc=0
  pi java -jar /root/failover.jar wlan0,eth0 --keep-ap --image "$SLIPS_IMAGE" --slips-dir "$SLIPS_DIR" >"$out" 2>&1 || rc=$?
  ((rc == 0)) && saw "install --keep-ap exit 0" || miss "install --keep-ap exits 0 (exit $rc: $(tail -1 "$out"))"
  # The new runner script restarts the runner, which cuts the AP once: its owner starts it again.
  wait_until 30 sh -c "! docker exec $PI systemctl is-active slips.service | grep -qx deactivating" || true
  start_ap || miss "the owner starts the AP again after the reinstall"
  wait_until 60 slips_up || miss "protecting after the reinstall"
}
# Back to the default (no --keep-ap) for the cases after.
install_default_again() {
  local rc=0
  install_failover "$WORK/install-default.txt" || rc=$?
  ((rc == 0)) || miss "install without --keep-ap again (exit $rc)"
}

# With --keep-ap: the gate shuts when dockerd ends Slips, the AP is never cut, and Slips is back
# by itself once the new dockerd answers, after one failure.
case_engine_restart_keep_ap() {
  local old_id ap log
  install_keep_ap
  check_traffic_flows "before the fault"
  old_id=$(slips_id)
  ap=$(ap_mark)
  log=$(log_mark)
  restart_docker
  note_fault "${SLIPS_ENDED_NS:-$ENGINE_RESTART_NS}"
  # From the restart's beginning: the time it took is what the owner's clients went without.
  back_by_itself_never_cut "$old_id" "$ap" 90 "$ENGINE_RESTART_NS"
  check_one_failure "$log"
  install_default_again
}

# ---------------------------------------------------------------------------------------------
# Prometheus metrics (issue 19): Debian's prometheus-node-exporter in the Pi reads the runner's
# textfile; /metrics is scraped over HTTP inside the Pi (python3, which apprise brings).
scrape() {
  pi python3 -c 'import urllib.request, sys
sys.stdout.write(urllib.request.urlopen("http://127.0.0.1:9100/metrics", timeout=5).read().decode())' 2>/dev/null
}
scrape_shows() { scrape | grep -qx "$1"; }
# scrape_all_show LINE...: one scrape holds every LINE.
scrape_all_show() {
  local m line
  m=$(scrape) || return 1
  for line in "$@"; do grep -qxF -- "$line" <<<"$m" || return 1; done
}
metric_value() { scrape | sed -n "s/^$1 //p"; }

case_metrics() {
  local ms cuts
  if ! pi systemctl is-active -q prometheus-node-exporter; then
    pi systemctl start prometheus-node-exporter || { miss "prometheus-node-exporter starts in the Pi"; return; }
  fi
  if wait_until 30 scrape_shows 'slips_failover_protected 1'; then
    saw "/metrics: protected 1"
  else
    miss "/metrics shows slips_failover_protected 1 while Slips protects (got: $(scrape | grep -E '^slips_failover_protected|textfile_scrape_error' | tr '\n' ' '))"
    return
  fi
  # One scrape shows all of it, eventually: the gate opens at the renewal after the probe that
  # saw Slips protect, so a scrape between the two writes shows protected 1 and gate_open 0.
  if wait_until 30 scrape_all_show 'node_textfile_scrape_error 0' 'slips_failover_gate_open 1' \
    'slips_failover_access_point_up 1' 'slips_failover_check_up{check="zeek_wlan0"} 1'; then
    saw "read without error: gate open, AP up, checks up"
  else
    miss "scrape_error 0, gate_open, access_point_up, check_up{zeek_wlan0} 1 while protecting (got: $(scrape | grep -E '^(slips_failover_(gate_open|access_point_up|check_up)|node_textfile_scrape_error)' | tr '\n' ' '))"
  fi
  cuts=$(metric_value 'slips_failover_ap_cuts_total{cause="container_ended"}')
  # kill_slips notes the fault: what the lease lets through after it is allowed, as in every case
  # (a bare kill_container here once counted the 1 packet of the time to notice as a leak).
  kill_slips
  # How soon it says so is printed (polled through docker exec: an upper bound), not asserted.
  if wait_until 30 scrape_shows 'slips_failover_protected 0'; then
    ms=$(ms_between "$FAULT_AT" "$(now_ns)")
    # shellcheck disable=SC2034 # run_case's
    CUT="<$(seconds "$ms")"
    saw "protected 0 $(seconds "$ms") after the kill"
  else
    miss "/metrics shows protected 0 after the kill"
  fi
  # The cut's count may come in a later write of the file than protected 0: eventually.
  wait_until 30 scrape_shows "slips_failover_ap_cuts_total{cause=\"container_ended\"} $((cuts + 1))" &&
    saw "cut counted ($((cuts + 1)))" || miss "ap_cuts_total{container_ended} went from $cuts to $((cuts + 1))"
  wait_until 10 ap_down || true
  start_ap || miss "the owner starts the AP again"
  wait_until 60 slips_up || miss "Slips back after the AP's restart"
  # A runner restart: the counters go on from where they were (the stop's own cut adds one).
  pi systemctl reset-failed slips.service
  pi systemctl restart slips.service
  start_ap || true
  if wait_until 90 scrape_shows 'slips_failover_protected 1'; then
    local after
    after=$(metric_value 'slips_failover_ap_cuts_total{cause="container_ended"}')
    [ "$after" = $((cuts + 1)) ] && saw "counters kept across a runner restart ($after)" ||
      miss "ap_cuts_total{container_ended} kept across a runner restart ($((cuts + 1)) before, $after after)"
  else
    miss "/metrics shows protected 1 after the runner's restart"
  fi
}

# ---------------------------------------------------------------------------------------------
# Issue 20 items 1 and 2: the pinned image and `update`, on the Pi's loopback registry, while the
# client streams through the AP (run_case counts what is forwarded while Slips does not protect).

# install_registry_image DIGEST: the install with --image REGISTRY_IMAGE (latest is DIGEST in the
# registry): it pulls it and pins it by digest. Its new runner script restarts the runner, which
# cuts the AP once: its owner starts it again.
install_registry_image() {
  local out="$WORK/install-registry.txt" rc=0
  pi java -jar /root/failover.jar wlan0,eth0 --image "$REGISTRY_IMAGE" --slips-dir "$SLIPS_DIR" >"$out" 2>&1 || rc=$?
  if ((rc == 0)) && grep -qx "pin    $REGISTRY_IMAGE as $REGISTRY/slips@$1" "$out"; then
    saw "install pins $REGISTRY_IMAGE as its digest"
  else
    miss "install pins $REGISTRY_IMAGE by digest (exit $rc: $(grep -E '^(pin|failover)' "$out" | tail -1))"
  fi
  wait_until 30 sh -c "! docker exec $PI systemctl is-active slips.service | grep -qx deactivating" || true
  start_ap || miss "the owner starts the AP again after the install"
  wait_until 90 slips_up || miss "protecting after the install with $REGISTRY_IMAGE"
}

# pi_update ARGS...: `slips-failover update ARGS` in the Pi; sets UPDATE_OUT (its output's file)
# and UPDATE_RC.
pi_update() {
  UPDATE_OUT="$WORK/update-$(date +%s%N).txt"
  UPDATE_RC=0
  pi java -jar /root/failover.jar update "$@" >"$UPDATE_OUT" 2>&1 || UPDATE_RC=$?
}
update_said() { tail -1 "$UPDATE_OUT" | tr -d '\r'; }

case_update() {
  local first new broken id started ap line
  standin_variants || miss "stand-in releases built (new, broken)"
  first=$(registry_push "$SLIPS_IMAGE") || {
    miss "push of $SLIPS_IMAGE to $REGISTRY"
    return
  }
  install_registry_image "$first"
  check_traffic_flows "before the update"

  # Nothing new: exit 0, the container untouched.
  id=$(slips_id)
  started=$(slips_field '{{.State.StartedAt}}')
  pi_update
  if ((UPDATE_RC == 0)) && grep -q '^Up to date: ' "$UPDATE_OUT" && [ "$(slips_id)" = "$id" ] &&
    [ "$(slips_field '{{.State.StartedAt}}')" = "$started" ]; then
    saw "nothing new: exit 0, same container and start"
  else
    miss "nothing new: exit 0, container untouched (exit $UPDATE_RC: $(update_said))"
  fi

  # A new release: --check sees it without pulling; update swaps, the AP never cut.
  new=$(registry_push "$SLIPS_IMAGE_NEW") || miss "push of the new release"
  pi_update --check
  if ((UPDATE_RC == 0)) && grep -q "^A newer image exists: $REGISTRY_IMAGE is $REGISTRY/slips@$new" "$UPDATE_OUT" &&
    ! pi_docker image inspect "$REGISTRY/slips@$new" >/dev/null 2>&1; then
    saw "--check: newer, nothing pulled"
  else
    miss "--check says a newer image exists and pulls nothing (exit $UPDATE_RC: $(update_said))"
  fi
  ap=$(ap_mark)
  pi_update
  line=$(grep '^Updated: ' "$UPDATE_OUT" || true)
  if ((UPDATE_RC == 0)) && [[ $line =~ gate\ was\ closed\ ([0-9.]+\ s)\ \(Slips\ took\ ([0-9.]+\ s) ]]; then
    saw "update: exit 0, gate closed ${BASH_REMATCH[1]}, Slips' start ${BASH_REMATCH[2]}"
  else
    miss "update to the new release exits 0 and prints the gate's closed time (exit $UPDATE_RC: $(update_said))"
  fi
  [ "$(slips_field '{{.Config.Image}}')" = "$REGISTRY/slips@$new" ] && saw "the new digest runs" ||
    miss "the container runs $REGISTRY/slips@$new (runs $(slips_field '{{.Config.Image}}'))"
  slips_up && saw "protecting" || miss "protecting after the update"
  if ap_signalled_after "$ap"; then miss "the AP never cut during the update"; else saw "AP never cut"; fi
  check_traffic_flows "after the update"

  # A broken release (exits at start): rolled back to the new one, the AP never cut, exit 1.
  broken=$(registry_push "$SLIPS_IMAGE_BROKEN") || miss "push of the broken release"
  ap=$(ap_mark)
  pi_update
  if ((UPDATE_RC == 1)) && grep -q "^Rolled back to $REGISTRY/slips@$new: $REGISTRY/slips@$broken: " "$UPDATE_OUT"; then
    saw "broken release: exit 1, '$(grep '^Rolled back' "$UPDATE_OUT" | cut -c1-60)...'"
  else
    miss "a broken release is rolled back with exit 1 (exit $UPDATE_RC: $(update_said))"
  fi
  wait_until 90 slips_up || miss "protecting again after the rollback"
  [ "$(slips_field '{{.Config.Image}}')" = "$REGISTRY/slips@$new" ] && saw "the previous digest runs again" ||
    miss "the container runs $REGISTRY/slips@$new again (runs $(slips_field '{{.Config.Image}}'))"
  if ap_signalled_after "$ap"; then miss "the AP never cut during the rollback"; else saw "AP never cut"; fi
  check_traffic_flows "after the rollback"

  # latest moves in the registry and someone pulls it here, without update: a reboot starts the
  # pinned digest all the same.
  registry_push "$SLIPS_IMAGE" >/dev/null || miss "push of $SLIPS_IMAGE again"
  pi_docker pull -q "$REGISTRY_IMAGE" >/dev/null || miss "pull of $REGISTRY_IMAGE (latest moved)"
  docker restart -t 90 "$PI" >/dev/null
  wait_pi_booted
  start_ap || miss "the owner starts the AP after the reboot"
  wait_until 90 slips_up || miss "protecting after the reboot"
  if [ "$(slips_field '{{.Config.Image}}')" = "$REGISTRY/slips@$new" ] &&
    [ "$(slips_field '{{.Image}}')" != "$(pi_docker image inspect -f '{{.Id}}' "$REGISTRY_IMAGE")" ]; then
    saw "latest moved and pulled, reboot: the pinned digest runs"
  else
    miss "after a reboot, $REGISTRY/slips@$new runs, not the moved latest (runs $(slips_field '{{.Config.Image}}'))"
  fi

  # Back to the stand-in image as installed, for the cases after.
  install_default_again
}

# ---------------------------------------------------------------------------------------------
# Issue 20 item 3: `install --auto-update daily` installs the update timer, enabled and waiting,
# without restarting Slips; `--auto-update off` removes it; daily again, and the uninstall case
# checks that it goes with the rest.
UPDATE_TIMER=slips-failover-update.timer
install_auto_update() {
  local rc=0
  pi java -jar /root/failover.jar wlan0,eth0 --image "$SLIPS_IMAGE" --slips-dir "$SLIPS_DIR" --auto-update "$1" \
    >"$WORK/install-auto-update-$1.txt" 2>&1 || rc=$?
  ((rc == 0)) || miss "install --auto-update $1 exits 0 (exit $rc: $(tail -1 "$WORK/install-auto-update-$1.txt"))"
}
case_auto_update() {
  local old_id
  old_id=$(slips_id)
  install_auto_update daily
  check "timer enabled" test "$(pi systemctl is-enabled "$UPDATE_TIMER" 2>/dev/null)" = enabled
  check "timer active" unit_is "$UPDATE_TIMER" active
  saw "next: $(pi systemctl list-timers --no-legend "$UPDATE_TIMER" | awk '{ print $1, $2, $3 }')"
  check "its service runs 'slips-failover update'" sh -c "docker exec $PI systemctl cat slips-failover-update.service | grep -qx 'ExecStart=/usr/local/bin/slips-failover update'"
  install_auto_update off
  check "off: timer gone" test "$(unit_prop "$UPDATE_TIMER" LoadState)" = not-found
  check "Slips not restarted" test "$(slips_id)" = "$old_id"
  install_auto_update daily
  # Left for the uninstall case, but stopped: at 04:00 local time (within an hour) it would start
  # an update in the middle of the matrix.
  pi systemctl stop "$UPDATE_TIMER"
}
