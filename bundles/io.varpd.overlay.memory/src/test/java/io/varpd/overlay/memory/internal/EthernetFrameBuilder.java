// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;

/**
 * Builds Ethernet frames for tests: a MAC header, 802.1Q-tagged when a VLAN is given, and a payload whose first four
 * bytes carry an id, so a test can follow a frame through the device.
 */
final class EthernetFrameBuilder {
    private MacAddress destination = TestNet.mac(2);
    private MacAddress source = TestNet.mac(1);
    private int vlan = -1;
    private int type = LookupRequest.ETHERTYPE_IPV4;
    private int payloadSize = 46;
    private int id;

    static EthernetFrameBuilder frame() {
        return new EthernetFrameBuilder();
    }

    /** A minimal untagged IPv4 frame to {@code destination} carrying {@code id}. */
    static byte[] frameTo(MacAddress destination, int id) {
        return frame().to(destination).id(id).build();
    }

    EthernetFrameBuilder to(MacAddress mac) {
        destination = mac;
        return this;
    }

    EthernetFrameBuilder from(MacAddress mac) {
        source = mac;
        return this;
    }

    EthernetFrameBuilder vlan(int id) {
        vlan = id;
        return this;
    }

    EthernetFrameBuilder type(int ethertype) {
        type = ethertype;
        return this;
    }

    /** The payload length; shorter than 4 bytes, it carries no id. */
    EthernetFrameBuilder payload(int size) {
        payloadSize = size;
        return this;
    }

    /** The total frame length, header included. */
    EthernetFrameBuilder size(int frameSize) {
        return payload(frameSize - headerSize());
    }

    EthernetFrameBuilder id(int value) {
        id = value;
        return this;
    }

    byte[] build() {
        byte[] f = new byte[headerSize() + payloadSize];
        destination.writeTo(f, 0);
        source.writeTo(f, 6);
        int at = 12;
        if (vlan >= 0) {
            at = put16(f, at, LookupRequest.ETHERTYPE_VLAN);
            at = put16(f, at, vlan);
        }
        at = put16(f, at, type);
        if (payloadSize >= 4) {
            put16(f, put16(f, at, id >>> 16), id);
        }
        return f;
    }

    /** The id carried by a frame this builder made. */
    static int idOf(byte[] frame) {
        int at = (((frame[12] & 0xff) << 8) | (frame[13] & 0xff)) == LookupRequest.ETHERTYPE_VLAN ? 18 : 14;
        return ((frame[at] & 0xff) << 24)
                | ((frame[at + 1] & 0xff) << 16)
                | ((frame[at + 2] & 0xff) << 8)
                | (frame[at + 3] & 0xff);
    }

    private int headerSize() {
        return vlan >= 0 ? 18 : 14;
    }

    private static int put16(byte[] f, int at, int value) {
        f[at] = (byte) (value >>> 8);
        f[at + 1] = (byte) value;
        return at + 2;
    }
}
