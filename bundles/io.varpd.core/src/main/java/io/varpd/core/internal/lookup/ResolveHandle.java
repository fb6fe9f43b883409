package io.varpd.core.internal.lookup;

import io.varpd.api.MacAddress;
import io.varpd.api.plugin.ResolveQuery;
import java.util.function.Consumer;

/**
 * The handle of an ARP/NDP or DHCP question (the seed's {@code varpd_arp_handle_t} and
 * {@code varpd_dhcp_handle_t}): the first answer runs the proxy's continuation, which finally
 * answers the lookup the question came from.
 */
public final class ResolveHandle extends OnceAnswer implements ResolveQuery {
    private final String what;
    private final Consumer<MacAddress> resolved;
    private final Runnable unresolved;

    public ResolveHandle(String what, Consumer<MacAddress> resolved, Runnable unresolved) {
        this.what = what;
        this.resolved = resolved;
        this.unresolved = unresolved;
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
    protected String describe() {
        return what;
    }
}
