#!/usr/bin/env python3
# SPDX-License-Identifier: CDDL-1.0
# Copyright the varpd for OSGi contributors
"""Writes the etcd benchmarks' fleet into a running etcd, once (bench/etcd-scale.sh calls it when
its reusable data folder does not hold it yet).

COUNT mac/ keys under <prefix>/v1/vnet/<vnetid>/, MACs 02:08:20:00:00:00 upwards, spread over
10,000 underlay hosts 10.<h/256>.<h%256>.1 port 4789 (a fleet of 10,000 hosts with 100 guests
each). Written through etcd's JSON gateway in transactions of BATCH puts (etcd must run with
--max-txn-ops >= BATCH), several in flight, so a million keys take tens of seconds, not hours.

usage: etcd-fill.py ENDPOINT PREFIX VNETID COUNT
"""
import base64
import json
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

BATCH = 1000
HOSTS = 10000


def b64(text):
    return base64.b64encode(text.encode()).decode()


def key_value(prefix, vnetid, i):
    mac = 0x020820000000 + i
    text = ":".join("%02x" % ((mac >> s) & 0xFF) for s in range(40, -1, -8))
    h = i % HOSTS
    return ("%s/v1/vnet/%d/mac/%s" % (prefix, vnetid, text),
            '{"ip": "10.%d.%d.1", "port": 4789}' % (h // 256, h % 256))


def put_batch(endpoint, prefix, vnetid, first, last):
    ops = [{"requestPut": {"key": b64(k), "value": b64(v)}}
           for k, v in (key_value(prefix, vnetid, i) for i in range(first, last))]
    body = json.dumps({"success": ops}).encode()
    req = urllib.request.Request(endpoint + "/v3/kv/txn", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        answer = json.load(r)
    if "error" in answer:
        raise SystemExit("etcd refused a batch at %d: %s" % (first, answer))


def main():
    endpoint, prefix, vnetid, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(put_batch, endpoint, prefix, vnetid, f, min(f + BATCH, count))
                   for f in range(0, count, BATCH)]
        for n, f in enumerate(futures):
            f.result()
            if n % 100 == 99:
                print("%d keys written" % ((n + 1) * BATCH), flush=True)


if __name__ == "__main__":
    main()
