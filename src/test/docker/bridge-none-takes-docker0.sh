#!/bin/bash
# Shows why PrivateDockerd must not pass --bridge=none: a dockerd started so deletes the link
# named docker0 in its network namespace (moby's removeDefaultBridgeInterface, "--bridge=none use
# case"); in the host's namespace that is the main engine's bridge. Here each dockerd runs in a
# namespace of its own holding a bridge named docker0, so the host's is never touched:
#   --bridge=none                 -> the namespace's docker0 is gone once dockerd answers
#   --bridge=<a bridge of its own> -> docker0 stays (what PrivateDockerd does now)
# Usage (root, dockerd installed):  bash src/test/docker/bridge-none-takes-docker0.sh
set -euo pipefail

try() { # DOCKERD_BRIDGE_FLAG
  local ns dir pid _
  ns=sfw-b0-$$-$RANDOM
  dir=$(mktemp -d /tmp/sfw-b0.XXXXXX)
  ip netns add "$ns"
  ip netns exec "$ns" ip link add docker0 type bridge
  ip netns exec "$ns" ip link add sfwown0 type bridge
  ip netns exec "$ns" ip addr add 198.18.7.1/30 dev sfwown0
  # nsenter, not `ip netns exec`: that one remounts /sys, and dockerd then finds no cgroups.
  nsenter --net="/run/netns/$ns" dockerd --host "unix://$dir/docker.sock" --data-root "$dir/data" \
    --exec-root "$dir/exec" --pidfile "$dir/docker.pid" "$1" --iptables=false --ip6tables=false \
    --ip-forward=false --ip-masq=false >"$dir/dockerd.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    docker -H "unix://$dir/docker.sock" version >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker -H "unix://$dir/docker.sock" version >/dev/null 2>&1 || { tail "$dir/dockerd.log"; exit 1; }
  if ip netns exec "$ns" ip link show docker0 >/dev/null 2>&1; then
    echo "dockerd $1: docker0 is still there"
  else
    echo "dockerd $1: docker0 is GONE"
  fi
  kill "$pid" && wait "$pid" || true
  { awk '{print $5}' /proc/self/mountinfo | grep "^$dir/" || true; } | sort -r | xargs -r umount -l
  ip netns del "$ns"
  rm -rf "$dir"
}

[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
try --bridge=none
try --bridge=sfwown0
