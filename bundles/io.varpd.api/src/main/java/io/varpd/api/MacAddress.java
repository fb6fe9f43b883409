// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api;

/**
 * An immutable 48-bit Ethernet address.
 *
 * <p>{@link #parse(String)} accepts the spellings people and files use ({@code de:ad:be:ef:0:1},
 * {@code DE-AD-BE-EF-00-01}, {@code dead.beef.0001}); {@link #toString()} gives the canonical form used as a key
 * everywhere: lowercase, colon-separated, two digits per octet.
 */
public final class MacAddress implements Comparable<MacAddress> {
    public static final int LENGTH = 6;
    private static final int CANONICAL_LENGTH = 17;
    public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);
    public static final MacAddress ZERO = new MacAddress(0L);

    private final long bits;

    private MacAddress(long bits) {
        this.bits = bits & 0xffff_ffff_ffffL;
    }

    /** From the low 48 bits of {@code bits}, most significant octet first. */
    public static MacAddress of(long bits) {
        return new MacAddress(bits);
    }

    /** From six bytes at {@code offset} of {@code bytes}. */
    public static MacAddress of(byte[] bytes, int offset) {
        if (offset < 0 || bytes.length - offset < LENGTH) {
            throw new IllegalArgumentException(
                    "a MAC address needs 6 bytes at offset " + offset + ", the buffer has " + bytes.length);
        }
        long v = 0;
        for (int i = 0; i < LENGTH; i++) {
            v = (v << 8) | (bytes[offset + i] & 0xff);
        }
        return new MacAddress(v);
    }

    public static MacAddress of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + bytes.length);
        }
        return of(bytes, 0);
    }

    /**
     * Parses six octets separated by ':' or '-' (one or two hex digits each), or three groups of exactly four hex
     * digits separated by '.'.
     *
     * @throws VarpdException EINVAL naming the text and the accepted forms
     */
    public static MacAddress parse(String text) throws VarpdException {
        if (text != null && text.length() == CANONICAL_LENGTH) {
            // The spelling nearly every file and form uses, read without splitting (a mapping
            // file has a million of them).
            long bits = 0;
            boolean canonical = true;
            for (int octet = 0; octet < LENGTH && canonical; octet++) {
                int at = octet * 3;
                int hi = Character.digit(text.charAt(at), 16);
                int lo = Character.digit(text.charAt(at + 1), 16);
                canonical = hi >= 0 && lo >= 0 && (octet == LENGTH - 1 || text.charAt(at + 2) == ':');
                bits = (bits << 8) | (hi << 4) | lo;
            }
            if (canonical) {
                return new MacAddress(bits);
            }
        }
        if (text != null) {
            String t = text.trim();
            String[] parts;
            int width;
            if (t.indexOf('.') >= 0) {
                parts = t.split("\\.", -1);
                width = 4;
                if (parts.length != 3) {
                    parts = null;
                }
            } else {
                parts = t.split("[:-]", -1);
                width = 2;
                if (parts.length != 6) {
                    parts = null;
                }
            }
            if (parts != null) {
                long v = 0;
                boolean ok = true;
                for (String p : parts) {
                    // Dotted groups take exactly four digits, so "10.0.0" is not read as a MAC.
                    if (p.isEmpty() || p.length() > width || (width == 4 && p.length() != 4) || !isHex(p)) {
                        ok = false;
                        break;
                    }
                    v = (v << (4 * width)) | Long.parseLong(p, 16);
                }
                if (ok) {
                    return new MacAddress(v);
                }
            }
        }
        throw new VarpdException(
                Errno.EINVAL,
                "'" + text + "' is not a MAC address; allowed: six hex"
                        + " octets separated by ':' or '-' (de:ad:be:ef:0:1) or three dotted groups (dead.beef.0001)");
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The address as six bytes, most significant first (a fresh array). */
    public byte[] toBytes() {
        byte[] b = new byte[LENGTH];
        writeTo(b, 0);
        return b;
    }

    /** Writes the six bytes into {@code buf} at {@code offset}. */
    public void writeTo(byte[] buf, int offset) {
        for (int i = LENGTH - 1; i >= 0; i--) {
            buf[offset + (LENGTH - 1 - i)] = (byte) (bits >>> (8 * i));
        }
    }

    /** The 48 bits as a long. */
    public long toLong() {
        return bits;
    }

    public boolean isBroadcast() {
        return bits == 0xffff_ffff_ffffL;
    }

    /** True when the group bit (the low bit of the first octet) is set; broadcast included. */
    public boolean isMulticast() {
        return (bits & 0x0100_0000_0000L) != 0;
    }

    /** The destination type the kernel reports in a lookup: unicast, multicast or broadcast. */
    public MacAddressType type() {
        return isBroadcast()
                ? MacAddressType.BROADCAST
                : isMulticast() ? MacAddressType.MULTICAST : MacAddressType.UNICAST;
    }

    @Override
    public int compareTo(MacAddress o) {
        return Long.compare(bits, o.bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress && ((MacAddress) o).bits == bits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bits * 0x9E3779B97F4A7C15L);
    }

    @Override
    public String toString() {
        byte[] b = toBytes();
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return sb.toString();
    }
}
