#!/bin/bash
# What the probe's Redis ownership check costs (issue 21 item 4): a real redis-server in a PID
# namespace of its own (as in Slips' container, host network), probed from this JVM. As root.
#   mvn -B -o package -DskipTests && sudo src/test/bench/redis-owner-cost.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
rounds=${1:-200}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dir=$(mktemp -d)
unshare --pid --fork --mount-proc redis-server --port "$port" --bind 127.0.0.1 --save '' \
  --appendonly no --dir "$dir" >"$dir/redis.log" 2>&1 &
unshare_pid=$!
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
init=$(cut -d' ' -f1 "/proc/$unshare_pid/task/$unshare_pid/children")
# unshare ignores SIGTERM while it waits: end its child, the namespace's first process.
trap 'kill "$init" 2>/dev/null; wait "$unshare_pid" 2>/dev/null; rm -rf "$dir"' EXIT
# The jar for its libraries (JNA, for the kernel's socket diagnostics).
cp=target/classes:target/test-classes:target/failover.jar
java -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$cp" \
  org.slipsfailover.probe.RedisOwnerCost "$port" "$init" "$rounds"
processes=(/proc/[0-9]*)
echo "processes on this machine: ${#processes[@]}"
