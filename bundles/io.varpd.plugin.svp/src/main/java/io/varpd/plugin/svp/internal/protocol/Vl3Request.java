// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * VL3_REQ (24 bytes): which overlay MAC (and underlay destination) owns overlay IP {@code ip} in virtual network
 * {@code vnetid}? Layout: ip 0:16 (IPv4 as IPv4-mapped), type 16:4 ({@link #TYPE_IP} or {@link #TYPE_IPV6}; portolan
 * ignores it), vnetid 20:4.
 */
public record Vl3Request(InetAddress ip, long type, long vnetid) implements ClientRequest {
    public static final int SIZE = 24;
    /** {@code SVP_VL3_IP}: an IPv4 address (sent IPv4-mapped). */
    public static final long TYPE_IP = 1;
    /** {@code SVP_VL3_IPV6}. */
    public static final long TYPE_IPV6 = 2;

    public Vl3Request {
        Objects.requireNonNull(ip, "ip");
        Wire.checkU32("type", type);
        Wire.checkU32("vnetid", vnetid);
    }

    /** A request whose type follows the address family, as the illumos client sends it. */
    public static Vl3Request of(InetAddress ip, long vnetid) {
        return new Vl3Request(ip, ip instanceof Inet4Address ? TYPE_IP : TYPE_IPV6, vnetid);
    }

    @Override
    public SvpOp op() {
        return SvpOp.VL3_REQ;
    }

    @Override
    public int bodySize() {
        return SIZE;
    }

    @Override
    public void writeBody(ByteBuffer out) {
        Wire.putIp(out, ip);
        out.putInt((int) type);
        out.putInt((int) vnetid);
    }

    static Vl3Request decode(ByteBuffer in) {
        InetAddress ip = Wire.getIp(in);
        long type = Wire.u32(in);
        return new Vl3Request(ip, type, Wire.u32(in));
    }
}
