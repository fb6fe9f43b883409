#!/usr/bin/env bash
# linux-overlay.sh - the Linux device's benchmarks for this build and a baseline build, side by
# side in one run (issue 17): misses one at a time and in bursts (MissLatencyBenchmark, with the
# minimal loop and the kernel's halves), the first ping of a bridged guest warm (FirstPingBenchmark,
# with the reference Python responder when it is there) and after a cold start.
#
# Usage, as root (network namespaces), after `mvn -B -o -q install -DskipTests` of the module and
# `mvn -B -o -q test-compile -pl bundles/io.varpd.overlay.linux`:
#   bench/linux-overlay.sh [baseline-commit]        (default: 173cc4e, before the batching)
# Environment: ROUNDS (alternations, default 3), N (misses per burst, default 2000),
# COLD (cold starts per build, default 5), RESPONDER (path of the reference Python responder,
# mini-varpd.py, which is not part of this repository; unset: its figure is skipped).
# The baseline's sources come from `git archive` (nothing in the working tree changes) and are
# compiled with javac into a temporary folder, deleted at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
module=$here/bundles/io.varpd.overlay.linux
base=${1:-173cc4e}
rounds=${ROUNDS:-3}
n=${N:-2000}
cold=${COLD:-5}
responder=${RESPONDER:-}

cd "$module"
cp_file=$(mktemp)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$cp_file"' EXIT
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
deps=$(cat "$cp_file")

git -C "$here" archive "$base" bundles/io.varpd.overlay.linux/src | tar -x -C "$tmp"
src=$tmp/bundles/io.varpd.overlay.linux/src
mkdir -p "$tmp/classes"
javac -nowarn -proc:none -d "$tmp/classes" -cp "$deps" $(find "$src/main/java" -name '*.java') 2>/dev/null

# The baseline runs this build's benchmarks (same sender, same clock) on its own device classes; a
# class only this build has comes from the later entries, and the benchmarks skip what needs one
# (the minimal loop). Its answers install before they return, which is where its clock stops.
current="target/classes:target/test-classes:$deps"
baseline="$tmp/classes:target/test-classes:target/classes:$deps"
quiet() { grep -v -e ' INFO ' -e ' DEBUG ' -e '^\[main\] INFO' || true; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r)"
echo "java: $(java -version 2>&1 | head -1); baseline $(git -C "$here" rev-parse --short "$base"), current $(git -C "$here" rev-parse --short HEAD) + working tree"
for r in $(seq 1 "$rounds"); do
    echo "== alternation $r, load $(cut -d' ' -f1-3 /proc/loadavg)"
    for build in baseline current; do
        echo "-- $build: misses"
        java -cp "${!build}" io.varpd.overlay.linux.internal.device.MissLatencyBenchmark "$n" 1 2>&1 | quiet
    done
done
echo "== first ping, warm, load $(cut -d' ' -f1-3 /proc/loadavg)"
for build in baseline current; do
    echo "-- $build"
    java -cp "${!build}" io.varpd.overlay.linux.internal.device.FirstPingBenchmark 5 2 "$responder" 2>&1 | quiet
done
echo "== first ping after a cold start ($cold JVMs each), load $(cut -d' ' -f1-3 /proc/loadavg)"
for build in baseline current; do
    for i in $(seq 1 "$cold"); do
        echo -n "$build: "
        java -cp "${!build}" io.varpd.overlay.linux.internal.device.FirstPingBenchmark cold 2>&1 | quiet | grep 'cold start'
    done
done
