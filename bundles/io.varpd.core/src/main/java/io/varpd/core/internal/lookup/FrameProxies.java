// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.lookup;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.api.device.DeviceLookup;
import io.varpd.frame.ArpRequest;
import io.varpd.frame.DhcpRedirect;
import io.varpd.frame.GratuitousArp;
import io.varpd.frame.NeighborAdvertisement;
import io.varpd.frame.NeighborSolicitation;
import io.varpd.frame.ProxyArp;
import io.varpd.frame.ProxyNdp;
import io.varpd.frame.Validation;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxy ARP, proxy NDP and DHCP redirect (docs/architecture.md#proxy-arp-ndp-and-dhcp): copy the frame of the miss,
 * validate it with the frame codecs, ask the plugin, then inject the reply (or resend the redirected frame) and drop
 * the original. A frame that fails a check is dropped and counted, with the check's reason at debug level; a device
 * that cannot give frames (Linux misses carry none) drops too.
 */
public final class FrameProxies implements Proxies {
    private static final Logger LOG = LoggerFactory.getLogger(FrameProxies.class);

    @Override
    public void arp(LookupHandle lookup) {
        Frame f = copy(lookup, "proxy ARP");
        if (f == null) {
            return;
        }
        Validation<ArpRequest> v = ProxyArp.validate(lookup.request(), f.bytes, f.length);
        if (!v.isValid()) {
            reject(lookup, "proxy ARP", v.reason());
            return;
        }
        ArpRequest req = v.value();
        lookup.host()
                .resolveAddress(
                        new ResolveHandle(
                                lookup.host().linkName() + ": ARP for " + req.targetIp(),
                                mac -> inject(
                                        lookup,
                                        ProxyArp.buildReply(f.bytes, f.length, mac),
                                        lookup.host().counters().proxiedArp),
                                lookup::drop,
                                lookup::fail),
                        req.targetIp());
    }

    @Override
    public void ndp(LookupHandle lookup) {
        Frame f = copy(lookup, "proxy NDP");
        if (f == null) {
            return;
        }
        Validation<NeighborSolicitation> v = ProxyNdp.validate(lookup.request(), f.bytes, f.length);
        if (!v.isValid()) {
            reject(lookup, "proxy NDP", v.reason());
            return;
        }
        NeighborSolicitation ns = v.value();
        lookup.host()
                .resolveAddress(
                        new ResolveHandle(
                                lookup.host().linkName() + ": NDP for " + ns.target(),
                                mac -> inject(
                                        lookup,
                                        ProxyNdp.buildAdvertisement(f.bytes, f.length, mac),
                                        lookup.host().counters().proxiedNdp),
                                lookup::drop,
                                lookup::fail),
                        ns.target());
    }

    @Override
    public void dhcp(LookupHandle lookup) {
        Frame f = copy(lookup, "DHCP redirect");
        if (f == null) {
            return;
        }
        LookupRequest request = lookup.request();
        Validation<?> v = DhcpRedirect.validate(request, f.bytes, f.length);
        if (!v.isValid()) {
            reject(lookup, "DHCP redirect", v.reason());
            return;
        }
        lookup.host()
                .resolveDhcpServer(
                        new ResolveHandle(
                                lookup.host().linkName() + ": DHCP from " + request.source(),
                                mac -> resend(lookup, DhcpRedirect.redirect(f.bytes, f.length, mac)),
                                lookup::drop,
                                lookup::fail),
                        request);
    }

    @Override
    public byte[] gratuitousArp(int vlan, MacAddress source, Inet4Address ip, MacAddress destination) {
        return GratuitousArp.build(vlan, source, ip, destination);
    }

    @Override
    public byte[] unsolicitedAdvertisement(int vlan, MacAddress source, Inet6Address ip) {
        return NeighborAdvertisement.unsolicited(
                vlan, source, ip, NeighborAdvertisement.ALL_NODES_MAC, NeighborAdvertisement.ALL_NODES);
    }

    private record Frame(byte[] bytes, int length) {}

    private static Frame copy(LookupHandle lookup, String proxy) {
        try {
            byte[] b = lookup.miss().frame();
            if (b.length > DeviceLookup.MAX_FRAME) {
                b = Arrays.copyOf(b, DeviceLookup.MAX_FRAME);
            }
            return new Frame(b, b.length);
        } catch (VarpdException | RuntimeException e) {
            reject(lookup, proxy, "no frame to read: " + e);
            return null;
        }
    }

    private static void reject(LookupHandle lookup, String proxy, String reason) {
        LOG.debug("{}: {} dropped: {}", lookup.host().linkName(), proxy, reason);
        lookup.host().counters().errors.increment();
        lookup.drop();
    }

    private static void inject(LookupHandle lookup, byte[] reply, LongAdder counter) {
        try {
            lookup.miss().inject(reply);
        } catch (VarpdException | RuntimeException e) {
            LOG.info("{}: injecting a proxy reply failed: {}", lookup.host().linkName(), e.toString());
            lookup.host().counters().errors.increment();
        }
        lookup.proxied(counter);
    }

    private static void resend(LookupHandle lookup, byte[] frame) {
        try {
            lookup.miss().resend(frame);
        } catch (VarpdException | RuntimeException e) {
            LOG.info(
                    "{}: resending a redirected DHCP frame failed: {}",
                    lookup.host().linkName(),
                    e.toString());
            lookup.host().counters().errors.increment();
        }
        lookup.proxied(lookup.host().counters().proxiedDhcp);
    }
}
