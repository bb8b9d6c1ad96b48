#!/usr/bin/env bash
# Builds a stand-in Slips image without any registry: busybox-static, plus the host's bash and tmux
# with the shared libraries ldd names, plus a stand-in ./slips.py. The tag is rebuilt only when the
# inputs change (their hash is kept in the image's label), so a second call takes well under a second.
#
# Usage: build-standin-slips.sh [TAG]      (default slips-failover/standin-slips:test)
#   DOCKER="docker -H unix:///tmp/x.sock" build-standin-slips.sh   to build into another engine.
#
# The stand-in slips.py reads /StratosphereLinuxIPS/output/standin-behaviour when it starts:
#   (missing or empty)  run until stopped, writing a heartbeat into output/
#   exit N              exit with code N at once
#   oom                 allocate memory until the kernel kills it
set -euo pipefail

tag=${1:-slips-failover/standin-slips:test}
docker_cmd=${DOCKER:-docker}

read -r -d '' slips_py <<'PY' || true
#!/bin/bash
# Stand-in for Slips: records how it was started, then behaves as output/standin-behaviour says.
out=/StratosphereLinuxIPS/output
echo "started $(date -u +%Y-%m-%dT%H:%M:%SZ) args: $*" >> "$out/standin.log"
behaviour=$(cat "$out/standin-behaviour" 2>/dev/null || true)
case "$behaviour" in
  exit\ *) exit "${behaviour#exit }" ;;
  oom) hog=$(head -c 1000000000 /dev/zero | tr '\0' x); echo "${#hog}" ;;
esac
trap 'echo "stopped by SIGTERM" >> "$out/standin.log"; exit 0' TERM
# Ctrl-C in its tmux pane, as a user (or the runner's stop) stops Slips.
trap 'echo "stopped by SIGINT" >> "$out/standin.log"; exit 0' INT
while :; do
  date -u +%Y-%m-%dT%H:%M:%SZ > "$out/standin-heartbeat"
  sleep 1 & wait $!
done
PY

binaries=(/usr/bin/bash /usr/bin/tmux /bin/busybox)
libs=$(ldd /usr/bin/bash /usr/bin/tmux | awk '$3 ~ /^\// {print $3} $1 ~ /^\/.*[^:]$/ {print $1}' | sort -u)
hash=$( { printf '%s' "$slips_py"; cat "${BASH_SOURCE[0]}"; sha256sum "${binaries[@]}" $libs; } \
  | sha256sum | cut -c1-16)

current=$($docker_cmd image inspect -f '{{ index .Config.Labels "standin.hash" }}' "$tag" 2>/dev/null || true)
old_id=$($docker_cmd image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)
if [ "$current" = "$hash" ]; then
  echo "$tag is up to date ($hash)"
  exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,usr/bin,tmp,etc,lib,StratosphereLinuxIPS/output}
chmod 1777 "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
cp /usr/bin/bash "$root/bin/bash"
cp /usr/bin/tmux "$root/usr/bin/tmux"
for lib in $libs; do
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
printf '%s\n' "$slips_py" > "$root/StratosphereLinuxIPS/slips.py"
chmod 755 "$root/StratosphereLinuxIPS/slips.py"

tar -C "$root" -c . | $docker_cmd import \
  --change 'WORKDIR /StratosphereLinuxIPS' \
  --change 'ENV PATH=/usr/bin:/bin' \
  --change 'ENV TERM=xterm' \
  --change 'ENV LC_ALL=C.UTF-8' \
  --change "LABEL standin.hash=$hash" \
  --change 'CMD ["bash"]' \
  - "$tag" > /dev/null
# The previous build is left untagged: remove it (it fails harmlessly while a container uses it).
[ -z "$old_id" ] || $docker_cmd image rm "$old_id" > /dev/null 2>&1 || true
echo "built $tag ($hash)"
