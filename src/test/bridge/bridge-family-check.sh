#!/bin/bash
# Bridge mode (create_ap -m bridge), checked in network namespaces: the access point's port and
# eth0 in one bridge, a client behind the AP's port sending 100 UDP packets a second to an
# upstream behind eth0. Shows that the gate's inet forward chain never sees bridged frames, and
# that a table of nftables' bridge family with the same lease (a set element with a timeout)
# drops them while closed, passes them while the lease is fresh, and drops them again when it
# runs out with no process alive. An experiment (README: "Bridge mode"), not part of the build.
# As root, from the repository root (needs cc):  bash src/test/bridge/bridge-family-check.sh
set -u
S=$$; PI=sfb-pi-$S; CL=sfb-cl-$S; UP=sfb-up-$S
WORK=$(mktemp -d); LOG=$WORK/arrivals.log; T=$WORK/traffic; RP=''
cleanup() {
  [ -n "$RP" ] && kill "$RP" 2>/dev/null
  for ns in "$PI" "$CL" "$UP"; do ip netns del "$ns" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cc -O2 -static -o "$T" "$(dirname "$0")/../smoke/traffic.c" || exit 1
ip netns add $PI; ip netns add $CL; ip netns add $UP
ip -n $PI link add ap0 type veth peer name c0 netns $CL
ip -n $PI link add eth0 type veth peer name u0 netns $UP
ip -n $PI link add br0 type bridge
ip -n $PI link set ap0 master br0; ip -n $PI link set eth0 master br0
for l in ap0 eth0 br0 lo; do ip -n $PI link set $l up; done
ip -n $CL addr add 10.9.0.2/24 dev c0; ip -n $CL link set c0 up
ip -n $UP addr add 10.9.0.1/24 dev u0; ip -n $UP link set u0 up
ip netns exec "$UP" "$T" recv 7777 "$LOG" & RP=$!
sleep 2 # bridge learning / forward delay
burst() {
  : >"$LOG"
  timeout 1 ip netns exec "$CL" "$T" send 10.9.0.1 7777 10000
  sleep 0.2
  echo "$1: $(wc -l <"$LOG") of ~100 arrived"
}
burst "no rules"
ip netns exec $PI nft -f - <<'NFT'
table inet g {
  chain forward {
    type filter hook forward priority -310; policy accept;
    iifname "ap*" counter drop
    oifname "ap*" counter drop
  }
}
NFT
burst "the inet forward gate only (routed path)"
ip netns exec $PI nft -f - <<'NFT'
table bridge g {
  set lease {
    typeof numgen inc mod 1
    flags timeout
  }
  chain forward {
    type filter hook forward priority -200; policy accept;
    numgen inc mod 1 @lease accept
    iifname "ap*" counter drop
    oifname "ap*" counter drop
  }
}
NFT
burst "bridge-family gate, closed"
ip netns exec $PI nft add element bridge g lease '{ 0 timeout 3s }'
burst "bridge-family gate, lease 3 s"
sleep 2.5
burst "lease expired"
ip netns exec $PI nft list table bridge g | grep counter
