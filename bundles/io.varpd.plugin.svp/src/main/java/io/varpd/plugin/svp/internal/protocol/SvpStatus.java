// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

/**
 * The SVP status codes ({@code svp_status_t}) carried first in every ack. portolan sends only OK and NOTFOUND on
 * lookups and FATAL on LOG acks; the client also uses FATAL locally for "no connection could carry the request".
 */
public final class SvpStatus {
    public static final int OK = 0;
    /** Fatal: the server wants the connection closed; locally, "the request could not be carried". */
    public static final int FATAL = 1;

    public static final int NOTFOUND = 2;
    public static final int BADL3TYPE = 3;
    public static final int BADBULK = 4;

    private SvpStatus() {}

    /** {@code OK}, {@code NOTFOUND}, ... or the unsigned number for a code that is none of them. */
    public static String name(int status) {
        switch (status) {
            case OK:
                return "OK";
            case FATAL:
                return "FATAL";
            case NOTFOUND:
                return "NOTFOUND";
            case BADL3TYPE:
                return "BADL3TYPE";
            case BADBULK:
                return "BADBULK";
            default:
                return "status " + Integer.toUnsignedString(status);
        }
    }
}
