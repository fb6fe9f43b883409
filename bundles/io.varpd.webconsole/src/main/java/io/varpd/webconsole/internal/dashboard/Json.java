// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import java.util.Locale;

/**
 * A small JSON writer for the page's refresh and action answers. Strings are escaped so that the text is also safe
 * inside HTML ({@code <}, {@code >}, {@code &} and the JavaScript line separators as {@code \}u escapes); numbers are
 * written with at most two decimals, which is all a rate on screen needs and keeps a refresh small.
 */
final class Json {
    private final StringBuilder sb;
    private boolean needComma;

    Json(int capacity) {
        sb = new StringBuilder(capacity);
    }

    Json beginObject() {
        comma();
        sb.append('{');
        needComma = false;
        return this;
    }

    Json endObject() {
        sb.append('}');
        needComma = true;
        return this;
    }

    Json beginArray() {
        comma();
        sb.append('[');
        needComma = false;
        return this;
    }

    Json endArray() {
        sb.append(']');
        needComma = true;
        return this;
    }

    /** Writes a key; the next value call writes its value. */
    Json key(String key) {
        comma();
        string(key);
        sb.append(':');
        needComma = false;
        return this;
    }

    Json value(String text) {
        comma();
        if (text == null) {
            sb.append("null");
        } else {
            string(text);
        }
        needComma = true;
        return this;
    }

    Json value(long number) {
        comma();
        sb.append(number);
        needComma = true;
        return this;
    }

    Json value(boolean b) {
        comma();
        sb.append(b);
        needComma = true;
        return this;
    }

    /** A number rounded to two decimals, without a trailing ".0" for whole numbers. */
    Json value(double number) {
        comma();
        sb.append(number(number));
        needComma = true;
        return this;
    }

    static String number(double number) {
        if (!Double.isFinite(number)) {
            return "0";
        }
        long hundredths = Math.round(number * 100);
        String sign = hundredths < 0 ? "-" : "";
        long abs = Math.abs(hundredths);
        long whole = abs / 100;
        long frac = abs % 100;
        if (frac == 0) {
            return sign + whole;
        }
        if (frac % 10 == 0) {
            return sign + whole + "." + frac / 10;
        }
        return sign + whole + (frac < 10 ? ".0" : ".") + frac;
    }

    private void comma() {
        if (needComma) {
            sb.append(',');
        }
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
