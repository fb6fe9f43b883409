// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import io.varpd.api.MacAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Packs the miss path's install requests, one after another, into one buffer for one datagram (see
 * {@code BatchChannel}): the same bytes as {@link NeighbourRequests#fdbReplace} and
 * {@link NeighbourRequests#neighbourReplace} and {@link NeighbourRequests#neighbourComplete}, without {@code NLM_F_ACK}
 * (only failures are answered) and without a sequence number (stamped when sent). Written in place, with no array per
 * request: a burst of misses allocates nothing here once the buffer has grown to its size.
 */
public final class RequestPacker {
    private static final int NEW = Netlink.NLM_F_REQUEST | Netlink.NLM_F_REPLACE | Netlink.NLM_F_CREATE;
    private static final int CHANGE = Netlink.NLM_F_REQUEST | Netlink.NLM_F_REPLACE;
    /** The largest request packed: header, ndmsg, lladdr, an IPv6 dst, port and vni. */
    public static final int MAX_REQUEST = 16 + 12 + 12 + 20 + 8 + 8;

    private byte[] buf;
    private ByteBuffer view;
    private int size;
    private int count;

    public RequestPacker(int initialBytes) {
        this.buf = new byte[Math.max(initialBytes, MAX_REQUEST)];
        this.view = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
    }

    /** The packed requests: {@code bytes()[0, size())}. */
    public byte[] bytes() {
        return buf;
    }

    public int size() {
        return size;
    }

    /** How many requests are packed. */
    public int count() {
        return count;
    }

    public void clear() {
        size = 0;
        count = 0;
    }

    /** Packs {@code bridge fdb replace MAC dev IFINDEX dst DST [dst_port PORT] self permanent}. */
    public void fdbReplace(int ifindex, MacAddress mac, InetAddress dst, int port) {
        int start = begin(
                Rtnetlink.RTM_NEWNEIGH,
                NEW,
                Rtnetlink.AF_BRIDGE,
                ifindex,
                NeighbourRequests.STATE_PERMANENT,
                Neighbours.NTF_SELF);
        mac(mac);
        address(Neighbours.NDA_DST, dst);
        if (port != 0) {
            attributeHeader(Neighbours.NDA_PORT, 2);
            view.put(size, (byte) (port >>> 8)).put(size + 1, (byte) port);
            size += 2;
            pad();
        }
        end(start);
    }

    /** Packs {@code ip neigh replace IP lladdr MAC dev IFINDEX nud permanent}. */
    public void neighbourReplace(int ifindex, InetAddress ip, MacAddress mac) {
        int start =
                begin(Rtnetlink.RTM_NEWNEIGH, NEW, InetBytes.family(ip), ifindex, NeighbourRequests.STATE_PERMANENT, 0);
        address(Neighbours.NDA_DST, ip);
        mac(mac);
        end(start);
    }

    /**
     * Packs {@code ip neigh change IP lladdr MAC dev IFINDEX nud reachable}: completes an existing neighbour, refused
     * with ENOENT when there is none.
     */
    public void neighbourComplete(int ifindex, InetAddress ip, MacAddress mac) {
        int start = begin(Rtnetlink.RTM_NEWNEIGH, CHANGE, InetBytes.family(ip), ifindex, Neighbours.NUD_REACHABLE, 0);
        address(Neighbours.NDA_DST, ip);
        mac(mac);
        end(start);
    }

    private int begin(int type, int flags, int family, int ifindex, int state, int ntf) {
        ensure(MAX_REQUEST);
        int start = size;
        view.putInt(start, 0)
                .putShort(start + 4, (short) type)
                .putShort(start + 6, (short) flags)
                .putInt(start + 8, 0)
                .putInt(start + 12, 0);
        view.put(start + 16, (byte) family)
                .put(start + 17, (byte) 0)
                .putShort(start + 18, (short) 0)
                .putInt(start + 20, ifindex)
                .putShort(start + 24, (short) state)
                .put(start + 26, (byte) ntf)
                .put(start + 27, (byte) 0);
        size = start + 28;
        return start;
    }

    private void end(int start) {
        view.putInt(start, size - start);
        count++;
    }

    private void mac(MacAddress mac) {
        attributeHeader(Neighbours.NDA_LLADDR, MacAddress.LENGTH);
        mac.writeTo(buf, size);
        size += MacAddress.LENGTH;
        pad();
    }

    private void address(int type, InetAddress a) {
        if (a instanceof Inet4Address) {
            attributeHeader(type, 4);
            // An Inet4Address's hash code is its address: no copy of the bytes.
            view.order(ByteOrder.BIG_ENDIAN).putInt(size, a.hashCode()).order(ByteOrder.nativeOrder());
            size += 4;
        } else {
            byte[] b = a.getAddress();
            attributeHeader(type, b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }
        pad();
    }

    private void attributeHeader(int type, int payload) {
        view.putShort(size, (short) (Netlink.ATTRIBUTE_HEADER_LENGTH + payload)).putShort(size + 2, (short) type);
        size += Netlink.ATTRIBUTE_HEADER_LENGTH;
    }

    private void pad() {
        while ((size & 3) != 0) {
            buf[size++] = 0;
        }
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            view = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        }
    }
}
