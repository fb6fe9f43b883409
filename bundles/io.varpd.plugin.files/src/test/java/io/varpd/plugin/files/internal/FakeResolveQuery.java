package io.varpd.plugin.files.internal;

import io.varpd.api.MacAddress;
import io.varpd.api.plugin.ResolveQuery;
import java.util.concurrent.atomic.AtomicInteger;

/** An ARP/NDP/DHCP question that records its answer and counts answers. */
final class FakeResolveQuery implements ResolveQuery {
    private final AtomicInteger answers = new AtomicInteger();
    private volatile MacAddress mac;
    private volatile boolean dropped;

    @Override
    public boolean reply(MacAddress m) {
        boolean first = answers.incrementAndGet() == 1;
        if (first) {
            mac = m;
        }
        return first;
    }

    @Override
    public boolean drop() {
        boolean first = answers.incrementAndGet() == 1;
        if (first) {
            dropped = true;
        }
        return first;
    }

    @Override
    public boolean isAnswered() {
        return answers.get() > 0;
    }

    /** The MAC answered, null when dropped or unanswered. */
    MacAddress mac() {
        return mac;
    }

    boolean dropped() {
        return dropped;
    }

    int answers() {
        return answers.get();
    }
}
