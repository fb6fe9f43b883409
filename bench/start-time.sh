#!/usr/bin/env bash
# start-time.sh - how long the runtime takes from `bin/varpd` to a web console that answers, and
# its resident memory then and once idle (issue 17: under 1.2 s and 100 MB, median of 5).
#
# Usage: bench/start-time.sh [RUNTIME ...]
#   RUNTIME  an assembled runtime folder (default: runtime/target/felix of this build); give a
#            baseline's folder too and the runs alternate between them, side by side.
# Environment: REPS (starts per runtime, default 5), SETTLE (seconds idle before the second RSS
# reading, default 5), VARPD_JAVA_OPTS (passed on).
#
# Each runtime runs from a copy of its folder (FileInstall writes back into configadmin/; cp -a
# keeps the modification times the class-data archive checks) with a state folder of its own,
# headless (stdin from /dev/null), on a free loopback port. Its first start (new state) is
# reported apart, not counted: it makes what later starts reuse (bin/varpd's class-data archive
# is written when that run stops; Felix's bundle cache is kept from then on). The REPS counted
# starts are restarts on the same state, as an operator's or a service manager's would be.
# "Answers" is the first response of /system/console that is the console's own (401 without a
# login, or 200/302), polled every 10 ms (bench/timed-start.sh); the clock starts just before
# bin/varpd is executed. Everything is in a temporary folder, deleted at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/timed-start.sh
. "$here/bench/timed-start.sh"
reps=${REPS:-5}
settle=${SETTLE:-5}
runtimes=("$@")
if ((${#runtimes[@]} == 0)); then runtimes=("$here/runtime/target/felix"); fi
for r in "${runtimes[@]}"; do
    [[ -x $r/bin/varpd ]] || { echo "start-time: $r is not an assembled runtime (no bin/varpd)" >&2; exit 2; }
done

work=$(mktemp -d)
pid=
cleanup() {
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# one COPY: starts the runtime in COPY, prints "ms rss_at_answer rss_settled", stops it
one() {
    local copy=$1
    local port
    port=$(free_port)
    local start end
    timed_start "$copy" "$port" start-time 60 console
    local rss1 rss2
    rss1=$(rss_mb "$pid")
    sleep "$settle"
    rss2=$(rss_mb "$pid")
    if ! kill "$pid" 2>/dev/null; then
        echo "start-time: the runtime in $copy ended on its own after answering; its log:" >&2
        tail -20 "$copy.log" >&2
    fi
    wait "$pid" 2>/dev/null || true
    pid=
    echo "$(((end - start) / 1000000)) $rss1 $rss2"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(java -version 2>&1 | head -1)"
declare -A times rss_a rss_s copies
n=0
for r in "${runtimes[@]}"; do
    n=$((n + 1))
    copies[$r]=$work/runtime-$n
    cp -a "$r" "${copies[$r]}"
    rm -rf "${copies[$r]}/state"
    read -r ms a s < <(one "${copies[$r]}")
    echo "$r: first start (new state, not counted): console answered after $ms ms; RSS $a MB, $s MB idle"
done
for i in $(seq 1 "$reps"); do
    for r in "${runtimes[@]}"; do
        load=$(cut -d' ' -f1 /proc/loadavg)
        read -r ms a s < <(one "${copies[$r]}")
        echo "$r: start $i: console answered after $ms ms; RSS $a MB then, $s MB after ${settle} s idle (load $load)"
        times[$r]+="$ms "
        rss_a[$r]+="$a "
        rss_s[$r]+="$s "
    done
done
for r in "${runtimes[@]}"; do
    echo "$r: median of $reps: $(tr ' ' '\n' <<<"${times[$r]}" | grep . | median) ms to the console," \
        "RSS $(tr ' ' '\n' <<<"${rss_a[$r]}" | grep . | median) MB then, $(tr ' ' '\n' <<<"${rss_s[$r]}" | grep . | median) MB idle"
done
