// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.plugin;

import io.varpd.api.LookupRequest;
import io.varpd.api.TargetPoint;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link LookupQuery} for plugin tests (shipped in this module's test jar): records how it was answered, counts every
 * answer so tests can check "exactly once", and lets a test await the first one. Handing it to a proxy counts as its
 * answer (core owns it from then on).
 */
public class RecordingLookupQuery implements LookupQuery {
    /** How a query was answered. */
    public enum Answer {
        NONE,
        REPLY,
        DROP,
        PROXY_ARP,
        PROXY_NDP,
        PROXY_DHCP
    }

    private final LookupRequest request;
    private final AtomicInteger answers = new AtomicInteger();
    private final CountDownLatch answered = new CountDownLatch(1);
    private volatile Answer answer = Answer.NONE;
    private volatile TargetPoint target;

    public RecordingLookupQuery(LookupRequest request) {
        this.request = request;
    }

    @Override
    public LookupRequest request() {
        return request;
    }

    @Override
    public boolean reply(TargetPoint t) {
        return answer(Answer.REPLY, t);
    }

    @Override
    public boolean drop() {
        return answer(Answer.DROP, null);
    }

    @Override
    public boolean isAnswered() {
        return answers.get() > 0;
    }

    @Override
    public void proxyArp() {
        answer(Answer.PROXY_ARP, null);
    }

    @Override
    public void proxyNdp() {
        answer(Answer.PROXY_NDP, null);
    }

    @Override
    public void proxyDhcp() {
        answer(Answer.PROXY_DHCP, null);
    }

    private boolean answer(Answer a, TargetPoint t) {
        boolean first = answers.incrementAndGet() == 1;
        if (first) {
            target = t;
            answer = a;
            answered.countDown();
        }
        return first;
    }

    /** Waits for the first answer (10 s at most, then fails the test). */
    public Answer await() {
        try {
            if (!answered.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("lookup for " + request.destination() + " was never answered");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return answer;
    }

    public Answer answer() {
        return answer;
    }

    public TargetPoint target() {
        return target;
    }

    /** How many times the query was answered (must be exactly 1). */
    public int answers() {
        return answers.get();
    }
}
