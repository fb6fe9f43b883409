// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

import java.util.HexFormat;

/** Hex helpers for byte vectors written with spaces, {@code |} separators and {@code 00*10} runs. */
final class Hex {
    private Hex() {}

    /** Bytes from hex text; spaces and '|' are ignored, {@code xx*n} repeats byte xx n times. */
    static byte[] bytes(String text) {
        StringBuilder hex = new StringBuilder();
        for (String token : text.replace('|', ' ').trim().split("\\s+")) {
            int star = token.indexOf('*');
            if (star < 0) {
                hex.append(token.replace("-", ""));
            } else {
                String b = token.substring(0, star);
                hex.append(b.repeat(Integer.parseInt(token.substring(star + 1))));
            }
        }
        return HexFormat.of().parseHex(hex.toString());
    }

    static String text(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }
}
