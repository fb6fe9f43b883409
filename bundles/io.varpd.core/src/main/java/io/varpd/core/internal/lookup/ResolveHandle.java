// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.lookup;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.plugin.ResolveQuery;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The handle of an ARP/NDP or DHCP question (illumos varpd's {@code varpd_arp_handle_t} and
 * {@code varpd_dhcp_handle_t}): the first answer runs the proxy's continuation, which finally answers the lookup the
 * question came from.
 */
public final class ResolveHandle extends OnceAnswer implements ResolveQuery {
    private final String what;
    private final Consumer<MacAddress> resolved;
    private final Runnable unresolved;
    private final BiConsumer<Errno, String> failed;

    /** A question whose failure ({@link #fail}) is taken as an unresolved answer. */
    public ResolveHandle(String what, Consumer<MacAddress> resolved, Runnable unresolved) {
        this(what, resolved, unresolved, (errno, reason) -> unresolved.run());
    }

    /**
     * A question whose failure goes to {@code failed}: a proxy fails the lookup it came from (an error, not a drop), a
     * diagnostic reports it.
     */
    public ResolveHandle(
            String what, Consumer<MacAddress> resolved, Runnable unresolved, BiConsumer<Errno, String> failed) {
        this.what = what;
        this.resolved = resolved;
        this.unresolved = unresolved;
        this.failed = failed;
    }

    @Override
    public boolean reply(MacAddress mac) {
        if (mac == null) {
            return drop();
        }
        if (!claim(() -> "OK " + mac)) {
            return false;
        }
        resolved.accept(mac);
        return true;
    }

    @Override
    public boolean drop() {
        if (!claim(() -> "DROP")) {
            return false;
        }
        unresolved.run();
        return true;
    }

    @Override
    public boolean fail(Errno errno, String reason) {
        if (!claim(() -> "FAIL " + errno + ": " + reason)) {
            return false;
        }
        failed.accept(errno, reason);
        return true;
    }

    @Override
    protected String describe() {
        return what;
    }
}
