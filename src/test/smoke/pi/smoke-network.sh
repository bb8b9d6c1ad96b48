#!/bin/sh
# The smoke test's forwarding path, made at every boot of the Pi (smoke-network.service), after the
# image's smoke-interfaces.service made wlan0 and eth0 a veth pair of each other:
#
#   netns "client" ── ap0-peer │ ap0 ── the Pi ── eth0 │ eth0-up ── netns "upstream"
#   192.168.12.100    (create_ap's)   forwards,          203.0.113.2 │ 203.0.113.1
#                                     NATs (create_ap)
#
# - "upstream" stands for the Internet: 203.0.113.1 (TEST-NET-3), the Pi's default route via eth0.
# - "client" is a phone on the Wi-Fi: empty until the stand-in create_ap serves; it then moves its
#   AP interface's peer here with an address and a route, as hostapd and dnsmasq would give them.
# - wlan0 stays (Slips' Zeek watches it, the gate names it); its peer wlan0-peer leads nowhere.
# - In bridge mode (create_ap -m bridge: the bridge cases) eth0 and ap0 are ports of a bridge br0
#   that holds 203.0.113.2, and the client gets 203.0.113.100/24, the upstream's own subnet, as the
#   LAN's DHCP server would give it: its frames are bridged to 203.0.113.1, not routed or NATted.
set -eu

# create_ap writes net sysctls (ip_forward, <internet>'s forwarding, in bridge mode
# bridge-nf-call-iptables), which a container's read-only /proc/sys refuses. Only /proc/sys/net is
# made writable: its values are this network namespace's own, while the rest of /proc/sys (the
# host's, kernel-wide) stays read-only.
if ! grep -q ' /proc/sys/net proc ' /proc/mounts; then
  mount --bind /proc/sys/net /proc/sys/net
  mount -o remount,bind,rw /proc/sys/net
fi

ip netns add upstream 2>/dev/null || true
ip netns add client 2>/dev/null || true
ip -n upstream link set lo up
ip -n client link set lo up

# Deleting wlan0 deletes its peer, the image's eth0.
ip link del wlan0 2>/dev/null || true
ip link del eth0 2>/dev/null || true
ip link add wlan0 type veth peer name wlan0-peer
ip link set wlan0-peer up
ip link set wlan0 up
ip link add eth0 type veth peer name eth0-up netns upstream
ip addr add 203.0.113.2/24 dev eth0
ip link set eth0 up
ip route replace default via 203.0.113.1 dev eth0
ip -n upstream addr add 203.0.113.1/24 dev eth0-up
ip -n upstream link set eth0-up up
