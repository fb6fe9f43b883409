// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import java.util.Objects;

/**
 * An Ethernet II MAC header, optionally with one 802.1Q tag (TPID {@value #TPID_VLAN}): 14 bytes untagged, 18 tagged.
 * Only that TPID is recognised, as by the overlay devices.
 *
 * @param destination the destination MAC
 * @param source the source MAC
 * @param tagged whether an 802.1Q tag is present
 * @param tci the whole tag control information (priority, CFI/DEI and VLAN id) as carried, 0 when untagged
 * @param ethertype the ethertype after any tag
 */
public record EthernetHeader(MacAddress destination, MacAddress source, boolean tagged, int tci, int ethertype) {
    /** The 802.1Q tag protocol identifier. */
    public static final int TPID_VLAN = 0x8100;
    /** Length of an untagged header. */
    public static final int UNTAGGED_LENGTH = 14;
    /** Length of a header with one 802.1Q tag. */
    public static final int TAGGED_LENGTH = 18;
    /** The largest VLAN id a frame may carry (4095 is reserved). */
    public static final int MAX_VLAN = 4094;

    public EthernetHeader {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(source, "source");
        if (tci < 0 || tci > 0xffff || (!tagged && tci != 0)) {
            throw new IllegalArgumentException("tci " + tci + " is invalid; allowed: 0-65535, and 0 when untagged");
        }
        if (ethertype < 0 || ethertype > 0xffff) {
            throw new IllegalArgumentException("ethertype " + ethertype + " is out of range; allowed: 0-65535");
        }
    }

    /**
     * A header for {@code vlan}: untagged for 0, else tagged with priority 0, CFI 0 and that id.
     *
     * @throws IllegalArgumentException when {@code vlan} is not 0-{@value #MAX_VLAN}
     */
    public static EthernetHeader of(MacAddress destination, MacAddress source, int vlan, int ethertype) {
        if (vlan < 0 || vlan > MAX_VLAN) {
            throw new IllegalArgumentException(
                    "vlan " + vlan + " is out of range; allowed: 0 (untagged) or 1-" + MAX_VLAN);
        }
        return new EthernetHeader(destination, source, vlan != 0, vlan, ethertype);
    }

    /**
     * Parses the header at the start of the first {@code length} bytes of {@code frame}. Rejects (never throws) a frame
     * too short for its header or a {@code length} outside the array.
     */
    public static Validation<EthernetHeader> parse(byte[] frame, int length) {
        if (length < 0 || length > frame.length) {
            return Validation.rejected(
                    "frame length " + length + " is outside the buffer of " + frame.length + " bytes");
        }
        if (length < UNTAGGED_LENGTH) {
            return Validation.rejected("frame of " + length + " bytes is shorter than a MAC header (14)");
        }
        MacAddress dst = MacAddress.of(frame, 0);
        MacAddress src = MacAddress.of(frame, 6);
        int type = Bytes.u16(frame, 12);
        if (type != TPID_VLAN) {
            return Validation.valid(new EthernetHeader(dst, src, false, 0, type));
        }
        if (length < TAGGED_LENGTH) {
            return Validation.rejected("frame of " + length + " bytes is shorter than a tagged MAC header (18)");
        }
        return Validation.valid(new EthernetHeader(dst, src, true, Bytes.u16(frame, 14), Bytes.u16(frame, 16)));
    }

    /**
     * The lookup a frame with this header causes on a target-cache miss: vnetid, MACs, the ethertype after the tag, the
     * VLAN id, and the header and payload sizes.
     */
    public LookupRequest missRequest(long vnetid, int frameLength) {
        return new LookupRequest(vnetid, source, destination, ethertype, vlan(), length(), frameLength - length());
    }

    /** The VLAN id (the low 12 bits of the TCI), 0 when untagged. */
    public int vlan() {
        return tci & 0xfff;
    }

    /** The header length: {@value #UNTAGGED_LENGTH} or {@value #TAGGED_LENGTH}. */
    public int length() {
        return tagged ? TAGGED_LENGTH : UNTAGGED_LENGTH;
    }

    /**
     * Writes the header at {@code offset} of {@code buf}.
     *
     * @return the offset just after the header
     */
    public int writeTo(byte[] buf, int offset) {
        destination.writeTo(buf, offset);
        source.writeTo(buf, offset + 6);
        int at = offset + 12;
        if (tagged) {
            Bytes.put16(buf, at, TPID_VLAN);
            Bytes.put16(buf, at + 2, tci);
            at += 4;
        }
        Bytes.put16(buf, at, ethertype);
        return at + 2;
    }
}
