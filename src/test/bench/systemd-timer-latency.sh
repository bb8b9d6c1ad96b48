#!/bin/bash
# The watcher under a real systemd: a container with systemd as PID 1 and a network namespace of
# its own (--network none: its iptables rules are its own), the rendered units and script, and
# netfilter-persistent copied from this host's packages. Prints the time from a new block to
# rules.v4 over CHANGES changes, and the intervals between the timer's ticks from the journal.
#   src/test/bench/systemd-timer-latency.sh IMAGE [CHANGES]
# IMAGE: Debian bookworm with systemd, iptables and bash, for example one built as the field
# notes say (debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,iproute2,procps,
# iptables bookworm DIR, then docker import). Needs Docker, root, and on this host the packages
# netfilter-persistent and iptables-persistent. Run from the repository root; about 3 minutes.
# bash, not sh: $RANDOM, and arithmetic on nanoseconds.
set -euo pipefail

IMAGE=${1:?usage: $0 IMAGE [CHANGES]}
CHANGES=${2:-12}
C=sfw-timer-bench-$$
WORK=$(mktemp -d)
trap 'docker rm -f "$C" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

# The service's one placeholder holds a plain path, which the renderer writes as it is.
sed 's|@@WATCHER_SCRIPT@@|/usr/local/bin/slips-iptables-watcher.sh|' \
  templates/iptables-watcher.service >"$WORK/iptables-watcher.service"
cp templates/iptables-watcher.timer "$WORK/"
cp templates/iptables-watcher.sh "$WORK/slips-iptables-watcher.sh"
if grep -q '@@' "$WORK"/*; then
  echo "the templates have other placeholders now: render them first" >&2
  exit 1
fi

docker run -d --name "$C" --network none --cap-add SYS_ADMIN --cap-add NET_ADMIN \
  --security-opt seccomp=unconfined --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw \
  --tmpfs /run --tmpfs /run/lock "$IMAGE" /lib/systemd/systemd >/dev/null
in_c() { docker exec "$C" "$@"; }
until in_c systemctl is-system-running 2>/dev/null | grep -qE 'running|degraded'; do sleep 1; done

for f in $(dpkg -L netfilter-persistent iptables-persistent | grep -E '^/(etc|lib|usr/sbin|usr/share/netfilter)'); do
  if [ -f "$f" ]; then
    in_c mkdir -p "$(dirname "$f")"
    docker cp "$f" "$C:$f"
  fi
done
in_c mkdir -p /etc/iptables
docker cp "$WORK/iptables-watcher.service" "$C:/etc/systemd/system/"
docker cp "$WORK/iptables-watcher.timer" "$C:/etc/systemd/system/"
docker cp "$WORK/slips-iptables-watcher.sh" "$C:/usr/local/bin/"
in_c chmod 0755 /usr/local/bin/slips-iptables-watcher.sh
in_c systemd-analyze verify /etc/systemd/system/iptables-watcher.service \
  /etc/systemd/system/iptables-watcher.timer
in_c systemctl daemon-reload
in_c systemctl enable --now netfilter-persistent iptables-watcher.timer 2>/dev/null
in_c sh -c 'iptables -w -N slipsBlocking && for c in INPUT OUTPUT FORWARD; do iptables -w -I $c -j slipsBlocking; done'

echo "latency from a new block to rules.v4 under systemd, $CHANGES changes (ms):"
in_c bash -c '
  for i in $(seq 1 '"$CHANGES"'); do
    sleep "$(awk -v r="$RANDOM" "BEGIN { printf \"%.3f\", 1 + 12 * r / 32767 }")"
    ip=198.51.100.$i
    iptables -w -A slipsBlocking -s "$ip" -j DROP
    start=$(date +%s%N)
    until grep -qF -- "-s $ip/32 " /etc/iptables/rules.v4; do sleep 0.02; done
    echo $((($(date +%s%N) - start) / 1000000))
  done' | tee "$WORK/latency" | sed 's/^/  /'
sort -n "$WORK/latency" | awk '{ v[NR] = $1 } END {
  printf "latency (ms): median %s, worst %s (n=%d)\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[NR], NR }'
echo "seconds between the last ticks:"
in_c journalctl -u iptables-watcher.service -o short-monotonic --no-pager | grep 'Starting' \
  | tail -12 | sed 's/^\[ *\([0-9.]*\)\].*/\1/' \
  | awk '{ if (p) printf " %.3f", $1 - p; p = $1 } END { print "" }'
