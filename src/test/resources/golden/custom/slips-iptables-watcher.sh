#!/bin/sh
# Rendered by slips-failover from templates/iptables-watcher.sh.
# Edit /etc/slips-failover/templates/iptables-watcher.sh instead, then re-run the installer.
#
# Saves Slips' blocking rules so that they survive a reboot. The timer runs it every 10 s; the
# runner runs it once more when Slips stops. netfilter-persistent restores the files at boot.
#
# How rules persist
# - What is saved, for IPv4 (rules.v4) and IPv6 (rules.v6): the filter table with only the
#   slipsBlocking chain, its rules, and the rules in INPUT, OUTPUT and FORWARD that jump to it.
#   Built-in chains are written with policy ACCEPT, whatever they are live.
# - What is not: everything else. create_ap adds its NAT, FORWARD, INPUT and PREROUTING rules
#   each time it starts and deletes them (one copy each) when it stops; Docker re-creates its
#   chains when it starts. Saved and restored at boot, they came back a second time and were
#   never removed. A policy without the rules that go with it could lock the user out (DROP
#   kept, the ACCEPT for ssh left out), hence ACCEPT.
# - So this script writes rules.v4 and rules.v6 itself and never runs `netfilter-persistent
#   save`, which saves the whole live ruleset. Each file is replaced atomically (temporary
#   file in the same folder, fsync, rename), mode 0640, after `iptables-restore --test`.
#   (The file goes to iptables-restore on stdin: `iptables-restore -w FILE` takes FILE as -w's
#   argument, reads stdin instead and succeeds having restored nothing.)
# - A file is written only when the filtered ruleset differs from it, byte for byte: the saved
#   file is the state, so create_ap or Docker coming and going writes nothing, and a file that
#   someone else rewrote (`netfilter-persistent save` by hand) is corrected at the next tick.
# - A rule in slipsBlocking that jumps to another user chain is left out: that chain is not
#   saved, and a restore that names a missing chain fails as a whole at boot.
# - The one change this script makes to the live rules: a jump to slipsBlocking that is no
#   longer the first rule of INPUT, OUTPUT or FORWARD is moved back to the top, where Slips
#   puts it. Restored at boot, the jumps come before create_ap, which then inserts its ACCEPT
#   rules above them; Slips finds its jumps there and leaves them, so AP traffic skipped them.
#
# Usage: slips-iptables-watcher.sh [--follow] [--rules-dir DIR] [--state-dir DIR]
#   Without --follow: one save, then exit (the timer's service, the runner).
#   --follow: one save, then one more after each committed ruleset change that
#   `xtables-monitor -e` reports (nf_tables backend), until the monitor ends; exits 1 then.
#   --rules-dir, --state-dir: for the tests only, which run the rendered script inside a network
#   namespace and must not touch /etc/iptables or /run. Production passes neither.
set -eu
umask 077
# The runner may call this with a minimal PATH; the iptables tools live in sbin.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export LC_ALL=C

RULES_DIR=/etc/iptables
# Holds only the lock. /run is root-only and emptied at boot.
STATE_DIR=/run/slips-failover
CHAIN=slipsBlocking

FOLLOW=no

usage() {
  echo "usage: $0 [--follow] [--rules-dir DIR] [--state-dir DIR]" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case $1 in
    --follow) FOLLOW=yes; shift; continue ;;
    --rules-dir | --state-dir) [ $# -ge 2 ] || usage ;;
    *) usage ;;
  esac
  case $1 in
    --rules-dir) RULES_DIR=$2 ;;
    --state-dir) STATE_DIR=$2 ;;
  esac
  shift 2
done

fail() {
  echo "slips-iptables-watcher: $*" >&2
  exit 1
}

# Only root may write into the state dir; a symlink planted in its place, or in place of the
# lock, is refused rather than followed (opening the lock creates it, through a symlink too).
[ -e "$STATE_DIR" ] || [ -L "$STATE_DIR" ] || mkdir -m 0700 "$STATE_DIR"
if [ -L "$STATE_DIR" ] || [ ! -d "$STATE_DIR" ] || [ ! -O "$STATE_DIR" ]; then
  fail "$STATE_DIR is not a directory owned by $(id -un); refusing to use it"
fi
LOCK=$STATE_DIR/iptables-watcher.lock
[ ! -L "$LOCK" ] || fail "$LOCK is a symlink; refusing to follow it"
exec 9>>"$LOCK"

