// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import io.varpd.api.MacAddress;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One validated entry of a mapping file: the overlay MAC (the key) and its fields, each null (or port 0) when the file
 * leaves it out. The overlay addresses stay raw bytes: they are only ever hashed, and a million of them should not
 * become a million InetAddress objects.
 *
 * @param mac the overlay MAC this entry describes
 * @param ip the underlay address of the host owning the MAC ({@code ip})
 * @param port the underlay port, 1-65535, or 0 when absent ({@code port})
 * @param arp the 4 bytes of the MAC's overlay IPv4 address, answered to ARP ({@code arp})
 * @param ndp the 16 bytes of the MAC's overlay IPv6 address, answered to neighbour solicitations ({@code ndp})
 * @param dhcpProxy where broadcast DHCP from this MAC is redirected ({@code dhcp-proxy})
 */
record MappingEntry(MacAddress mac, InetAddress ip, int port, byte[] arp, byte[] ndp, MacAddress dhcpProxy) {
    MappingEntry {
        Objects.requireNonNull(mac, "mac");
        if (arp != null && arp.length != 4 || ndp != null && ndp.length != 16) {
            throw new IllegalArgumentException("arp takes 4 bytes and ndp 16");
        }
    }
}
