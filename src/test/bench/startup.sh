#!/usr/bin/env bash
# Start-up wall time of the short commands beside a bare JVM's hello world with the same flags:
# median and worst of RUNS runs each, and the ratio of the medians.
#   src/test/bench/startup.sh [JAR] [RUNS]
# JAVA_OPTS picks the JVM flags (default: those of templates/slips-failover.sh, the command's). The
# commands start with a class archive made as the install makes it (install/ClassArchive: the
# classes of `status` and of a cut no access point uses); ARCHIVE=off runs them without one. The
# hello world gets no archive of its own (the JDK's default one, as any bare JVM).
# Each command and the hello world run paired (command, hello, command, hello, ...), so the load of
# a shared machine hits both alike. Figures are printed, not asserted; on a busy machine the CPU
# time says more than the wall time. Needs python3.
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

archive_opts=''
if [ "${ARCHIVE:-on}" != off ]; then
  # shellcheck disable=SC2086 # the flags are words
  "$here/class-archive.sh" "$JAR" "$work/classes.jsa" $OPTS
  archive_opts="-XX:SharedArchiveFile=$work/classes.jsa"
fi

# cut-ap on interfaces no access point serves: the whole command, with nothing to cut.
declare -A cmds=(
  [--version]="java $OPTS $archive_opts -jar $JAR --version"
  [status]="java $OPTS $archive_opts -jar $JAR status"
  [cut-ap]="java $OPTS $archive_opts -jar $JAR cut-ap nowifi0,noeth0 --state-dir $work"
)
hello="java $OPTS -cp $work Hello"
echo "jar: $JAR ($(du -h "$JAR" | cut -f1)); JAVA_OPTS: ${OPTS:-none}; class archive: ${ARCHIVE:-on}; $RUNS runs each"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
for name in --version status cut-ap; do
  python3 - "$RUNS" "$name" "${cmds[$name]}" "$hello" <<'PY'
import os, resource, statistics, subprocess, sys, time
runs, name, cmd, hello = int(sys.argv[1]), sys.argv[2], sys.argv[3].split(), sys.argv[4].split()
def once(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
once(cmd); once(hello)  # warm-up: the page cache
times = {"cmd": [], "hello": []}
for _ in range(runs):  # paired: the command, then the hello world, RUNS times
    times["cmd"].append(once(cmd))
    times["hello"].append(once(hello))
def line(label, pairs):
    wall = [w for w, _ in pairs]
    cpu = statistics.mean(c for _, c in pairs)
    print(f"{label:12s} median {statistics.median(wall)*1000:6.0f} ms   worst {max(wall)*1000:6.0f} ms"
          f"   CPU (user+sys, mean) {cpu*1000:5.0f} ms")
line(name, times["cmd"])
line("  hello", times["hello"])
ratio = statistics.median(w for w, _ in times["cmd"]) / statistics.median(w for w, _ in times["hello"])
print(f"  {name} / hello world, medians of {runs} paired runs: {ratio:.2f}")
PY
done
