#!/usr/bin/env python3
# wait-http.py - polls the runtime from one process until what a benchmark waits for holds, then
# prints the wall-clock time of that answer in nanoseconds since the epoch (as `date +%s%N`).
#
# Usage: wait-http.py PORT console PID [TIMEOUT_S]
#        wait-http.py PORT overlays:N USER:PASSWORD PID [TIMEOUT_S]
#   console     the first response of /system/console that is the web console's own (401 without
#               a login, or 200/302), polled every 10 ms
#   overlays:N  GET /varpd/api/overlays lists N overlays, all ACTIVE, polled every 50 ms
#   PID         the runtime's process: if it ends, this exits 1 at once. "-": print "ready" once
#               loaded, then read it from the first line of standard input, so the interpreter is
#               loaded before the runtime starts (bench/timed-start.sh runs this as a coprocess)
# Exits 1 when the time runs out (default 60 s for console, 120 s for overlays) and says so.
#
# Why one process: on two cores a start is CPU-bound, and a poller that spawns curl (and python3
# to read the JSON) every 10-50 ms takes a share of a core from the start it measures. This one
# loads its interpreter once, before the runtime starts when the PID comes on standard input, and
# then sleeps between polls.
import base64
import http.client
import json
import os
import sys
import time


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def get(port, path, auth):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        headers = {"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()} if auth else {}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def main(argv):
    if len(argv) < 4 or not (argv[2] == "console" or argv[2].startswith("overlays:")):
        print("usage: wait-http.py PORT console PID [TIMEOUT_S]\n"
              "       wait-http.py PORT overlays:N USER:PASSWORD PID [TIMEOUT_S]", file=sys.stderr)
        return 2
    port = int(argv[1])
    if argv[2] == "console":
        want, auth, pid = None, None, argv[3]
        rest, interval, timeout = argv[4:], 0.01, 60.0
    else:
        want, auth, pid = int(argv[2].split(":", 1)[1]), argv[3], argv[4]
        rest, interval, timeout = argv[5:], 0.05, 120.0
    if pid == "-":
        print("ready", flush=True)
        pid = sys.stdin.readline()
    pid = int(pid)
    if rest:
        timeout = float(rest[0])
    deadline = time.monotonic() + timeout
    seen = "no answer"
    while time.monotonic() < deadline:
        if not alive(pid):
            print("wait-http: the runtime stopped", file=sys.stderr)
            return 1
        try:
            if want is None:
                status, _ = get(port, "/system/console", None)
                if status in (200, 302, 401):
                    print(time.time_ns())
                    return 0
                seen = "HTTP %d" % status
            else:
                status, body = get(port, "/varpd/api/overlays", auth)
                if status == 200:
                    overlays = json.loads(body)
                    active = sum(1 for o in overlays if o.get("state") == "ACTIVE")
                    if len(overlays) == want and active == want:
                        print(time.time_ns())
                        return 0
                    seen = "%d of %d ACTIVE" % (active, want)
        except (OSError, http.client.HTTPException, ValueError):
            pass  # not listening yet, or the answer was cut short: poll again
        time.sleep(interval)
    print("wait-http: after %.0f s: %s" % (timeout, seen), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
