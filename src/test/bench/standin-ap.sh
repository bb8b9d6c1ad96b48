#!/bin/bash
# Stand-in for create_ap in tests and the benchmark: waits until signalled, then writes
# "<epoch microseconds> <signal>" to the file named by $STANDIN_AP_SIGNAL_FILE (or $1) and exits.
# $EPOCHREALTIME is read inside bash: no fork between the signal and the timestamp.
out=${STANDIN_AP_SIGNAL_FILE:-$1}
for sig in TERM INT USR1; do
  trap "printf '%s %s\n' \"\${EPOCHREALTIME/./}\" $sig > '$out'; exit 0" "$sig"
done
# 'wait' returns as soon as a trapped signal arrives; a plain 'sleep' would delay the trap.
while :; do sleep 3600 & wait $!; done
