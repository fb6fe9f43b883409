package io.varpd.plugin.svp.internal.remote;

/**
 * The degrade flags of one remote and what their changes mean for the attached instances (spec
 * 9.10). Flags are ordered by severity, the lowest bit most severe: {@link #DNS_FAIL} over
 * {@link #REMOTE_FAIL}. Setting a flag degrades with its message when nothing was set or it is
 * more severe than what was; clearing the last flag restores; clearing the most severe one while
 * another remains degrades again with the remaining one's message. Loop-confined.
 */
final class RemoteHealth {
    /** The host name does not resolve. */
    static final int DNS_FAIL = 0x1;
    /** No connection to any of the host's addresses works. */
    static final int REMOTE_FAIL = 0x2;

    /** Where the consequences go: every instance attached to the remote. */
    interface Listener {
        void degrade(String message);

        void restore();
    }

    private final String host;
    private final Listener listener;
    private int flags;

    RemoteHealth(String host, Listener listener) {
        this.host = host;
        this.listener = listener;
    }

    void set(int flag) {
        if ((flags & flag) != 0) {
            return;
        }
        int before = flags;
        flags |= flag;
        if (before == 0 || flag < Integer.lowestOneBit(before)) {
            listener.degrade(message(flag));
        }
    }

    void clear(int flag) {
        if ((flags & flag) == 0) {
            return;
        }
        int mostSevereBefore = Integer.lowestOneBit(flags);
        flags &= ~flag;
        if (flags == 0) {
            listener.restore();
        } else if (Integer.lowestOneBit(flags) != mostSevereBefore) {
            listener.degrade(message(Integer.lowestOneBit(flags)));
        }
    }

    boolean isSet(int flag) {
        return (flags & flag) != 0;
    }

    /** The message of the most severe flag set, or null when healthy. */
    String message() {
        return flags == 0 ? null : message(Integer.lowestOneBit(flags));
    }

    private String message(int flag) {
        switch (flag) {
            case DNS_FAIL:
                return "failed to resolve or find entries for hostname " + host;
            case REMOTE_FAIL:
                return "cannot reach any remote peers";
            default:
                throw new IllegalArgumentException("unknown degrade flag " + flag);
        }
    }
}
