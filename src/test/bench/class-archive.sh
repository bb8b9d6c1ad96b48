#!/usr/bin/env bash
# Makes a class-data archive for a jar as the install makes it (install/ClassArchive): the classes
# that `status` and a cut of a pair no access point uses load, dumped into one archive with the
# given JVM flags. For the benchmarks, which run jars the install never saw.
#   src/test/bench/class-archive.sh JAR ARCHIVE [JVM FLAGS...]
set -euo pipefail
jar=$1 archive=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -XX:DumpLoadedClassList="$work/status.lst" "$@" -jar "$jar" status >/dev/null 2>&1 || true
java -XX:DumpLoadedClassList="$work/cut.lst" "$@" -jar "$jar" cut-ap slipsnone0,slipsnone1 \
  --state-dir "$work" >/dev/null 2>&1 || true
# In the order they loaded, as the install keeps them (a lambda after the class that makes it).
awk '!seen[$0]++' "$work/status.lst" "$work/cut.lst" > "$work/classes.lst"
java -Xshare:dump -XX:SharedClassListFile="$work/classes.lst" -XX:SharedArchiveFile="$archive" \
  "$@" -cp "$jar" >/dev/null 2>&1
