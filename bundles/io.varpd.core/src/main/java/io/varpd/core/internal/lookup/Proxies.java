package io.varpd.core.internal.lookup;

import io.varpd.api.MacAddress;
import java.net.Inet4Address;

/**
 * Core's proxy machinery as the query handles and instances see it: proxy ARP, proxy NDP, DHCP
 * redirect (each takes over the lookup and answers it), and the gratuitous ARP frame of
 * {@code injectGratuitousArp}.
 */
public interface Proxies {
    void arp(LookupHandle lookup);

    void ndp(LookupHandle lookup);

    void dhcp(LookupHandle lookup);

    /** The gratuitous ARP request frame of spec 2.9. */
    byte[] gratuitousArp(int vlan, MacAddress source, Inet4Address ip, MacAddress destination);
}
