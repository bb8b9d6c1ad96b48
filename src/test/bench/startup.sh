#!/usr/bin/env bash
# Start-up wall time of the short commands: median and worst of RUNS runs (hyperfine).
#   src/test/bench/startup.sh [JAR] [RUNS]
# JAVA_OPTS picks the JVM flags (default: none, as `java -jar failover.jar`); set it to the
# wrapper's flags, e.g. JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:SharedArchiveFile=F".
# Figures are printed, not asserted; on a busy machine the CPU time says more than the wall time. Needs hyperfine (apt-get install hyperfine) and python3.
set -euo pipefail
JAR=${1:-target/failover.jar}
RUNS=${2:-10}
OPTS=${JAVA_OPTS:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# cut-ap on interfaces no access point serves: the whole command, with nothing to cut.
declare -A cmds=(
  [--version]="java $OPTS -jar $JAR --version"
  [status]="java $OPTS -jar $JAR status"
  [cut-ap]="java $OPTS -jar $JAR cut-ap nowifi0,noeth0 --state-dir $work"
)
echo "jar: $JAR ($(du -h "$JAR" | cut -f1)); JAVA_OPTS: ${OPTS:-none}; $RUNS runs each"
for name in --version status cut-ap; do
  hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$work/$name.json" "${cmds[$name]}" >/dev/null 2>&1
  python3 - "$work/$name.json" "$name" <<'PY'
import json, statistics, sys
res = json.load(open(sys.argv[1]))["results"][0]
r = res["times"]
cpu = (res["user"] + res["system"]) * 1000
print(f"{sys.argv[2]:10s} median {statistics.median(r)*1000:7.0f} ms   worst {max(r)*1000:7.0f} ms"
      f"   CPU (user+sys, mean) {cpu:6.0f} ms")
PY
done
