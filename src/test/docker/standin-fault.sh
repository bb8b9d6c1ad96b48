#!/bin/bash
# Faults for the stand-in Slips (standin-slips.sh), from outside its container:
#   docker exec <container> standin-fault exit N         Slips exits with code N (its Zeeks and Redis stop)
#   docker exec <container> standin-fault crash          Slips' main process dies of SIGKILL (a crash)
#   docker exec <container> standin-fault hang           its Redis frozen (SIGSTOP): it no longer answers
#   docker exec <container> standin-fault resume         its Redis thawed (SIGCONT)
#   docker exec <container> standin-fault kill-zeek IFACE  the Zeek of IFACE killed (SIGKILL); Slips runs on
#   docker exec <container> standin-fault alert [IP]     an evidence and an alert about IP in alerts/ (as Slips)
# Each fault is logged to output/standin.log ("fault: ...").
set -eu
run=/tmp/standin
out=/StratosphereLinuxIPS/output
pid_of() {
  local pid
  pid=$(cat "$run/$1.pid" 2>/dev/null) && [ -d "/proc/$pid" ] || { echo "standin-fault: no $1 running" >&2; exit 1; }
  echo "$pid"
}
note() { echo "fault: $* $(date -u +%Y-%m-%dT%H:%M:%SZ) $EPOCHREALTIME" >>"$out/standin.log"; }
case ${1:-} in
  exit) pid=$(pid_of main); echo "exit ${2:?exit code}" >"$run/fault"; kill -USR1 "$pid" ;;
  crash) pid=$(pid_of main); note crash; kill -KILL "$pid" ;;
  hang) pid=$(pid_of redis); note hang; kill -STOP "$pid" ;;
  resume) pid=$(pid_of redis); note resume; kill -CONT "$pid" ;;
  alert) pid=$(pid_of main); echo "alert ${2:-192.168.12.34}" >"$run/fault"; kill -USR1 "$pid" ;;
  kill-zeek) pid=$(pid_of "zeek-${2:?interface}"); note "kill-zeek $2"; kill -KILL "$pid" ;;
  *) sed -n '2,9s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
