// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.MacAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads which address a guest says it uses from one frame of its address resolution: the sender of an ARP request or
 * reply (its sender protocol address, when the sender hardware address is the frame's source), the source of an IPv6
 * Neighbor Solicitation, the target of a Neighbor Advertisement. The MAC is the frame's Ethernet source. Anything else,
 * and every frame that is short, damaged or claims what a guest cannot own (see {@link #usable}), says nothing: frames
 * come from guests, so no input is trusted and none throws.
 *
 * <p>What is not read: ARP probes (sender 0.0.0.0) and IPv6 duplicate address detection (source ::), which claim
 * nothing yet; NS and NA with a hop limit other than 255, which RFC 4861 says to ignore; link-local, multicast and
 * loopback addresses, which are never looked up across the overlay; NDP behind IPv6 extension headers.
 */
final class GuestFrame {
    private static final int ETHERNET = 14;
    private static final int ARP = 28;
    private static final int IPV6 = 40;
    private static final int NS = 135;
    private static final int NA = 136;

    /** A guest's MAC and an address it uses. */
    record Sighting(MacAddress mac, InetAddress address) {}

    private GuestFrame() {}

    /** What {@code frame[0, length)} says, or empty. */
    static Optional<Sighting> read(byte[] frame, int length) {
        if (frame == null || length < ETHERNET || length > frame.length) {
            return Optional.empty();
        }
        MacAddress source = MacAddress.of(frame, 6);
        if (source.isMulticast() || source.equals(MacAddress.ZERO)) {
            return Optional.empty();
        }
        int type = u16(frame, 12);
        if (type == 0x0806) {
            return arp(frame, length, source);
        }
        if (type == 0x86dd) {
            return ndp(frame, length, source);
        }
        return Optional.empty();
    }

    private static Optional<Sighting> arp(byte[] f, int length, MacAddress source) {
        int a = ETHERNET;
        if (length < a + ARP
                || u16(f, a) != 1
                || u16(f, a + 2) != 0x0800
                || (f[a + 4] & 0xff) != 6
                || (f[a + 5] & 0xff) != 4) {
            return Optional.empty();
        }
        int op = u16(f, a + 6);
        if (op != 1 && op != 2) {
            return Optional.empty();
        }
        if (!Arrays.equals(f, a + 8, a + 14, f, 6, 12)) {
            return Optional.empty(); // an ARP for someone else (a proxy): not the sender's own address
        }
        return sighting(source, Arrays.copyOfRange(f, a + 14, a + 18));
    }

    private static Optional<Sighting> ndp(byte[] f, int length, MacAddress source) {
        int ip = ETHERNET;
        if (length < ip + IPV6 + 4 || (f[ip] & 0xf0) != 0x60 || (f[ip + 6] & 0xff) != 58 || (f[ip + 7] & 0xff) != 255) {
            return Optional.empty();
        }
        int icmp = ip + IPV6;
        int type = f[icmp] & 0xff;
        if (f[icmp + 1] != 0) {
            return Optional.empty();
        }
        if (type == NS) {
            return sighting(source, Arrays.copyOfRange(f, ip + 8, ip + 24));
        }
        if (type == NA && length >= icmp + 24) {
            return sighting(source, Arrays.copyOfRange(f, icmp + 8, icmp + 24));
        }
        return Optional.empty();
    }

    private static Optional<Sighting> sighting(MacAddress mac, byte[] address) {
        try {
            InetAddress a = InetAddress.getByAddress(address);
            return usable(a) ? Optional.of(new Sighting(mac, a)) : Optional.empty();
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 4 or 16 bytes, always
        }
    }

    /**
     * An address a guest can be published with: not unspecified, loopback, multicast, link-local, IPv4-mapped
     * ({@link LinuxOverlayDevice#neverANeighbour}), nor the IPv4 broadcast.
     */
    static boolean usable(InetAddress a) {
        if (LinuxOverlayDevice.neverANeighbour(a)) {
            return false;
        }
        byte[] b = a.getAddress();
        return !(b.length == 4 && (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff) && !(b.length == 4 && b[0] == 0);
    }

    private static int u16(byte[] f, int at) {
        return ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
    }
}
