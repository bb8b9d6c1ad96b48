#!/bin/sh
# Rendered by slips-failover from templates/slips-failover.sh: the slips-failover command.
# Edit /etc/slips-failover/templates/slips-failover.sh instead, then re-run the installer.
# Runs the installed copy of the jar: sudo slips-failover status | uninstall | wlan0,eth0 ...
# Short commands start faster with the client compiler only, the serial collector, no hsperfdata
# file, and the class archive the install made (silently unused when missing or stale).
# java from root's directories only (not /usr/local, which group staff may write).
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError \
  -XX:SharedArchiveFile=@@CLASS_ARCHIVE@@ -Xlog:cds=off,cds+dynamic=off -jar @@JAR@@ "$@"
