// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.lookup;

import io.varpd.api.MacAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;

/**
 * Core's proxy machinery as the query handles and instances see it: proxy ARP, proxy NDP, DHCP redirect (each takes
 * over the lookup and answers it), and the announcement frames of {@code injectGratuitousArp} and
 * {@code injectUnsolicitedAdvertisement}.
 */
public interface Proxies {
    void arp(LookupHandle lookup);

    void ndp(LookupHandle lookup);

    void dhcp(LookupHandle lookup);

    /** The gratuitous ARP request frame of docs/architecture.md#proxy-arp-ndp-and-dhcp. */
    byte[] gratuitousArp(int vlan, MacAddress source, Inet4Address ip, MacAddress destination);

    /** An unsolicited Neighbor Advertisement of {@code ip} at {@code source}, to all nodes. */
    byte[] unsolicitedAdvertisement(int vlan, MacAddress source, Inet6Address ip);
}
