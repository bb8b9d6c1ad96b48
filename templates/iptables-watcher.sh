#!/bin/sh
# Rendered by slips-failover from templates/iptables-watcher.sh.
# Edit /etc/slips-failover/templates/iptables-watcher.sh instead, then re-run the installer.
# Saves the iptables rules when they changed since the last run.
set -eu
umask 077
STATE_DIR=/run/slips-failover
mkdir -p "$STATE_DIR"
HASH_FILE="$STATE_DIR/iptables.hash"
new=$( { iptables-save -w 2>/dev/null | grep -v '^#'; ip6tables-save -w 2>/dev/null | grep -v '^#'; } | sha256sum | cut -d' ' -f1)
old=$(cat "$HASH_FILE" 2>/dev/null || true)
[ "$new" = "$old" ] && exit 0
netfilter-persistent save
printf '%s\n' "$new" > "$HASH_FILE.tmp"
mv -f "$HASH_FILE.tmp" "$HASH_FILE"
