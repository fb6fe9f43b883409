# timed-start.sh - sourced by bench/start-time.sh and bench/many-overlays.sh: starts a runtime
# and times it until it answers what the benchmark waits for.
#
# timed_start COPY PORT PASSWORD TIMEOUT_S WHAT...: starts COPY/bin/varpd headless (stdin from
# /dev/null, output to COPY.log) on loopback PORT with console password PASSWORD and its state in
# COPY/state; WHAT is bench/wait-http.py's condition after the port ("console", or
# "overlays:N USER:PASSWORD"). Sets pid (the runtime), start and end (ns since the epoch: just
# before bin/varpd is executed, and when the condition first held). If the runtime stops or the
# time runs out, prints its log's tail, stops the runtime and exits: the callers run this inside
# a process substitution, a subshell where their EXIT trap does not run, and a runtime left behind
# there kept running (and taking CPU from later measurements) after the script had ended.
#
# The poller, bench/wait-http.py (which says why it is one process), runs as a coprocess and is
# loaded before the clock starts.
timed_start() {
    local copy=$1 port=$2 password=$3 timeout=$4 ready poll_pid
    shift 4
    coproc POLL { python3 "$here/bench/wait-http.py" "$port" "$@" - "$timeout"; }
    poll_pid=$POLL_PID
    read -r ready <&"${POLL[0]}" # "ready": loaded, waiting for the PID
    start=$(date +%s%N)
    VARPD_HTTP_PORT=$port VARPD_STATE_DIR=$copy/state VARPD_CONSOLE_PASSWORD=$password \
        "$copy/bin/varpd" </dev/null >"$copy.log" 2>&1 &
    pid=$!
    echo "$pid" >&"${POLL[1]}"
    if ! read -r end <&"${POLL[0]}" || [[ -z $end ]]; then
        echo "$(basename "$0" .sh): no answer ($*); the runtime's log:" >&2
        tail -30 "$copy.log" >&2
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        exit 1
    fi
    wait "$poll_pid" 2>/dev/null || true
}
