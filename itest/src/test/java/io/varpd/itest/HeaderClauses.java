// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import java.util.ArrayList;
import java.util.List;

/**
 * The clause syntax shared by OSGi manifest headers ({@code Export-Package}) and bnd instructions
 * ({@code -runbundles}): {@code name;attr=value;dir:=value,name2;...}. Commas inside a quoted value ({@code "..."} in
 * manifests, {@code '...'} in bnd files, e.g. a version range {@code '[1.0,2)'}) belong to the value, not to the list.
 */
final class HeaderClauses {

    private HeaderClauses() {}

    /** The clauses of {@code header}, trimmed, empty ones (a trailing comma) left out. */
    static List<String> split(String header) {
        List<String> clauses = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ',') {
                add(clauses, current);
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote " + quote + " in header: " + header);
        }
        add(clauses, current);
        return clauses;
    }

    /** The name a clause is about: what comes before its first {@code ;}, trimmed. */
    static String name(String clause) {
        int semicolon = clause.indexOf(';');
        return (semicolon < 0 ? clause : clause.substring(0, semicolon)).trim();
    }

    private static void add(List<String> clauses, CharSequence clause) {
        String c = clause.toString().trim();
        if (!c.isEmpty()) {
            clauses.add(c);
        }
    }
}
