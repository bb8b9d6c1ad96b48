#!/usr/bin/env bash
# The tool on arm64 (a Raspberry Pi 4/5's CPU) under emulation: Debian's qemu-user-static through
# binfmt_misc, and an arm64 Debian bookworm root made by debootstrap with its own openjdk-17.
# Checks: the jar starts; --dry-run prints the whole plan; docker-java reaches the engine's socket
# through the JDK's own Unix sockets; JNA loads its aarch64 native library (the gate's netlink,
# the pidfds); the Debian package installs and its command runs.
#
# Usage (as root):  bash src/test/arm/arm64.sh [JAR [DEB]]   (default: target/failover.jar and
#                   target/slips-failover_*_all.deb)
# The arm64 root is cached in /var/tmp/slips-arm64-root (made natively, without emulation: see
# below; about 530 MB);
# ARM_FRESH=1 makes it again. binfmt_misc is put back as it was found: mounted or not, the
# qemu-aarch64 handler present or not.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
JAR=${1:-$REPO/target/failover.jar}
DEB=${2:-$(ls "$REPO"/target/slips-failover_*_all.deb 2>/dev/null | head -1 || true)}
ROOT=/var/tmp/slips-arm64-root
BINFMT=/proc/sys/fs/binfmt_misc
MIRROR=${ARM_DEBIAN_MIRROR:-http://deb.debian.org/debian}

log() { printf '%s arm64: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root"
[ -f "$JAR" ] || die "no jar at $JAR (mvn -B package)"

# --- binfmt_misc: note how it is, so that it can be put back.
mounted_before=no
mountpoint -q "$BINFMT" && mounted_before=yes
handler_before=no
[ -e "$BINFMT/qemu-aarch64" ] && handler_before=$(head -1 "$BINFMT/qemu-aarch64")

put_back() {
  local status=$?
  if [ "$handler_before" = no ] && [ -e "$BINFMT/qemu-aarch64" ]; then
    echo -1 >"$BINFMT/qemu-aarch64" # removes the handler from the kernel
  elif [ "$handler_before" = disabled ] && [ -e "$BINFMT/qemu-aarch64" ]; then
    echo 0 >"$BINFMT/qemu-aarch64"
  fi
  # debootstrap, stopped half-way, leaves its /proc mounted in the tree.
  mountpoint -q "$ROOT/proc" 2>/dev/null && umount -l "$ROOT/proc"
  if [ "$mounted_before" = no ] && mountpoint -q "$BINFMT"; then
    umount "$BINFMT" || umount -l "$BINFMT"
  fi
  log "binfmt_misc put back (mounted: $mounted_before, qemu-aarch64: $handler_before)"
  exit "$status"
}
trap put_back EXIT
# A signal ends the script through exit, so that put_back runs.
trap 'exit 130' INT TERM

missing=()
for p in qemu-user-static binfmt-support debootstrap; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
mountpoint -q "$BINFMT" || mount -t binfmt_misc binfmt_misc "$BINFMT"
update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
[ "$(head -1 "$BINFMT/qemu-aarch64" 2>/dev/null)" = enabled ] || die "qemu-aarch64 is not enabled in binfmt_misc"

# --- the arm64 root
# Only debootstrap's first stage (--foreign), which runs natively: it downloads the packages and
# unpacks the essential ones. The rest (the JRE and its libraries) is unpacked here with
# dpkg-deb -x, natively too. No maintainer script runs under emulation: that second stage took
# over 30 minutes on a busy 2-core machine, and the checks below need none of it (the one link the
# JRE's postinst would make, /usr/bin/java, is made here). dpkg's database therefore lists no
# package, so the package is installed with --force-depends (its dependencies are unpacked, not
# registered). A tree is reused only if it was finished (a stamp written last).
if [ "${ARM_FRESH:-0}" = 1 ] || [ ! -e "$ROOT/.slips-arm64-complete" ]; then
  rm -rf --one-file-system "$ROOT"
  log "debootstrap --foreign --arch=arm64 bookworm into $ROOT (first stage, native)"
  debootstrap --foreign --arch=arm64 --variant=minbase \
    --include=openjdk-17-jre-headless,iptables,nftables,procps \
    bookworm "$ROOT" "$MIRROR" >/var/tmp/slips-arm64-debootstrap.log 2>&1 \
    || { tail -20 /var/tmp/slips-arm64-debootstrap.log >&2; die "debootstrap failed"; }
  debs=("$ROOT"/var/cache/apt/archives/*.deb)
  log "unpacking ${#debs[@]} packages with dpkg-deb -x"
  for deb in "${debs[@]}"; do
    dpkg-deb -x "$deb" "$ROOT"
  done
  jvm=$(ls -d "$ROOT"/usr/lib/jvm/java-17-openjdk-arm64)
  ln -sf "${jvm#"$ROOT"}/bin/java" "$ROOT/usr/bin/java"
  touch "$ROOT/.slips-arm64-complete"
fi
# base-files' postinst makes /var/run a link to /run; the engine's socket is mounted at /run.
[ -L "$ROOT/var/run" ] || { rmdir "$ROOT/var/run" && ln -s /run "$ROOT/var/run"; }
cp "$JAR" "$ROOT/root/failover.jar"
[ -n "$DEB" ] && cp "$DEB" "$ROOT/root/slips-failover_all.deb"
mkdir -p "$ROOT/root/slips"

# In a private mount namespace: /proc and the engine's socket are mounted only for the chroot and
# vanish with it. The socket goes to $ROOT/run: $ROOT/var/run is an absolute link to /run.
inside() {
  unshare --mount --fork sh -c '
    root=$1; shift
    mount -t proc proc "$root/proc"
    touch "$root/run/docker.sock"
    mount --bind /var/run/docker.sock "$root/run/docker.sock"
    exec chroot "$root" "$@"' sh "$ROOT" "$@"
}

results=()
check() { # NAME COMMAND...
  local name=$1
  shift
  if "$@"; then results+=("PASS  $name"); else results+=("MISS  $name"); fi
}

out=/var/tmp/slips-arm64-out.txt
check "the CPU is aarch64" sh -c "[ \"\$(chroot '$ROOT' uname -m)\" = aarch64 ]"
t0=$(date +%s%N)
inside java -jar /root/failover.jar --version >"$out" 2>&1 || true
cat "$out" >&2
check "java -jar failover.jar --version" grep -q '^slips-failover ' "$out"
log "--version took $(( ($(date +%s%N) - t0) / 1000000 )) ms emulated"

# The dry run asks the engine whether the image is there: an answer proves docker-java's transport
# reached the socket. On Java 16+ that transport (com.github.dockerjava.transport.UnixSocket) uses
# the JDK's own Unix sockets, whose native code is the arm64 JDK's libnio, not JNA's: the class log
# shows which, and that JNA is never loaded.
rc=0
t0=$(date +%s%N)
inside java -Xlog:class+load=info -jar /root/failover.jar --dry-run wlan0,eth0 --slips-dir /root/slips \
  >"$out" 2>&1 || rc=$?
log "--dry-run took $(( ($(date +%s%N) - t0) / 1000000 )) ms emulated"
check "--dry-run: whole plan, failed checks marked, exit non-zero" sh -c \
  "[ $rc != 0 ] && grep -q 'FAILED: interface' '$out' && grep -q 'would run  systemctl start slips.service' '$out' && grep -q 'Dry run: nothing was changed.' '$out'"
check "docker-java reached the engine" grep -Eq 'image: +.* (present|will be pulled)' "$out"
check "the transport: the JDK's Unix sockets (its aarch64 libnio), no JNA" sh -c \
  "grep -q 'com.github.dockerjava.transport.UnixSocket ' '$out' && grep -q 'sun.nio.ch.UnixDomainSockets ' '$out' \
   && ! grep -q 'com.sun.jna.Native ' '$out'"
# ELF machine 0xb7 (AArch64), bytes 18-19 of the header.
check "the JDK's libnio is aarch64 code" sh -c \
  "[ \"\$(od -An -tx1 -j18 -N2 '$ROOT/usr/lib/jvm/java-17-openjdk-arm64/lib/libnio.so' | tr -d ' ')\" = b700 ]"
grep -E '^check|UnixSocket |UnixDomainSockets |jna' "$out" | sed 's/^/    /' >&2 || true

# The gate renews its lease over netlink through JNA (NetlinkSocket), and the runner is woken by
# pidfds through it: JNA's own main loads its aarch64 native library and says which it loaded.
inside java -cp /root/failover.jar com.sun.jna.Native >"$out" 2>&1 || true
sed 's/^/    /' "$out" >&2
check "JNA loads its aarch64 native library" sh -c \
  "grep -q '^ *Native: [0-9]' '$out' && grep -q '^ *Prefix: linux-aarch64' '$out'"

if [ -n "$DEB" ]; then
  rc=0
  t0=$(date +%s%N)
  inside dpkg -i --force-depends /root/slips-failover_all.deb >"$out" 2>&1 || rc=$?
  log "dpkg -i took $(( ($(date +%s%N) - t0) / 1000000 )) ms emulated"
  check "dpkg -i --force-depends slips-failover_all.deb" test "$rc" = 0
  [ "$rc" = 0 ] || tail -5 "$out" >&2
  inside slips-failover --version >"$out" 2>&1 || true
  check "slips-failover --version (/usr/bin)" grep -q '^slips-failover ' "$out"
  rc=0
  inside dpkg --purge slips-failover >"$out" 2>&1 || rc=$?
  check "dpkg --purge slips-failover" test "$rc" = 0
fi
rm -f "$ROOT/root/failover.jar" "$ROOT/root/slips-failover_all.deb"

printf '%s\n' "${results[@]}"
if printf '%s\n' "${results[@]}" | grep -q '^MISS'; then
  die "missed"
fi
log "all ${#results[@]} checks passed"
