// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.plugin.ResolveQuery;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An ARP/NDP question that records its answer, counts answers and can be awaited. */
final class FakeResolveQuery implements ResolveQuery {
    private final AtomicInteger answers = new AtomicInteger();
    private final CountDownLatch answered = new CountDownLatch(1);
    private final FakeProvider device;
    private volatile MacAddress mac;
    private volatile boolean dropped;
    private volatile Errno failure;
    private volatile String reason;

    /** @param device where a reply is recorded, so its order against injections shows; may be null */
    FakeResolveQuery(FakeProvider device) {
        this.device = device;
    }

    @Override
    public boolean reply(MacAddress m) {
        boolean first = answers.incrementAndGet() == 1;
        if (first) {
            mac = m;
            if (device != null) {
                device.record("arp-reply " + m);
            }
            answered.countDown();
        }
        return first;
    }

    @Override
    public boolean drop() {
        boolean first = answers.incrementAndGet() == 1;
        if (first) {
            dropped = true;
            answered.countDown();
        }
        return first;
    }

    @Override
    public synchronized boolean fail(Errno errno, String why) {
        if (answers.get() == 0) {
            failure = errno;
            reason = why;
        }
        return drop();
    }

    /** The errno of a fail() answer (which also counts as dropped), or null. */
    Errno failure() {
        return failure;
    }

    /** The sentence of a fail() answer, or null. */
    String reason() {
        return reason;
    }

    @Override
    public boolean isAnswered() {
        return answers.get() > 0;
    }

    /** Waits for the answer (10 s at most); returns the MAC, or null when dropped. */
    MacAddress await() {
        try {
            if (!answered.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the ARP question was never answered");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return mac;
    }

    boolean dropped() {
        return dropped;
    }

    int answers() {
        return answers.get();
    }
}
