// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import com.google.gson.stream.JsonReader;

/**
 * A place in a JSON text, 1-based, for messages: {@code "line 3, column 7: "}.
 *
 * <p>Gson's {@link JsonReader} keeps its line and column private and shows them only in {@link JsonReader#toString()}
 * ({@code "JsonReader at line 3 column 7 path $.a"}), so that is where they are read from; a test pins the format. The
 * position is where the reader stands: just past the token it has peeked or read. When the format is not recognised the
 * position is unknown and prints as nothing, so a Gson upgrade can cost a message its position but never fail a load.
 *
 * @param line 1-based, 0 when unknown
 * @param column 1-based, 0 when unknown
 */
record JsonPosition(int line, int column) {
    static final JsonPosition UNKNOWN = new JsonPosition(0, 0);

    private static final String LINE = " at line ";
    private static final String COLUMN = " column ";

    /** Where {@code json} stands now. */
    static JsonPosition of(JsonReader json) {
        String s = json.toString();
        int l = s.indexOf(LINE);
        int c = l < 0 ? -1 : s.indexOf(COLUMN, l + LINE.length());
        if (c < 0) {
            return UNKNOWN;
        }
        int line = number(s, l + LINE.length());
        int column = number(s, c + COLUMN.length());
        return line > 0 && column > 0 ? new JsonPosition(line, column) : UNKNOWN;
    }

    /** {@code "line L, column C: "}, or {@code ""} when unknown. */
    @Override
    public String toString() {
        return line > 0 ? "line " + line + ", column " + column + ": " : "";
    }

    private static int number(String s, int from) {
        int v = 0;
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && v < 100_000_000) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return i == from ? 0 : v;
    }
}
