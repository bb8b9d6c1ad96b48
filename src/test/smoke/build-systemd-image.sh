#!/usr/bin/env bash
# Builds the "Pi" of the smoke test without any image registry: Debian bookworm with systemd as
# PID 1, Java 17, iptables and iptables-persistent, and Debian's Docker engine (docker.io) as the Pi's
# own docker.service, made by debootstrap from Debian's mirror. Also the owner's tools of issues 19
# and 20 (FIELD-NOTES sections 7 and 12): Debian's docker-registry (the smoke test serves the
# stand-in Slips images from the Pi's loopback with it: lib.sh, registry_push), apprise
# (notifications) and prometheus-node-exporter (its textfile collector reads our metrics).
#
# Usage: build-systemd-image.sh            prints the image's tag on its last line
#
# The tag carries a hash of this script (the only build input: suite, mirror, packages and the
# tweaks below all live here), so a second run finds the tag and returns at once.
set -euo pipefail

SUITE=bookworm
MIRROR=${SMOKE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# debootstrap resolves no virtual packages: python3-cffi-backend provides the
# python3-cffi-backend-api-* that apprise's python3-cryptography depends on.
PACKAGES=systemd,systemd-sysv,dbus,iproute2,procps,iptables,iptables-persistent,netfilter-persistent,openjdk-17-jre-headless,docker.io,nftables,docker-registry,apprise,python3-cffi-backend,prometheus-node-exporter
REPO_NAME=slips-failover/smoke-systemd

log() { printf '%s build-systemd-image: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# The mirror is an input too: a different mirror may serve a different point release.
hash=$( { cat "${BASH_SOURCE[0]}"; printf '%s' "$MIRROR"; } | sha256sum | cut -c1-16)
tag="$REPO_NAME:$hash"
if docker image inspect "$tag" >/dev/null 2>&1; then
  log "$tag is present"
  echo "$tag"
  exit 0
fi

root=$(mktemp -d /var/tmp/smoke-systemd.XXXXXX)
# debootstrap's chatter goes to a file, shown only when it fails.
build_log=$root.log
# The second stage runs in its own mount namespace, so nothing stays mounted under $root.
trap 'rm -rf --one-file-system "$root" "$build_log"' EXIT
fail() {
  tail -n 40 "$build_log" >&2
  # The second stage says what failed in its own log, inside the tree.
  [ ! -f "$root/debootstrap/debootstrap.log" ] || tail -n 40 "$root/debootstrap/debootstrap.log" >&2
  log "FAILED: $*"
  exit 1
}

log "debootstrap $SUITE into $root (first stage: download and unpack)"
debootstrap --variant=minbase --foreign --include="$PACKAGES" "$SUITE" "$root" "$MIRROR" \
  >"$build_log" 2>&1 || fail "debootstrap (first stage)"

# Package scripts must not start services (the chroot has no systemd; they would fall back to the
# init scripts and run them against the build machine).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

log "second stage: configure the packages"
# Noninteractive: iptables-persistent's "save current rules?" takes its default (yes). That is
# harmless only because the chroot runs in a private network namespace, whose ruleset is empty and
# never the host's; the files it saves are removed below. A private mount namespace, too: the
# second stage mounts /proc and /sys in the tree, and they vanish with the namespace.
DEBIAN_FRONTEND=noninteractive unshare --net --mount --fork \
  chroot "$root" /debootstrap/debootstrap --second-stage >>"$build_log" 2>&1 || fail "debootstrap (second stage)"

log "tweaks for systemd in a container"
rm -f "$root/usr/sbin/policy-rc.d" "$root"/etc/iptables/rules.v4 "$root"/etc/iptables/rules.v6
# Empty: systemd makes a fresh machine id at first boot.
: >"$root/etc/machine-id"
echo smoke-pi >"$root/etc/hostname"
# Units that have no job in a container (no ttys, no udev, no kernel modules to load).
for unit in getty@tty1.service console-getty.service systemd-udevd.service \
  systemd-udev-trigger.service systemd-modules-load.service systemd-firstboot.service \
  systemd-remount-fs.service; do
  ln -sf /dev/null "$root/etc/systemd/system/$unit"
done
# The Pi's interfaces exist before anything starts: a veth pair named like the Pi's, made at
# every boot (a container's network namespace is new after each restart). The container runs
# with --network none, so no eth0 of Docker's is in the way.
cat >"$root/etc/systemd/system/smoke-interfaces.service" <<'UNIT'
[Unit]
Description=Smoke test: wlan0 and eth0 as a veth pair
DefaultDependencies=no
Before=network-pre.target netfilter-persistent.service
Wants=network-pre.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -ec 'ip link show wlan0 >/dev/null 2>&1 || ip link add wlan0 type veth peer name eth0; ip link set wlan0 up; ip link set eth0 up'

[Install]
WantedBy=sysinit.target
UNIT
mkdir -p "$root/etc/systemd/system/sysinit.target.wants"
ln -sf /etc/systemd/system/smoke-interfaces.service \
  "$root/etc/systemd/system/sysinit.target.wants/smoke-interfaces.service"
# The Pi's own Docker engine (docker.io's docker.service, unchanged): Slips then runs with
# --net=host in the Pi's network namespace, beside the runner, as on a Pi. Inside a container the
# engine needs the vfs storage driver (no overlay on overlay) and must leave networking alone:
# no iptables rules (the Pi's rules are under test), no docker0 bridge (Slips uses the host network).
mkdir -p "$root/etc/docker"
cat >"$root/etc/docker/daemon.json" <<'JSON'
{ "storage-driver": "vfs", "iptables": false, "bridge": "none" }
JSON
# Debian's docker-registry.service (127.0.0.1:5000, /var/lib/docker-registry) stays off: a test
# runs its own, on a port and storage of its own (lib.sh, registry_up). node-exporter stays on, as
# Debian installs it (a Pi owner's metrics).
rm -f "$root/etc/systemd/system/multi-user.target.wants/docker-registry.service"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*

log "import as $tag"
tar -C "$root" --numeric-owner -c . | docker import \
  --change 'CMD ["/lib/systemd/systemd"]' \
  --change 'ENV container=docker' \
  --change "LABEL smoke.hash=$hash" \
  - "$tag" >/dev/null
# Older builds of this image are dead weight (each is about 650 MB); drop those not in use and over
# two days old (several branches of the script may be under test at once on a shared machine:
# each would otherwise remove the other's build and rebuild its own).
cutoff=$(date -d '2 days ago' +%s)
for old in $(docker image ls "$REPO_NAME" --format '{{.Tag}}'); do
  [ "$old" != "$hash" ] || continue
  created=$(date -d "$(docker image inspect -f '{{.Created}}' "$REPO_NAME:$old")" +%s 2>/dev/null || echo 0)
  ((created >= cutoff)) || docker rmi "$REPO_NAME:$old" >/dev/null 2>&1 || true
done
echo "$tag"
