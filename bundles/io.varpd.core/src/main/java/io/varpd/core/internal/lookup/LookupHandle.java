// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.lookup;

import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.TargetPoint;
import io.varpd.api.device.DeviceLookup;
import io.varpd.api.plugin.LookupQuery;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query handle a plugin answers (illumos varpd's {@code varpd_query_handle_t}). It forwards the one accepted answer
 * to the device's miss and counts it; proxies take the handle over and answer it themselves.
 */
public final class LookupHandle extends OnceAnswer implements LookupQuery {
    private static final Logger LOG = LoggerFactory.getLogger(LookupHandle.class);

    private final LookupHost host;
    private final DeviceLookup miss;
    private final Proxies proxies;
    /** Set before the handle enters its host's open set; read by the answering thread. */
    private volatile boolean tracked;

    public LookupHandle(LookupHost host, DeviceLookup miss, Proxies proxies) {
        this.host = host;
        this.miss = miss;
        this.proxies = proxies;
        host.counters().lookups.increment();
    }

    @Override
    public LookupRequest request() {
        return miss.request();
    }

    /**
     * Marks the handle as entering its host's open set. The host calls this before adding the handle and re-checks
     * {@link #isAnswered()} after adding: an answer that saw the flag unset was claimed before that re-check, so
     * exactly one side removes the handle.
     */
    public void markTracked() {
        tracked = true;
    }

    /** Whether the handle was (or is being) added to its host's open set. */
    public boolean isTracked() {
        return tracked;
    }

    DeviceLookup miss() {
        return miss;
    }

    LookupHost host() {
        return host;
    }

    @Override
    public boolean reply(TargetPoint target) {
        if (target == null) {
            LOG.warn("{}: reply with no target treated as DROP", describe());
            return drop();
        }
        LookupCounters c = host.counters();
        return finish(
                () -> "OK " + target,
                miss instanceof SyntheticLookup s ? s.answeredCounter(c) : c.ok,
                () -> miss.respond(target));
    }

    /** DROP from core's teardown: silent when the plugin answered meanwhile (its answer stands). */
    public void dropIfOpen() {
        if (!isAnswered()) {
            drop();
        }
    }

    @Override
    public boolean drop() {
        return finish(() -> "DROP", host.counters().dropped, miss::drop);
    }

    /**
     * The plugin could not find out (its server unreachable or silent): traffic gets a DROP, counted as an error rather
     * than a drop; a diagnostic lookup ({@link SyntheticLookup}) reports the errno and reason to the operator instead
     * of "not found".
     */
    @Override
    public boolean fail(Errno errno, String reason) {
        return finish(() -> "FAIL " + errno + ": " + reason, host.counters().errors, () -> {
            if (miss instanceof SyntheticLookup synthetic) {
                synthetic.fail(errno, reason);
            } else {
                LOG.debug("{}: the plugin could not answer ({}: {}); dropped", describe(), errno, reason);
                miss.drop();
            }
        });
    }

    /**
     * Ends a proxied lookup: the reply was injected (or the frame resent), and the original frame is dropped, as
     * illumos varpd's proxies do; counted as proxied, not as dropped.
     */
    boolean proxied(LongAdder counter) {
        return finish(() -> "DROP (proxied)", counter, miss::drop);
    }

    /** The one way a lookup ends: claim it, forget it, count it, tell the device. */
    private boolean finish(Supplier<String> answer, LongAdder counter, Runnable tellDevice) {
        if (!claim(answer)) {
            return false;
        }
        host.closed(this);
        counter.increment();
        try {
            tellDevice.run();
        } catch (RuntimeException e) {
            host.counters().errors.increment();
            LOG.warn("{}: device refused the answer {}: {}", describe(), answer.get(), e.toString());
        }
        return true;
    }

    @Override
    public void proxyArp() {
        proxies.arp(this);
    }

    @Override
    public void proxyNdp() {
        proxies.ndp(this);
    }

    @Override
    public void proxyDhcp() {
        proxies.dhcp(this);
    }

    @Override
    protected String describe() {
        LookupRequest r = miss.request();
        return host.linkName() + ": lookup " + r.source() + " -> " + r.destination()
                + String.format(" sap 0x%04x", r.sap());
    }
}
