// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

/**
 * The degrade flags of one remote and what their changes mean for the attached instances (spec 9.10, extended). Flags
 * are ordered by severity, the lowest bit most severe: {@link #DNS_FAIL}, {@link #REMOTE_FAIL}, {@link #NO_ANSWER},
 * {@link #LOG_FAIL}. Each flag carries the sentence it was set with; setting a flag already set changes nothing, so a
 * status does not flap while the details of repeated failures vary (two addresses failing in turn). The instances show
 * the most severe flag's sentence: setting a flag degrades when it becomes the most severe; clearing the last flag
 * restores; clearing the most severe one while others remain degrades again with the next one's sentence.
 * Loop-confined.
 */
final class RemoteHealth {
    /** The host name does not resolve. */
    static final int DNS_FAIL = 0x1;
    /** No connection to any of the host's addresses could be made. */
    static final int REMOTE_FAIL = 0x2;
    /** The server accepts connections but does not answer queries. */
    static final int NO_ANSWER = 0x4;
    /** The server refuses this node's shootdown log (LOG_REQ answered FATAL). */
    static final int LOG_FAIL = 0x8;

    private static final int FLAGS = 4;

    /** Where the consequences go: every instance attached to the remote. */
    interface Listener {
        void degrade(String message);

        void restore();
    }

    private final Listener listener;
    private final String[] messages = new String[FLAGS];
    private int flags;

    RemoteHealth(Listener listener) {
        this.listener = listener;
    }

    /** Sets {@code flag} with {@code message}; nothing when it is already set. */
    void set(int flag, String message) {
        int index = index(flag);
        if ((flags & flag) != 0) {
            return;
        }
        messages[index] = message;
        flags |= flag;
        if (Integer.lowestOneBit(flags) == flag) {
            listener.degrade(message);
        }
    }

    void clear(int flag) {
        if ((flags & flag) == 0) {
            return;
        }
        int mostSevereBefore = Integer.lowestOneBit(flags);
        flags &= ~flag;
        messages[index(flag)] = null;
        if (flags == 0) {
            listener.restore();
        } else if (Integer.lowestOneBit(flags) != mostSevereBefore) {
            listener.degrade(messages[index(Integer.lowestOneBit(flags))]);
        }
    }

    boolean isSet(int flag) {
        return (flags & flag) != 0;
    }

    /** The sentence of the most severe flag set, or null when healthy. */
    String message() {
        return flags == 0 ? null : messages[index(Integer.lowestOneBit(flags))];
    }

    private static int index(int flag) {
        if (Integer.bitCount(flag) != 1 || flag >= 1 << FLAGS) {
            throw new IllegalArgumentException("unknown degrade flag " + flag);
        }
        return Integer.numberOfTrailingZeros(flag);
    }
}
