package io.varpd.plugin.svp.internal;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.LookupQuery;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lookup query that records how it was answered, counts answers (exactly once is the contract)
 * and lets a test await the first one. Handing it to a proxy counts as its answer.
 */
final class FakeLookupQuery implements LookupQuery {
    enum Answer { NONE, REPLY, DROP, PROXY_ARP, PROXY_NDP, PROXY_DHCP }

    private final LookupRequest request;
    private final AtomicInteger answers = new AtomicInteger();
    private final CountDownLatch answered = new CountDownLatch(1);
    private volatile Answer answer = Answer.NONE;
    private volatile TargetPoint target;
    /** System.nanoTime() of the first answer. */
    volatile long answeredAt;

    FakeLookupQuery(LookupRequest request) {
        this.request = request;
    }

    static FakeLookupQuery of(long vnetid, String destination, int sap) {
        return new FakeLookupQuery(request(vnetid, destination, sap));
    }

    static LookupRequest request(long vnetid, String destination, int sap) {
        try {
            return new LookupRequest(vnetid, MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse(destination), sap,
                    0, 14, 100);
        } catch (VarpdException e) {
            throw new AssertionError(e);
        }
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
            answeredAt = System.nanoTime();
            answered.countDown();
        }
        return first;
    }

    /** Waits for the first answer (10 s at most, then fails the test). */
    Answer await() {
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

    Answer answer() {
        return answer;
    }

    TargetPoint target() {
        return target;
    }

    int answers() {
        return answers.get();
    }
}
