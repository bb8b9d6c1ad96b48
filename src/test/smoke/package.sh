#!/usr/bin/env bash
# The Debian package on the smoke test's Pi (a real systemd in a container): apt installs it, the
# owner sets up through the `slips-failover` command, two upgrades (same jar: nothing restarts; a
# new jar while protecting: a hand-over, the AP never cut, the same Slips adopted), `apt-get remove` (as uninstall: the AP
# left as it was, output, log and saved rules kept), `apt-get purge`, and what is left.
#
# Usage (as root):  flock /tmp/slips-smoke.lock bash src/test/smoke/package.sh
#   SMOKE_DEB=path/to/slips-failover_VERSION_all.deb   (default: the one in target/, built if missing)
#   SMOKE_KEEP=1   leave the Pi running at the end
# Needs what run.sh needs, and Debian's mirror for the package's missing dependencies (nftables),
# which the Pi (no network) gets as .deb files: `apt-get install ./*.deb` as on a Pi.
set -euo pipefail

SMOKE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SMOKE_DIR/../../.." && pwd)
# shellcheck source=src/test/smoke/lib.sh
source "$SMOKE_DIR/lib.sh"
# shellcheck source=src/test/smoke/cases.sh
source "$SMOKE_DIR/cases.sh"

RUN_ID=pkg-$(date -u +%H%M%S)-$$
PI=slips-smoke-pi-$RUN_ID
SLIPS_NAME=slips-smoke-$RUN_ID
# The stand-in that behaves like Slips (run.sh uses it too): "protecting" needs its Redis and Zeeks.
SLIPS_IMAGE=slips-failover/standin-slips:slips-like
WORK=$(mktemp -d /var/tmp/slips-smoke.XXXXXX)
SLIPS_DIR=$WORK/StratosphereLinuxIPS
SHARE=$WORK/share
DEBS=$WORK/debs # what the Pi installs: the package and its missing dependencies
mkdir -p "$SLIPS_DIR" "$SHARE" "$DEBS"

cleanup() {
  local status=$?
  if [ "${SMOKE_KEEP:-0}" = 1 ]; then
    log "kept: docker rm -f $PI $SLIPS_NAME; rm -rf $WORK"
    exit "$status"
  fi
  docker rm -f "$PI" >/dev/null 2>&1 || true
  docker rm -f "$SLIPS_NAME" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

[ "$(id -u)" = 0 ] || die "run as root"
bash "$REPO/.ci/setup-machine" >&2

DEB=${SMOKE_DEB:-$(ls "$REPO"/target/slips-failover_*_all.deb 2>/dev/null | head -1 || true)}
if [ -z "$DEB" ]; then
  log "building the package"
  (cd "$REPO" && mvn -B -q package -DskipTests) >"$WORK/mvn.txt" 2>&1 || { cat "$WORK/mvn.txt" >&2; die "no package"; }
  DEB=$(ls "$REPO"/target/slips-failover_*_all.deb | head -1)
fi
VERSION=$(dpkg-deb -f "$DEB" Version)
log "package $DEB ($VERSION)"

# Two later versions made from it: the same jar (a packaging-only change) and a changed jar.
repack() { # NAME VERSION CHANGE-JAR
  local tree=$WORK/tree-$1
  dpkg-deb -R "$DEB" "$tree"
  sed -i "s/^Version: .*/Version: $2/" "$tree/DEBIAN/control"
  if [ "$3" = yes ]; then
    # Still the same program, but other bytes: a file added to the jar.
    python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], "a"); z.writestr("smoke-version.txt", sys.argv[2]); z.close()' \
      "$tree/usr/share/slips-failover/failover.jar" "$2"
    (cd "$tree" && find usr -type f -exec md5sum {} + >DEBIAN/md5sums)
  fi
  dpkg-deb -b --root-owner-group "$tree" "$WORK/$1.deb" >/dev/null
}
repack same "$VERSION+smoke1" no
repack newjar "$VERSION+smoke2" yes

# The dependencies the Pi's image lacks, downloaded here (the Pi has no network).
need=$(docker run --rm --network none "$(bash "$SMOKE_DIR/build-systemd-image.sh" | tail -1)" sh -c \
  'for p in nftables libnftables1 libjansson4 libedit2; do dpkg-query -W -f="\${Status}" $p 2>/dev/null | grep -q "ok installed" || echo $p; done')
if [ -n "$need" ]; then
  log "downloading for the Pi: $(tr -s '\n' ' ' <<<"$need")"
  # shellcheck disable=SC2086
  (cd "$DEBS" && apt-get download $need >/dev/null 2>&1) || { apt-get update -qq && (cd "$DEBS" && apt-get download $need >/dev/null); }
fi
cp "$DEB" "$DEBS/"

