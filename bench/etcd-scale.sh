#!/bin/bash
# SPDX-License-Identifier: CDDL-1.0
# Copyright the varpd for OSGi contributors
#
# The etcd plugin's scale benchmarks (bench/README.md, "Current results"), against one etcd member
# (Debian's etcd-server) on loopback whose data folder is kept between runs: writing the million
# keys takes about a minute the first time (EtcdFleet, in transactions of 1,000 puts), and is
# skipped when the network already holds them.
#
#   bench/etcd-scale.sh sync     # first read of 1,000,000 MACs: time and heap per MAC (3 rounds)
#   bench/etcd-scale.sh fanout   # one put reaching 200 plugin instances: p50/p99 (100 changes)
#   bench/etcd-scale.sh lookup   # JMH: LookupBenchmark with the files and etcd plugins in one run
#
# Build first, from the repository root: mvn -B -o -q package -pl bench -am -DskipTests
# DATA (default /var/tmp/varpd-bench-etcd) is the kept folder; PORT (default 23790) the client port.
set -euo pipefail
cd "$(dirname "$0")"
DATA=${DATA:-/var/tmp/varpd-bench-etcd}
PORT=${PORT:-23790}
PEER=$((PORT + 10))
ENDPOINT=http://127.0.0.1:$PORT
JAR=target/benchmarks.jar
[[ -f $JAR ]] || { echo "no $JAR: build it first (see the top of this script)" >&2; exit 1; }

mkdir -p "$DATA"
started=""
if ! ETCDCTL_API=3 etcdctl --endpoints=$ENDPOINT endpoint health >/dev/null 2>&1; then
    # --max-txn-ops: EtcdFleet's transactions of 1,000 puts; a quota above the default 2 GiB.
    etcd --name bench --data-dir "$DATA/data" \
        --listen-client-urls $ENDPOINT --advertise-client-urls $ENDPOINT \
        --listen-peer-urls http://127.0.0.1:$PEER --initial-advertise-peer-urls http://127.0.0.1:$PEER \
        --initial-cluster bench=http://127.0.0.1:$PEER --max-txn-ops 1000 \
        --quota-backend-bytes 4294967296 >>"$DATA/etcd.log" 2>&1 &
    started=$!
    trap 'kill $started; wait $started 2>/dev/null || true' EXIT
    for _ in $(seq 100); do
        ETCDCTL_API=3 etcdctl --endpoints=$ENDPOINT endpoint health >/dev/null 2>&1 && break
        sleep 0.2
    done
fi
pid=$(pgrep -f "etcd --name bench --data-dir $DATA/data" | head -1 || true)
echo "$(date -u +%FT%TZ) $(nproc) CPUs, $(uptime | sed 's/.*load/load/'), etcd pid ${pid:-?}"

case "${1:-sync}" in
sync)
    java -XX:+UseSerialGC -Xmx3g -cp $JAR io.varpd.plugin.etcd.internal.EtcdSyncBenchmark \
        $ENDPOINT "${ENTRIES:-1000000}" "${ROUNDS:-3}" ${pid:+$pid} ;;
fanout)
    java -Xmx2g -cp $JAR io.varpd.plugin.etcd.internal.EtcdFanoutBenchmark \
        $ENDPOINT "${HOSTS:-200}" "${CHANGES:-100}" "${GAP:-100}" ;;
lookup)
    java -jar $JAR 'LookupBenchmark.(lookupOnly|endToEnd)$' -p plugin=files,etcd \
        -f "${FORKS:-3}" -wi 3 -i 5 -w 2s -r 3s -t 1 -jvmArgsAppend -Dvarpd.bench.etcd=$ENDPOINT ;;
*)
    echo "usage: $0 sync|fanout|lookup" >&2; exit 2 ;;
esac
echo "$(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/')"