# iptables-save output in, restore file out: Slips' chain and the jumps to it, each line once.
# iptables-save declares every chain (":NAME POLICY [counters]") before the table's rules.
KEEP_SLIPS='
/^\*/ { table = substr($0, 2); next }
table != "filter" { next }
/^:/ { if ($2 == "-") userchain[substr($1, 2)] = 1; next }
/^-A / {
  target = ""
  for (i = 3; i < NF; i++) if ($i == "-j" || $i == "-g") target = $(i + 1)
  if ($2 == chain) keep = !(target in userchain)
  else keep = ($2 == "INPUT" || $2 == "FORWARD" || $2 == "OUTPUT") && target == chain
  if (keep && !seen[$0]++) rules[++n] = $0
}
END {
  print "# Written by slips-iptables-watcher: only Slips blocking chain and the jumps to it."
  print "*filter"
  print ":INPUT ACCEPT [0:0]"
  print ":FORWARD ACCEPT [0:0]"
  print ":OUTPUT ACCEPT [0:0]"
  if (chain in userchain) print ":" chain " - [0:0]"
  for (i = 1; i <= n; i++) print rules[i]
  print "COMMIT"
}'

# iptables-save output in, restore commands out (nothing when all is well): each jump to Slips'
# chain that is not the first rule of its built-in chain is moved to the top, as Slips puts it.
# After a reboot the jumps are restored before create_ap starts, and create_ap inserts its
# ACCEPT rules (-I) above them: forwarded AP traffic and DNS/DHCP would skip Slips' blocks.
# The delete and the insert are one transaction, so no packet passes between the two.
JUMPS_FIRST='
/^\*/ { table = substr($0, 2); next }
table != "filter" || !/^-A (INPUT|FORWARD|OUTPUT) / { next }
{
  target = ""
  for (i = 3; i < NF; i++) if ($i == "-j" || $i == "-g") target = $(i + 1)
  if (!($2 in first)) first[$2] = (target == chain)
  if (target == chain && !($2 in jump)) jump[$2] = substr($0, 4 + length($2))
}
END {
  for (c in jump) if (!first[c]) moves = moves "-D " c jump[c] "\n-I " c " 1" jump[c] "\n"
  if (moves != "") printf "*filter\n%sCOMMIT\n", moves
}'

# $1: iptables or ip6tables; $2: the rules file. Returns non-zero when it could not save.
save_family() {
  live=$("$1-save") || {
    echo "slips-iptables-watcher: $1-save failed; $2 left as it was" >&2
    return 1
  }
  # The function runs where set -e does not apply (after ||): each failure is handled here.
  moves=$(printf '%s\n' "$live" | awk -v chain="$CHAIN" "$JUMPS_FIRST") || return 1
  if [ -n "$moves" ]; then
    # -w last: followed by a word that is not an option, it would take it as its argument.
    printf '%s\n' "$moves" | "$1-restore" --noflush -w \
      || echo "slips-iptables-watcher: could not move the jumps to $CHAIN first ($1)" >&2
  fi
  wanted=$(printf '%s\n' "$live" | awk -v chain="$CHAIN" "$KEEP_SLIPS") || return 1
  if [ -f "$2" ] && [ ! -L "$2" ] && printf '%s\n' "$wanted" | cmp -s - "$2"; then
    return 0
  fi
  # mktemp creates the file exclusively (never through a symlink), mode 0600.
  tmp=$(mktemp "$RULES_DIR/.${2##*/}.XXXXXX") || return 1
  if printf '%s\n' "$wanted" >"$tmp" && chmod 0640 "$tmp" \
    && "$1-restore" --test <"$tmp" && sync "$tmp" && mv -f "$tmp" "$2"; then
    # The rename is durable only once the folder is synced (a Pi loses power, not shuts down).
    sync "$RULES_DIR"
    return 0
  fi
  rm -f "$tmp"
  echo "slips-iptables-watcher: could not write $2; it is left as it was" >&2
  return 1
}

# Both families, under the lock. A timer tick, the runner's save and the follower may overlap:
# the second waits, then reads the ruleset afresh, so the last change is saved whichever
# started first. Returns non-zero when a family could not be saved.
save_all() {
  flock -w 60 9 || fail "another save held $LOCK for 60 s"
  status=0
  save_family iptables "$RULES_DIR/rules.v4" || status=1
  # With IPv6 disabled on the kernel command line there is nothing to save, and no error.
  if [ -e /proc/net/if_inet6 ]; then
    save_family ip6tables "$RULES_DIR/rules.v6" || status=1
  fi
  flock -u 9
  return "$status"
}

[ -d "$RULES_DIR" ] || mkdir -p -m 0755 "$RULES_DIR"
if [ "$FOLLOW" = no ]; then
  save_all
  exit
fi
# Each committed ruleset change is a new generation, and xtables-monitor prints a NEWGEN line
# for it. The first save runs as the monitor starts: a change in the moment before it listens
# is saved with the next change, or by the timer's next tick.
# stdbuf: into a pipe, the monitor's lines would otherwise wait in a 4 KiB buffer.
stdbuf -oL xtables-monitor -e | {
  save_all || true
  while IFS= read -r line; do
    case $line in
      NEWGEN:*) save_all || true ;;
    esac
  done
}
fail "xtables-monitor ended"
