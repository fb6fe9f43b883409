// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import io.varpd.api.IpAddresses;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.RecordingLookupQuery;
import io.varpd.api.plugin.ResolveQuery;
import java.util.concurrent.atomic.AtomicReference;

/** Asks an instance what core would ask, and returns the answer as text for assertions. */
final class Questions {
    static final String NET = "/varpd/v1/vnet/4242/";
    private static final MacAddress GUEST = mac("02:aa:00:00:00:99");

    private Questions() {}

    static MacAddress mac(String text) {
        try {
            return MacAddress.parse(text);
        } catch (io.varpd.api.VarpdException e) {
            throw new AssertionError(e);
        }
    }

    /** "reply IP:PORT", "DROP", or a proxy. */
    static String lookup(EtcdPlugin plugin, EtcdInstance state, String destination) {
        RecordingLookupQuery q = new RecordingLookupQuery(
                new LookupRequest(4242, GUEST, mac(destination), LookupRequest.ETHERTYPE_IPV4, 0, 14, 100));
        plugin.lookup(state, q);
        return describe(q);
    }

    static String describe(RecordingLookupQuery q) {
        if (q.answers() != 1) {
            throw new AssertionError("answered " + q.answers() + " times");
        }
        TargetPoint t = q.target();
        return q.answer() == RecordingLookupQuery.Answer.REPLY
                ? "reply " + t
                : q.answer().name();
    }

    /** The MAC that owns {@code address} (ARP or NDP), or "DROP". */
    static String resolve(EtcdPlugin plugin, EtcdInstance state, String address) {
        Answer a = new Answer();
        plugin.arp(state, a, IpAddresses.parse(address).orElseThrow());
        return a.text();
    }

    /** The DHCP proxy of {@code client}, or "DROP". */
    static String dhcp(EtcdPlugin plugin, EtcdInstance state, String client) {
        Answer a = new Answer();
        plugin.dhcp(
                state,
                a,
                new LookupRequest(4242, mac(client), MacAddress.BROADCAST, LookupRequest.ETHERTYPE_IPV4, 0, 14, 300));
        return a.text();
    }

    private static final class Answer implements ResolveQuery {
        private final AtomicReference<String> text = new AtomicReference<>();

        @Override
        public boolean reply(MacAddress mac) {
            return text.compareAndSet(null, mac.toString());
        }

        @Override
        public boolean drop() {
            return text.compareAndSet(null, "DROP");
        }

        @Override
        public boolean isAnswered() {
            return text.get() != null;
        }

        String text() {
            if (text.get() == null) {
                throw new AssertionError("not answered");
            }
            return text.get();
        }
    }
}
