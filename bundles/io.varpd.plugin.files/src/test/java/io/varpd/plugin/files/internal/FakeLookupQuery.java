package io.varpd.plugin.files.internal;

import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.plugin.LookupQuery;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lookup query that records how it was answered and counts the answers, so tests can check
 * "exactly once". Handing it to a proxy counts as its answer (core owns it from then on).
 */
final class FakeLookupQuery implements LookupQuery {
    /** How a query was answered. */
    enum Answer { NONE, REPLY, DROP, PROXY_ARP, PROXY_NDP, PROXY_DHCP }

    private final LookupRequest request;
    private final AtomicInteger answers = new AtomicInteger();
    private volatile Answer answer = Answer.NONE;
    private volatile TargetPoint target;
    /** Runs inside {@link #reply} before the answer lands on the device; null for none. */
    private final Runnable beforeReplyLands;
    /** Where a reply is recorded as landing on the device; null for nowhere. */
    private final FakeProvider device;

    FakeLookupQuery(LookupRequest request) {
        this(request, null, null);
    }

    /**
     * A query whose reply runs {@code beforeReplyLands} first and then records itself on
     * {@code device}: the order in which a slow reply and a concurrent injection reach a device.
     */
    FakeLookupQuery(LookupRequest request, Runnable beforeReplyLands, FakeProvider device) {
        this.request = request;
        this.beforeReplyLands = beforeReplyLands;
        this.device = device;
    }

    /** A request from {@code source} to {@code destination} with ethertype {@code sap}, untagged. */
    static FakeLookupQuery of(String source, String destination, int sap) {
        return new FakeLookupQuery(request(source, destination, sap));
    }

    static LookupRequest request(String source, String destination, int sap) {
        try {
            return new LookupRequest(4242, MacAddress.parse(source), MacAddress.parse(destination), sap, 0, 14, 100);
        } catch (io.varpd.api.VarpdException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public LookupRequest request() {
        return request;
    }

    @Override
    public boolean reply(TargetPoint t) {
        if (beforeReplyLands != null) {
            beforeReplyLands.run();
        }
        boolean first = answer(Answer.REPLY, t);
        if (first && device != null) {
            device.answered(request.destination(), t);
        }
        return first;
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
        }
        return first;
    }

    Answer answer() {
        return answer;
    }

    TargetPoint target() {
        return target;
    }

    /** How many times the query was answered (must be exactly 1). */
    int answers() {
        return answers.get();
    }
}
