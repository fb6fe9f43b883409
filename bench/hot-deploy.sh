#!/usr/bin/env bash
# hot-deploy.sh - how long a plugin jar dropped into deploy/ takes to be a registered plugin, and
# its removal to be gone (issue 17: within 0.5 s), for one or more runtimes side by side.
#
# Usage: bench/hot-deploy.sh [RUNTIME ...]   (default: runtime/target/felix of this build)
# Environment: REPS (drops per runtime, default 5), PLUGIN (the bundle file name prefix of the
# plugin moved from bundle/ to deploy/, default io.varpd.plugin.svp, whose plugin name is svp).
#
# Each runtime runs from a copy (its own state, a free loopback port, headless) from which the
# plugin's jar was taken out of bundle/. A drop is what an operator should do: copy the jar next
# to deploy/ under another name, then rename it into deploy/ (one atomic rename, never a half-
# written jar). The clock starts at the rename and stops at the first GET /varpd/api/plugins
# that lists the plugin (polled every 10 ms); removal likewise, until it is no longer listed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
reps=${REPS:-5}
prefix=${PLUGIN:-io.varpd.plugin.svp}
name=${prefix##*.}
runtimes=("$@")
if ((${#runtimes[@]} == 0)); then runtimes=("$here/runtime/target/felix"); fi

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do
        if kill -0 "$p" 2>/dev/null; then kill "$p"; wait "$p" 2>/dev/null || true; fi
    done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s%N; }
listed() { curl -s -u "admin:hot-deploy" "http://127.0.0.1:$1/varpd/api/plugins" | grep -q "\"$name\""; }

declare -A ports
n=0
for r in "${runtimes[@]}"; do
    n=$((n + 1))
    copy=$work/runtime-$n
    cp -a "$r" "$copy"
    rm -rf "$copy/state"
    mkdir -p "$work/jars-$n"
    mv "$copy"/bundle/"$prefix"-*.jar "$work/jars-$n/"
    port=$(free_port)
    ports[$r]=$port
    VARPD_HTTP_PORT=$port VARPD_STATE_DIR=$copy/state VARPD_CONSOLE_PASSWORD=hot-deploy \
        "$copy/bin/varpd" </dev/null >"$copy.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 600); do
        if curl -s -o /dev/null -u "admin:hot-deploy" "http://127.0.0.1:$port/varpd/api/plugins"; then break; fi
        sleep 0.1
    done
    sleep 2 # let the start settle
done

echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A adds removes
for i in $(seq 1 "$reps"); do
    n=0
    for r in "${runtimes[@]}"; do
        n=$((n + 1))
        copy=$work/runtime-$n
        port=${ports[$r]}
        jar=$(ls "$work/jars-$n"/*.jar)
        cp "$jar" "$copy/.incoming.jar"
        t=$(now)
        mv "$copy/.incoming.jar" "$copy/deploy/$(basename "$jar")"
        until listed "$port"; do
            if (($(now) - t > 20000000000)); then echo "hot-deploy: $name not registered within 20 s" >&2; exit 1; fi
            sleep 0.01
        done
        add=$((($(now) - t) / 1000000))
        sleep 1
        t=$(now)
        rm "$copy/deploy/$(basename "$jar")"
        while listed "$port"; do
            if (($(now) - t > 20000000000)); then echo "hot-deploy: $name still registered after 20 s" >&2; exit 1; fi
            sleep 0.01
        done
        remove=$((($(now) - t) / 1000000))
        echo "$r: drop $i: registered after $add ms, gone $remove ms after its removal"
        adds[$r]+="$add "
        removes[$r]+="$remove "
        sleep 1
    done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for r in "${runtimes[@]}"; do
    echo "$r: median of $reps: registered $(median <<<"${adds[$r]}") ms after the drop, gone $(median <<<"${removes[$r]}") ms after the removal"
done