PI_IMAGE=$(bash "$SMOKE_DIR/build-systemd-image.sh" | tail -1)
STANDIN_PROFILE=slips bash "$REPO/src/test/docker/build-standin-slips.sh" "$SLIPS_IMAGE" >&2
log "booting the Pi ($PI)"
boot_pi
# The Pi runs its own engine (see boot_pi): Slips' image goes into it, as in run.sh.
load_slips_image
docker cp "$REPO/src/test/resources/standin/create_ap" "$PI:/usr/bin/create_ap"
pi chmod 755 /usr/bin/create_ap
docker cp "$DEBS" "$PI:/root/debs"
docker cp "$WORK/same.deb" "$PI:/root/same.deb"
docker cp "$WORK/newjar.deb" "$PI:/root/newjar.deb"
start_ap || die "no stand-in AP"

apt_in_pi() { pi env DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@"; }

# --- apt install ./slips-failover_*.deb
case_package_install() {
  local out=$WORK/apt-install.txt rc=0
  pi sh -c 'DEBIAN_FRONTEND=noninteractive apt-get -y -q install /root/debs/*.deb' >"$out" 2>&1 || rc=$?
  if ((rc)); then miss "apt-get install exits 0 (exit $rc: $(tail -3 "$out" | tr '\n' ' '))"; return 1; fi
  saw "apt installs it"
  check "command on the PATH" pi sh -c 'command -v slips-failover | grep -x /usr/bin/slips-failover'
  check "--version" pi sh -c "slips-failover --version | grep -F '$VERSION'"
  check "man page" pi sh -c 'zcat /usr/share/man/man1/slips-failover.1.gz | grep -q "slips-failover"'
  check "bash completion" pi bash -c '. /usr/share/bash-completion/completions/slips-failover && complete -p slips-failover'
  check "nothing set up yet" pi test ! -e /etc/slips-failover/installed-files
}

# --- sudo slips-failover wlan0,eth0 (from the Slips folder)
case_package_setup() {
  local out=$WORK/setup.txt rc=0
  pi sh -c "cd '$SLIPS_DIR' && slips-failover wlan0,eth0 --image '$SLIPS_IMAGE' --container-name '$SLIPS_NAME'" \
    >"$out" 2>&1 || rc=$?
  if ((rc)); then miss "install exits 0 (exit $rc)"; sed 's/^/    install: /' "$out" >&2; return 1; fi
  saw "exit 0"
  wait_until 60 slips_up || true
  check_units_active
  check "Slips running" slips_running
  check "slips-failover in /usr/local/bin" pi test -x /usr/local/bin/slips-failover
  check "start-up archive made and used" pi sh -c 'test -s /usr/local/lib/slips-failover/failover.jsa &&
    java -Xshare:on -XX:SharedArchiveFile=/usr/local/lib/slips-failover/failover.jsa -XX:TieredStopAtLevel=1 \
      -XX:+UseSerialGC -jar /usr/local/lib/slips-failover/failover.jar --version >/dev/null'
  check "status through the command: PROTECTED" pi sh -c 'slips-failover status | head -1 | grep -q "^PROTECTED"'
}

# Slips' container and the runner's pid: the same after an upgrade means nothing restarted.
running_ids() { echo "$(slips_id) $(unit_prop slips.service MainPID)"; }

# --- dpkg -i of a later version with the same jar: nothing rewritten, nothing restarted
case_upgrade_same_jar() {
  local before out=$WORK/upgrade-same.txt rc=0 mark
  before=$(running_ids)
  mark=$(ap_mark)
  pi dpkg -i /root/same.deb >"$out" 2>&1 || rc=$?
  ((rc == 0)) && saw "dpkg -i exit 0" || miss "dpkg -i exit 0 (exit $rc: $(tail -2 "$out" | tr '\n' ' '))"
  check "reinstall ran" grep -q 'slips.service' "$out"
  check "no file changed" bash -c "! grep -qE '\((new|changed)\)' '$out'"
  check "Slips not restarted" test "$(running_ids)" = "$before"
  check "AP not cut" test -z "$(ap_signal_after "$mark")"
}

# --- dpkg -i of a later version with a new jar, while protecting: a hand-over. The new runner
# adopts the running Slips; the access point is never cut; the gate is closed only for the
# hand-over (clients without Internet, never unprotected), and its window is measured.
case_upgrade_new_jar() {
  local before out=$WORK/upgrade-new.txt gatelog=$WORK/gate-samples.txt rc=0 mark slips_before started_before
  wait_until 60 slips_up || true
  wait_until 30 gate_open || true
  before=$(running_ids)
  slips_before=$(slips_id)
  started_before=$(slips_field '{{.State.StartedAt}}')
  mark=$(ap_mark)
  # The gate, sampled every 50 ms in the Pi from before the upgrade until a while after.
  pi sh -c 'end=$(($(date +%s) + 90)); while [ "$(date +%s)" -lt "$end" ]; do
      if nft list set inet slips_failover lease 2>/dev/null | grep -q "elements ="; then s=open; else s=closed; fi
      echo "$(date +%s%N) $s"; sleep 0.05; done' >"$gatelog" 2>/dev/null &
  local sampler=$!
  sleep 1
  pi dpkg -i /root/newjar.deb >"$out" 2>&1 || rc=$?
  ((rc == 0)) && saw "dpkg -i exit 0" || miss "dpkg -i exit 0 (exit $rc: $(tail -2 "$out" | tr '\n' ' '))"
  check "installed jar is the new one" pi cmp /usr/share/slips-failover/failover.jar /usr/local/lib/slips-failover/failover.jar
  check "hand-over marked" grep -q 'mark a hand-over' "$out"
  check "runner restarted" test "$(unit_prop slips.service MainPID)" != "${before#* }"
  wait_until 60 status_protected || true
  check "PROTECTED again" status_protected
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  check "AP never cut" test -z "$(ap_signal_after "$mark")"
  check "AP up" ap_running
  check "Slips not restarted (same container, same start)" \
    test "$(slips_id) $(slips_field '{{.State.StartedAt}}')" = "$slips_before $started_before"
  # The closed window: from the first closed sample to the next open one.
  local window
  window=$(awk '$2 == "closed" && !c { c = $1 } $2 == "open" && c && !o { o = $1 } END { if (c && o) printf "%d", (o - c) / 1000000; else print "never reopened" }' "$gatelog")
  log "gate closed for the hand-over: $window ms ($(grep -c closed "$gatelog") of $(wc -l <"$gatelog") samples closed)"
  check "gate closed only for the hand-over (reopened: $window ms)" test "$window" != "never reopened"
  grep -E 'hand-over|Hand-over' "$(log_file)" | tail -3 | sed 's/^/    log: /' >&2 || true
}
status_protected() { pi sh -c 'slips-failover status | head -1 | grep -q "^PROTECTED"'; }
gate_open() { pi sh -c 'nft list set inet slips_failover lease | grep -q "elements ="'; }

# --- apt-get remove: as uninstall
case_package_remove() {
  local out=$WORK/remove.txt rc=0 ap_before rules_before files
  files=$(pi sh -c 'grep -v "^#" /etc/slips-failover/installed-files | awk "{ print \$2 }"')
  rules_before=$(saved_rules)
  ap_running && ap_before=up || ap_before=down
  apt_in_pi remove slips-failover >"$out" 2>&1 || rc=$?
  ((rc == 0)) && saw "apt-get remove exit 0" || miss "apt-get remove exit 0 (exit $rc)"
  local left=()
  for f in $files /usr/bin/slips-failover /usr/share/slips-failover/failover.jar /usr/local/lib/slips-failover/failover.jsa; do
    pi test -e "$f" && left+=("$f")
  done
  if ((${#left[@]})); then miss "files removed (left: ${left[*]})"; else saw "files removed"; fi
  check "units gone" test "$(unit_prop slips.service LoadState)" = not-found
  check "Slips stopped" slips_stopped
  local ap_after
  ap_running && ap_after=up || ap_after=down
  check "AP left $ap_before" test "$ap_before" = "$ap_after"
  check "output kept" test -s "$SLIPS_DIR/output/standin.log"
  check "log kept" test -s "$(log_file)"
  check "saved rules kept" test "$(saved_rules)" = "$rules_before"
}

# --- apt-get purge: what is left
case_package_purge() {
  local out=$WORK/purge.txt rc=0
  apt_in_pi purge slips-failover >"$out" 2>&1 || rc=$?
  ((rc == 0)) && saw "apt-get purge exit 0" || miss "apt-get purge exit 0 (exit $rc)"
  check "package gone" bash -c "! docker exec '$PI' dpkg -s slips-failover >/dev/null 2>&1"
  local left
  left=$(pi sh -c 'ls -d /etc/slips-failover /usr/local/lib/slips-failover /usr/share/slips-failover 2>/dev/null' || true)
  if [ -n "$left" ]; then miss "nothing of ours left (left: $(tr -s '\n' ' ' <<<"$left"))"; else saw "nothing of ours left"; fi
  check "output, log, rules still there" test -s "$(log_file)" -a -s "$SLIPS_DIR/output/standin.log"
  log "left on the Pi after purge: rules $(pi ls /etc/iptables 2>/dev/null | tr '\n' ' '); Slips folder $(ls "$SLIPS_DIR" | tr '\n' ' ')"
}

run_case "apt install the .deb" "command, man page, completion; nothing set up" case_package_install as-is
[[ ${ROWS[-1]} == *"|PASS" ]] || SKIP_REASON="the package did not install"
run_case "slips-failover wlan0,eth0" "units on, Slips up, PROTECTED" case_package_setup
[[ ${ROWS[-1]} == *"|PASS" ]] || SKIP_REASON="the setup missed"
run_case "upgrade, same jar" "nothing rewritten or restarted, AP untouched" case_upgrade_same_jar as-is
run_case "upgrade, new jar" "hand-over: AP never cut, same Slips, PROTECTED again, gate closed briefly" case_upgrade_new_jar as-is
run_case "apt-get remove" "as uninstall: AP as it was; output/log/rules kept" case_package_remove as-is
run_case "apt-get purge" "nothing of ours left but output/log/rules" case_package_purge as-is
print_table
if printf '%s\n' "${ROWS[@]}" | grep -q '|MISS$'; then
  log "missed; the runner's log follows"
  tail -n 40 "$(log_file)" 2>/dev/null | sed 's/^/    log: /' >&2 || true
  exit 1
fi
log "all ${#ROWS[@]} package cases passed"
