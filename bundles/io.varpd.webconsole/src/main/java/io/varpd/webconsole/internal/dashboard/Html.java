// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import java.nio.charset.StandardCharsets;

/** Escaping for the page: text for element content and quoted attribute values, and path segments for URLs. */
public final class Html {
    private Html() {}

    /**
     * Escapes {@code text} for HTML element content and double- or single-quoted attribute values. Besides the markup
     * characters it escapes {@code $} and {@code \}, which the web console's output filter would otherwise interpret
     * ({@code ${key}} expansion, {@code \} escapes), and drops control characters other than tab and newline.
     * {@code null} becomes the empty string.
     */
    public static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&':
                    sb.append("&amp;");
                    break;
                case '<':
                    sb.append("&lt;");
                    break;
                case '>':
                    sb.append("&gt;");
                    break;
                case '"':
                    sb.append("&quot;");
                    break;
                case '\'':
                    sb.append("&#39;");
                    break;
                case '$':
                    sb.append("&#36;");
                    break;
                case '\\':
                    sb.append("&#92;");
                    break;
                default:
                    if (c >= 0x20 && c != 0x7f || c == '\t' || c == '\n') {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }

    /**
     * Percent-encodes {@code segment} for use as one URL path segment or query value: everything but RFC 3986
     * unreserved characters is encoded as UTF-8 octets.
     */
    public static String urlSegment(String segment) {
        StringBuilder sb = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
