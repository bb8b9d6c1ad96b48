#!/usr/bin/env bash
# Start-up wall time of the short commands beside a bare JVM's hello world with the same flags:
# median and worst of RUNS runs each, and the ratio of the medians.
#   src/test/bench/startup.sh [JAR] [RUNS]
# JAVA_OPTS picks the JVM flags (default: those of templates/slips-failover.sh, the command's). The
# commands start with a class archive made as the install makes it (install/ClassArchive: the
# classes of `status` and of a cut no access point uses); ARCHIVE=off runs them without one. The
# hello world gets no archive of its own (the JDK's default one, as any bare JVM).
# Each command and the hello world run paired (command, hello, command, hello, ...), so the load of
# a shared machine hits both alike. BASELINE_JAR=path/to/main's/failover.jar adds that jar's
# command (with its own archive) to each round: command, baseline, hello. Figures are printed, not
# asserted; on a busy machine the CPU time says more than the wall time. Needs python3.
set -euo pipefail
JAR=$(realpath "${1:-target/failover.jar}")
RUNS=${2:-10}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The flags of the slips-failover command (templates/slips-failover.sh), less its class archive.
template_opts=$(sed -n '/^exec java/,/-jar/p' "$here/../../../templates/slips-failover.sh" |
  tr -s ' ' '\n' | grep -E '^-X' | grep -v -e SharedArchiveFile -e '^-Xlog' | tr '\n' ' ')
OPTS=${JAVA_OPTS:-$template_opts}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/Hello.java" <<'JAVA'
public class Hello {
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
JAVA
javac -d "$work" "$work/Hello.java"

BASE=${BASELINE_JAR:+$(realpath "$BASELINE_JAR")}
archive_opts='' base_archive_opts=''
if [ "${ARCHIVE:-on}" != off ]; then
  # shellcheck disable=SC2086 # the flags are words
  "$here/class-archive.sh" "$JAR" "$work/classes.jsa" $OPTS
  archive_opts="-XX:SharedArchiveFile=$work/classes.jsa"
  if [ -n "$BASE" ]; then
    # shellcheck disable=SC2086 # the flags are words
    "$here/class-archive.sh" "$BASE" "$work/base.jsa" $OPTS
    base_archive_opts="-XX:SharedArchiveFile=$work/base.jsa"
  fi
fi

# cut-ap on interfaces no access point serves (the pair class-archive.sh uses): the whole command,
# with nothing to cut.
declare -A cmds=(
  [--version]="java $OPTS $archive_opts -jar $JAR --version"
  [status]="java $OPTS $archive_opts -jar $JAR status"
  [cut-ap]="java $OPTS $archive_opts -jar $JAR cut-ap slipsnone0,slipsnone1 --state-dir $work"
)
declare -A base_cmds=()
if [ -n "$BASE" ]; then
  base_cmds=(
    [--version]="java $OPTS $base_archive_opts -jar $BASE --version"
    [status]="java $OPTS $base_archive_opts -jar $BASE status"
    [cut-ap]="java $OPTS $base_archive_opts -jar $BASE cut-ap slipsnone0,slipsnone1 --state-dir $work"
  )
fi
hello="java $OPTS -cp $work Hello"
echo "jar: $JAR ($(du -h "$JAR" | cut -f1)); JAVA_OPTS: ${OPTS:-none}; class archive: ${ARCHIVE:-on}; $RUNS runs each"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
if [ -n "$BASE" ]; then
  echo "baseline jar: $BASE ($(du -h "$BASE" | cut -f1))"
fi
for name in --version status cut-ap; do
  python3 - "$RUNS" "$name" "${cmds[$name]}" "$hello" "${base_cmds[$name]:-}" <<'PY'
import os, resource, statistics, subprocess, sys, time
runs, name, cmd, hello = int(sys.argv[1]), sys.argv[2], sys.argv[3].split(), sys.argv[4].split()
base = sys.argv[5].split()
def once(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
once(cmd); once(hello)  # warm-up: the page cache
if base:
    once(base)
times = {"cmd": [], "base": [], "hello": []}
for _ in range(runs):  # paired: the command, (the baseline's,) then the hello world, RUNS times
    times["cmd"].append(once(cmd))
    if base:
        times["base"].append(once(base))
    times["hello"].append(once(hello))
def line(label, pairs):
    wall = [w for w, _ in pairs]
    cpu = statistics.mean(c for _, c in pairs)
    print(f"{label:12s} median {statistics.median(wall)*1000:6.0f} ms   worst {max(wall)*1000:6.0f} ms"
          f"   CPU (user+sys, mean) {cpu*1000:5.0f} ms")
line(name, times["cmd"])
if base:
    line("  baseline", times["base"])
line("  hello", times["hello"])
hello_median = statistics.median(w for w, _ in times["hello"])
ratio = statistics.median(w for w, _ in times["cmd"]) / hello_median
print(f"  {name} / hello world, medians of {runs} paired runs: {ratio:.2f}")
if base:
    ratio = statistics.median(w for w, _ in times["base"]) / hello_median
    print(f"  baseline's {name} / hello world: {ratio:.2f}")
PY
done
