// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

import java.io.ByteArrayOutputStream;

/** Hex dumps as written in linux-vxlan-misses.md ("40 00 1e 00 | ..."), to bytes and back. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String t : text.replace("|", " ").trim().split("\\s+")) {
            if (!t.isEmpty()) {
                out.write(Integer.parseInt(t, 16));
            }
        }
        return out.toByteArray();
    }

    static String text(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}
