#!/usr/bin/env bash
# many-overlays.sh - how long a runtime restart takes until N overlays are all ACTIVE, and what
# an idle overlay costs in heap (issue 17: 1,000 overlays within 3 s, under 20 KB each).
#
# Usage: bench/many-overlays.sh [RUNTIME ...]
#   RUNTIME  an assembled runtime folder (default: runtime/target/felix of this build); give a
#            baseline's folder too and the runs alternate between them, side by side.
# Environment: N (overlays, default 1000), REPS (restarts per runtime, default 5), SETTLE
# (seconds idle before the heap is read, default 3), VARPD_JAVA_OPTS (passed on).
#
# The overlays are what a user would write: N files configadmin/io.varpd.overlay.direct-ovI.cfg
# (the direct plugin on the memory device, like the shipped demo0), which FileInstall hands to
# Configuration Admin. Each runtime runs from two copies of its folder with their own state,
# headless, on a free loopback port: one with the N files, one without (only demo0). The first
# start of each copy is not counted (it creates the configurations, the instances' state and
# the class-data archive and the bundle cache that later starts reuse). Then REPS restarts of
# each copy, alternating between the runtimes: the clock runs from the exec of bin/varpd until
# GET /varpd/api/overlays lists N+1 overlays, all ACTIVE (polled every 50 ms,
# bench/timed-start.sh); the JVM's CPU time until then is reported beside it. SETTLE seconds
# later the heap is collected twice (jcmd GC.run) and its used size read (GC.heap_info); the cost of one overlay is the median heap
# with N overlays less the median without, divided by N. Everything is in a temporary folder,
# deleted at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/timed-start.sh
. "$here/bench/timed-start.sh"
n_overlays=${N:-1000}
reps=${REPS:-5}
settle=${SETTLE:-3}
runtimes=("$@")
if ((${#runtimes[@]} == 0)); then runtimes=("$here/runtime/target/felix"); fi
for r in "${runtimes[@]}"; do
    [[ -x $r/bin/varpd ]] || { echo "many-overlays: $r is not an assembled runtime (no bin/varpd)" >&2; exit 2; }
done
command -v jcmd >/dev/null || { echo "many-overlays: jcmd (from the JDK) is needed to read the heap" >&2; exit 2; }

work=$(mktemp -d)
pid=
cleanup() {
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# heap_kb PID: used heap in KB after two full collections (serial or G1 output of GC.heap_info)
heap_kb() {
    jcmd "$1" GC.run >/dev/null
    jcmd "$1" GC.run >/dev/null
    jcmd "$1" GC.heap_info | awk '
        /generation +total/ || /garbage-first heap +total/ {
            for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); s += v }
        }
        END { print s + 0 }'
}

# one COPY WANT: starts the runtime in COPY, waits for WANT overlays all ACTIVE, prints
# "ms cpu_ms heap_kb rss_mb" (cpu_ms: the JVM's user and system time until then, which a busy
# machine inflates less than the wall time), stops it
one() {
    local copy=$1 want=$2 port start end
    port=$(free_port)
    timed_start "$copy" "$port" many-overlays 120 "overlays:$want" admin:many-overlays
    local cpu
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$pid/stat")
    sleep "$settle"
    local heap rss
    heap=$(heap_kb "$pid")
    rss=$(awk '/^VmRSS:/ {printf "%.1f", $2/1024}' "/proc/$pid/status")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
    echo "$(((end - start) / 1000000)) $cpu $heap $rss"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(java -version 2>&1 | head -1); N=$n_overlays"
declare -A times cpus heaps rsss copies
k=0
for r in "${runtimes[@]}"; do
    k=$((k + 1))
    for variant in many none; do
        c=$work/runtime-$k-$variant
        cp -a "$r" "$c"
        rm -rf "$c/state"
        if [[ $variant == many ]]; then
            for ((i = 0; i < n_overlays; i++)); do
                printf 'link=ov%d\nvnetid=%d\ndevice=memory\nvxlan/listen_ip=127.0.0.1\nvxlan/listen_port=4789\ndirect/dest_ip=192.0.2.10\ndirect/dest_port=4789\n' \
                    "$i" "$((100000 + i))" >"$c/configadmin/io.varpd.overlay.direct-ov$i.cfg"
            done
        fi
        copies[$r/$variant]=$c
        want=1
        if [[ $variant == many ]]; then want=$((n_overlays + 1)); fi
        read -r ms cpu h rss < <(one "$c" "$want")
        echo "$r ($variant): first start (new state, not counted): all $want ACTIVE after $ms ms ($cpu ms CPU); heap $h KB, RSS $rss MB"
    done
done
for i in $(seq 1 "$reps"); do
    for variant in many none; do
        for r in "${runtimes[@]}"; do
            want=1
            if [[ $variant == many ]]; then want=$((n_overlays + 1)); fi
            load=$(cut -d' ' -f1 /proc/loadavg)
            read -r ms cpu h rss < <(one "${copies[$r/$variant]}" "$want")
            echo "$r ($variant): restart $i: all $want ACTIVE after $ms ms ($cpu ms CPU); heap $h KB, RSS $rss MB (load $load)"
            times[$r/$variant]+="$ms "
            cpus[$r/$variant]+="$cpu "
            heaps[$r/$variant]+="$h "
            rsss[$r/$variant]+="$rss "
        done
    done
done
med() { tr ' ' '\n' <<<"$1" | grep . | median; }
for r in "${runtimes[@]}"; do
    hm=$(med "${heaps[$r/many]}")
    h0=$(med "${heaps[$r/none]}")
    echo "$r: median of $reps: $(med "${times[$r/many]}") ms until $((n_overlays + 1)) ACTIVE" \
        "($(med "${cpus[$r/many]}") ms CPU; with 1: $(med "${times[$r/none]}") ms, $(med "${cpus[$r/none]}") ms CPU); heap $hm KB against $h0 KB:" \
        "$(awk -v a="$hm" -v b="$h0" -v n="$n_overlays" 'BEGIN {printf "%.1f", (a - b) / n}') KB per overlay;" \
        "RSS $(med "${rsss[$r/many]}") MB against $(med "${rsss[$r/none]}") MB"
done
