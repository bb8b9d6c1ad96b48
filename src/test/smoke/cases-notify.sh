# Issue 19's notifications, sourced by run.sh: Debian's apprise in the Pi posts to a receiver on
# the Pi's loopback (json://127.0.0.1:8099/, a small python3 server: apprise brings python3), which
# logs each message's arrival (the Pi's clock, the host's) and title in the share.
# shellcheck shell=bash

NOTIFY_URL='json://127.0.0.1:8099/hook?token=smoke-s3cret'
NOTIFY_LOG_NAME=notify-received.log # in the share: /smoke/notify-received.log in the Pi

# The receiver: answers 200 to each POST, or, while /smoke/notify-silent exists, accepts and never
# answers (the connection held, the thread asleep).
notify_receiver_up() {
  pi systemd-run --quiet --collect --unit smoke-notify-receiver python3 -c '
import http.server, json, os, time
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if os.path.exists("/smoke/notify-silent"):
            time.sleep(3600)
            return
        title = json.loads(body).get("title", "")
        with open("/smoke/notify-received.log", "a") as f:
            f.write("%d %s\n" % (time.time_ns(), title.replace("\n", " ")))
        self.send_response(200)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", 8099), H).serve_forever()
' && wait_until 10 pi bash -c 'exec 3<>/dev/tcp/127.0.0.1/8099'
}
notify_receiver_down() { pi systemctl stop smoke-notify-receiver 2>/dev/null || true; }

# notify_arrival MARK REGEX: the arrival (ns) of the first message after line MARK whose title
# matches REGEX, or nothing.
notify_arrival() {
  tail -n +"$(($1 + 1))" "$SHARE/$NOTIFY_LOG_NAME" 2>/dev/null | grep -E -m1 -- "$2" | cut -d' ' -f1
}
notify_arrived() { [ -n "$(notify_arrival "$1" "$2")" ]; }
notify_mark() { count_lines "$SHARE/$NOTIFY_LOG_NAME"; }

# The install with --notify, then notify --test: the URL in a 0600 file and nowhere else.
notify_on() {
  local out="$WORK/install-notify.txt" mark
  touch "$SHARE/$NOTIFY_LOG_NAME"
  notify_receiver_up || miss "receiver up on the Pi's 127.0.0.1:8099"
  install_failover "$out" --notify "$NOTIFY_URL" || miss "install --notify exits 0"
  [ "$(pi stat -c %a:%U /etc/slips-failover/notify.urls 2>/dev/null)" = 600:root ] &&
    saw "notify.urls 0600 root" || miss "notify.urls 0600 root"
  if grep -q smoke-s3cret "$out" || pi journalctl -q --no-pager 2>/dev/null | grep -q smoke-s3cret; then
    miss "the URL's token nowhere else (install output, journal)"
  fi
  mark=$(notify_mark)
  pi slips-failover notify --test >"$WORK/notify-test.txt" 2>&1 && saw "notify --test exit 0" || miss "notify --test exit 0"
  grep -q '^sent     json://127.0.0.1$' "$WORK/notify-test.txt" || miss "notify --test names json://127.0.0.1"
  check "test message received" wait_until 15 notify_arrived "$mark" 'test message'
}
notify_off() {
  install_failover "$WORK/install-notify-off.txt" --notify none || miss "install --notify none exits 0"
  notify_receiver_down
  pi rm -f /smoke/notify-silent
}

# ms_from_to T0 T1, or "never".
notify_within() {
  local what=$1 t0=$2 at=$3 limit_ms=$4 ms
  if [ -z "$at" ]; then
    miss "$what: no message"
    return 1
  fi
  ms=$(ms_between "$t0" "$at")
  if ((ms <= limit_ms)); then saw "$what in $(seconds "$ms")"; else miss "$what within $(seconds "$limit_ms") (took $(seconds "$ms"))"; fi
}

# Slips killed: "NOT PROTECTED" within 5 s of its death; the AP started again: "protecting again
# after N s" within 5 s of Slips protecting (seen from outside).
case_notify_killed() {
  local old_id t0 mark ap back_at
  notify_on
  old_id=$(slips_id)
  ap=$(ap_mark)
  mark=$(notify_mark)
  t0=$(now_ns)
  kill_container
  FAULT_AT=$(died_at_ns "$old_id" "$t0")
  measure_cut "${FAULT_AT:-$t0}" "$ap" || true
  wait_until 15 notify_arrived "$mark" 'NOT PROTECTED' || true
  notify_within "'NOT PROTECTED' after the kill" "${FAULT_AT:-$t0}" \
    "$(notify_arrival "$mark" 'NOT PROTECTED, Slips. container ended')" 5000
  mark=$(notify_mark)
  start_ap || miss "the owner starts the AP again"
  if wait_until 60 slips_back "$old_id"; then
    back_at=$(now_ns)
    wait_until 15 notify_arrived "$mark" 'protecting again' || true
    notify_within "'protecting again' after Slips protects" "$back_at" \
      "$(notify_arrival "$mark" 'protecting again after [0-9]+ (s|min)')" 5000
  else
    miss "Slips back after the AP's restart"
  fi
  notify_off
}
