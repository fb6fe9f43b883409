// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The etcd benchmarks' data: the mappings of {@link MappingFile} (entry {@code i}: MAC {@link MappingFile#mac},
 * destination {@link MappingFile#target}) as {@code mac/} keys of the etcd plugin's schema under
 * {@code /varpd/v1/vnet/<vnetid>/}, written once into an etcd that {@code bench/etcd-scale.sh} keeps in a reusable data
 * folder.
 *
 * <p>Writing a million keys one put at a time would take an hour; transactions of {@value #BATCH} puts (etcd started
 * with {@code --max-txn-ops} at least that), {@value #IN_FLIGHT} at a time, take about a minute.
 *
 * <p>As a program: {@code EtcdFleet <endpoint> <vnetid> <entries>} writes the keys unless the network already holds
 * exactly that many.
 */
public final class EtcdFleet {
    static final int BATCH = 1000;
    static final int IN_FLIGHT = 8;

    private EtcdFleet() {}

    /** The network's key prefix. */
    public static String prefix(long vnetid) {
        return "/varpd/v1/vnet/" + vnetid + "/";
    }

    /** The key of entry {@code i}. */
    public static String key(long vnetid, int i) {
        return prefix(vnetid) + "mac/" + MacAddress.of(MappingFile.mac(i));
    }

    /** The value of entry {@code i} as MappingFile gives it. */
    public static String value(int i) {
        return "{\"ip\": \"" + IpAddresses.format(MappingFile.target(i).ip().orElseThrow()) + "\", \"port\": "
                + MappingFile.PORT + "}";
    }

    static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    /** How many keys the network holds now. */
    public static long count(Client client, long vnetid) throws Exception {
        String prefix = prefix(vnetid);
        return client.getKVClient()
                .get(
                        bytes(prefix),
                        GetOption.builder().isPrefix(true).withCountOnly(true).build())
                .get(60, TimeUnit.SECONDS)
                .getCount();
    }

    /** Writes entries 0 to {@code entries - 1} unless the network holds exactly {@code entries} keys. */
    public static void fill(Client client, long vnetid, int entries) throws Exception {
        long have = count(client, vnetid);
        if (have == entries) {
            System.out.printf(Locale.ROOT, "etcd: %s holds %,d keys already%n", prefix(vnetid), have);
            return;
        }
        if (have != 0) {
            client.getKVClient()
                    .delete(
                            bytes(prefix(vnetid)),
                            io.etcd.jetcd.options.DeleteOption.builder()
                                    .isPrefix(true)
                                    .build())
                    .get(120, TimeUnit.SECONDS);
        }
        long begin = System.nanoTime();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        for (int first = 0; first < entries; first += BATCH) {
            Op[] puts = new Op[Math.min(BATCH, entries - first)];
            for (int k = 0; k < puts.length; k++) {
                int i = first + k;
                puts[k] = Op.put(bytes(key(vnetid, i)), bytes(value(i)), PutOption.DEFAULT);
            }
            inFlight.acquire();
            if (failed.get() != null) {
                throw new IllegalStateException("a batch failed", failed.get());
            }
            CompletableFuture<?> done = client.getKVClient().txn().Then(puts).commit();
            done.whenComplete((r, e) -> {
                if (e != null) {
                    failed.compareAndSet(null, e);
                }
                inFlight.release();
            });
        }
        inFlight.acquire(IN_FLIGHT);
        if (failed.get() != null) {
            throw new IllegalStateException("a batch failed", failed.get());
        }
        System.out.printf(
                Locale.ROOT,
                "etcd: wrote %,d keys under %s in %.1f s%n",
                entries,
                prefix(vnetid),
                (System.nanoTime() - begin) / 1e9);
    }

    public static void main(String[] args) throws Exception {
        try (Client client = Client.builder().endpoints(args[0]).build()) {
            fill(client, Long.parseLong(args[1]), Integer.parseInt(args[2]));
        }
    }
}
