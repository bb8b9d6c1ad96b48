#!/usr/bin/env bash
# Builds a stand-in Slips image without any registry: busybox-static, plus the host's bash, tmux,
# redis-server, redis-cli and iptables (Debian's; nf_tables, with its extensions, for Slips'
# blocking with -p) with the shared libraries ldd names, a tiny static "zeek"
# (zeek.c, compiled here), the stand-in ./slips.py (standin-slips.sh, which says what it does) and
# standin-fault (standin-fault.sh). The tag is rebuilt only when the inputs change (their hash is
# kept in the image's label), so a second call takes well under a second.
#
# Usage: build-standin-slips.sh [TAG]      (default slips-failover/standin-slips:test)
#   DOCKER="docker -H unix:///tmp/x.sock" build-standin-slips.sh   to build into another engine.
#   STANDIN_PROFILE=slips (default) or simple: the stand-in's defaults, baked into the image
#     (slips: behaves like Slips in -ap mode; simple: the old stand-in, runs at once whatever happens).
#
# Knobs read from /StratosphereLinuxIPS/output/standin-behaviour when it starts: see standin-slips.sh
# (the old "exit N" and "oom" lines still work; a heartbeat is still written into output/).
set -euo pipefail

tag=${1:-slips-failover/standin-slips:test}
profile=${STANDIN_PROFILE:-slips}
docker_cmd=${DOCKER:-docker}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
inputs=("${BASH_SOURCE[0]}" "$here/standin-slips.sh" "$here/standin-fault.sh" "$here/zeek.c")

for tool in gcc redis-server redis-cli xtables-nft-multi; do
  command -v "$tool" >/dev/null || { echo "build-standin-slips: $tool is missing (bash .ci/setup-machine installs it)" >&2; exit 1; }
done
xtables=$(command -v xtables-nft-multi)
# iptables loads its matches and targets (comment, DROP...) from here at run time: ldd misses them.
xtables_libdir=$(dirname "$(readlink -f "$(ldconfig -p | awk '/libxtables.so/ {print $NF; exit}')")")/xtables
dynamic=(/usr/bin/bash /usr/bin/tmux /usr/bin/redis-server /usr/bin/redis-cli "$xtables" "$xtables_libdir"/*.so)
binaries=("${dynamic[@]}" /bin/busybox)
mapfile -t libs < <(ldd "${dynamic[@]}" | awk '$3 ~ /^\// {print $3} $1 ~ /^\/.*[^:]$/ {print $1}' | sort -u)
hash=$( { printf '%s' "$profile"; cat "${inputs[@]}"; sha256sum "${binaries[@]}" "${libs[@]}"; } \
  | sha256sum | cut -c1-16)

current=$($docker_cmd image inspect -f '{{ index .Config.Labels "standin.hash" }}' "$tag" 2>/dev/null || true)
old_id=$($docker_cmd image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)
if [ "$current" = "$hash" ]; then
  echo "$tag is up to date ($hash)"
  exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,usr/bin,tmp,etc,lib,run,StratosphereLinuxIPS/output}
chmod 1777 "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
cp /usr/bin/bash "$root/bin/bash"
cp /usr/bin/tmux "$root/usr/bin/tmux"
# cp -L: Debian's redis-server is a link to redis-check-rdb; it acts as the server by its name.
cp -L /usr/bin/redis-server "$root/usr/bin/redis-server"
cp -L /usr/bin/redis-cli "$root/usr/bin/redis-cli"
# xtables-nft-multi acts as the command it is called by: iptables (-nft, as on the Pi).
cp -L "$xtables" "$root/usr/bin/xtables-nft-multi"
ln -s xtables-nft-multi "$root/usr/bin/iptables"
mkdir -p "$root$xtables_libdir"
cp -L "$xtables_libdir"/*.so "$root$xtables_libdir/"
gcc -static -Os -s -o "$root/usr/bin/zeek" "$here/zeek.c"
install -m 755 "$here/standin-fault.sh" "$root/usr/bin/standin-fault"
for lib in "${libs[@]}"; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# usrmerge hosts: /lib64 and /lib are the same; keep the loader where the binaries look for it.
mkdir -p "$root/lib/terminfo"
cp -r /lib/terminfo/x /lib/terminfo/v /lib/terminfo/s "$root/lib/terminfo/" 2>/dev/null || true
# tmux refuses to start without a UTF-8 locale.
mkdir -p "$root/usr/lib/locale"
cp -r /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"
echo 'root:x:0:0:root:/root:/bin/bash' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
install -m 755 "$here/standin-slips.sh" "$root/StratosphereLinuxIPS/slips.py"

tar -C "$root" -c . | $docker_cmd import \
  --change 'WORKDIR /StratosphereLinuxIPS' \
  --change 'ENV PATH=/usr/bin:/bin' \
  --change 'ENV TERM=xterm' \
  --change 'ENV LC_ALL=C.UTF-8' \
  --change "ENV STANDIN_PROFILE=$profile" \
  --change "LABEL standin.hash=$hash" \
  --change 'CMD ["bash"]' \
  - "$tag" > /dev/null
# The previous build is left untagged: remove it (it fails harmlessly while a container uses it).
[ -z "$old_id" ] || $docker_cmd image rm "$old_id" > /dev/null 2>&1 || true
echo "built $tag ($hash)"
