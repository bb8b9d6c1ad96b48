#!/bin/sh
# Rendered by slips-failover from templates/slips-runner.sh.
# Edit /etc/slips-failover/templates/slips-runner.sh instead, then re-run the installer.
# slips.service runs "slips-runner.sh run"; its ExecStopPost= runs "slips-runner.sh cut-ap".
set -eu
# java and nft by name from root's directories only (not /usr/local, which group staff may write).
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH

JAR=/usr/local/lib/slips-failover/failover.jar
# Sized for a Raspberry Pi: a small heap, the serial collector, no optimising compiler and one
# compiler thread; no hsperfdata (its sampler woke the JVM every 50 ms: a quarter of the idle
# runner's CPU); faster starts (ExecStopPost= too) with the class archive made at install,
# silently unused when stale. Out of memory, the JVM exits (systemd restarts it, cut-ap cuts)
# rather than limp on half-dead. Idle monitors deflated every 10 s, not every 250 ms (that thread
# took a seventh of the idle runner's CPU; the runner inflates a handful of monitors). That flag
# is diagnostic: a later JDK may drop it, and a JVM that refused to start would leave cut-ap
# unable to cut, so flags this JVM does not know are ignored.
JAVA_OPTS="-Xms8m -Xmx64m -Xss512k -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -XX:+IgnoreUnrecognizedVMOptions -XX:+UnlockDiagnosticVMOptions -XX:AsyncDeflationInterval=10000 -XX:SharedArchiveFile=/usr/local/lib/slips-failover/failover.jsa -Xlog:cds=off,cds+dynamic=off"

case "${1:-}" in
  run)
    exec java $JAVA_OPTS -jar "$JAR" run wlan0,eth0 \
      --slips-dir /home/pi/StratosphereLinuxIPS \
      --image stratosphereips/slips:latest \
      --container-name slips \
      --blocking=false \
      --keep-ap=false \
      --memory 8g \
      --cpu-shares 800 \
      --shm-size 512m
    ;;
  cut-ap)
    # Close the gate first, without a JVM: empty both leases (inet and bridge, one transaction),
    # or load the tables closed if either is gone, or (a kernel without nftables' bridge family,
    # where the runner loaded the inet table alone) empty the inet lease.
    nft 'flush set inet slips_failover lease; flush set bridge slips_failover lease' 2>/dev/null || nft -f /etc/slips-failover/slips-gate.nft 2>/dev/null || nft 'flush set inet slips_failover lease' || true
    # A hand-over (the install restarts this unit for a new jar alone, as a package upgrade does,
    # and marks it just before: root's file, valid 45 s at most): the new runner adopts the
    # running Slips, so the access point is not cut nor Slips stopped; the gate stays closed until
    # the new runner sees Slips protect. Checked here, without a JVM, to keep the hand-over short;
    # the rule is the one of the jar's HandOver.
    mark=/run/slips-failover/handover
    if [ -f "$mark" ] && [ ! -L "$mark" ] && [ "$(stat -c %u:%a "$mark")" = 0:600 ]; then
      until_ms=$(head -c 32 "$mark" | tr -d '\n')
      now_ms=$(date +%s%3N)
      case "$until_ms" in
        '' | *[!0-9]*) ;;
        *)
          if [ "$now_ms" -lt "$until_ms" ] && [ "$until_ms" -le $((now_ms + 45000)) ]; then
            echo "slips-runner: a hand-over to the new runner: the access point and Slips are left running, the gate closed"
            exit 0
          fi
          ;;
      esac
    fi
    exec java $JAVA_OPTS -jar "$JAR" cut-ap wlan0,eth0 --slips-dir /home/pi/StratosphereLinuxIPS \
      --container-name slips
    ;;
  *)
    echo "usage: $0 run|cut-ap" >&2
    exit 2
    ;;
esac
