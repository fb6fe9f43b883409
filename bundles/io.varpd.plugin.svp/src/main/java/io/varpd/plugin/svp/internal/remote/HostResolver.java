// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves the SVP server's host name to all its addresses (the original's {@code getaddrinfo(host, NULL, NULL)}). May
 * block; the client calls it on its own small DNS executor, never on an I/O thread.
 */
@FunctionalInterface
public interface HostResolver {
    /** The JDK resolver ({@link InetAddress#getAllByName}); IP literals resolve without a lookup. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * All addresses of {@code host}.
     *
     * @throws TemporaryFailure when the resolver could not answer now (EAI_AGAIN and the like)
     * @throws UnknownHostException when the name has no addresses
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** A resolver failure that may go away by itself: retried with backoff. */
    final class TemporaryFailure extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        public TemporaryFailure(String message) {
            super(message);
        }
    }

    /**
     * Whether a failure is temporary. The JDK reports EAI_AGAIN as an UnknownHostException whose message is the
     * resolver's "Temporary failure in name resolution" (glibc) or "try again".
     */
    static boolean isTemporary(UnknownHostException e) {
        if (e instanceof TemporaryFailure) {
            return true;
        }
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        return m.contains("temporary failure") || m.contains("try again");
    }
}
