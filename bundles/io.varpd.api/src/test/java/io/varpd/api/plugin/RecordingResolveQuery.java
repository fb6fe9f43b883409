// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.plugin;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link ResolveQuery} for plugin tests (shipped in this module's test jar): records the first answer (a MAC, a drop
 * or a failure), counts every answer so tests can check "exactly once", and lets a test await the first one. Given a
 * log, it also writes {@code "reply <mac>"} there when answered with a MAC, so a test that logs the device's calls in
 * the same place sees whether the plugin installed the MAC's destination before it answered.
 */
public class RecordingResolveQuery implements ResolveQuery {
    private final Consumer<String> log;
    private final AtomicInteger answers = new AtomicInteger();
    private final CountDownLatch answered = new CountDownLatch(1);
    private volatile MacAddress mac;
    private volatile boolean dropped;
    private volatile Errno failure;
    private volatile String reason;

    public RecordingResolveQuery() {
        this(line -> {});
    }

    /** @param log where a reply is written, before the answer is released to {@link #await()} */
    public RecordingResolveQuery(Consumer<String> log) {
        this.log = log;
    }

    @Override
    public boolean reply(MacAddress m) {
        return answer(m, false, null, null);
    }

    @Override
    public boolean drop() {
        return answer(null, true, null, null);
    }

    @Override
    public boolean fail(Errno errno, String why) {
        return answer(null, false, errno, why);
    }

    @Override
    public boolean isAnswered() {
        return answers.get() > 0;
    }

    private boolean answer(MacAddress m, boolean drop, Errno errno, String why) {
        boolean first = answers.incrementAndGet() == 1;
        if (first) {
            mac = m;
            dropped = drop;
            failure = errno;
            reason = why;
            if (m != null) {
                log.accept("reply " + m);
            }
            answered.countDown();
        }
        return first;
    }

    /** Waits for the first answer (10 s at most, then fails the test) and returns this query. */
    public RecordingResolveQuery await() {
        try {
            if (!answered.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the ARP/NDP/DHCP question was never answered");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return this;
    }

    /** The MAC answered, null when dropped, failed or unanswered. */
    public MacAddress mac() {
        return mac;
    }

    /** Whether the first answer was {@link #drop()}. */
    public boolean dropped() {
        return dropped;
    }

    /** The errno of a {@link #fail} answer, null otherwise. */
    public Errno failure() {
        return failure;
    }

    /** The reason given with a {@link #fail} answer, null otherwise. */
    public String reason() {
        return reason;
    }

    /** How many times the query was answered (must be exactly 1). */
    public int answers() {
        return answers.get();
    }
}
