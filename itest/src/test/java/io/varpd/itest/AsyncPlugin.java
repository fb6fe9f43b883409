// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.fail;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.LookupQuery;
import io.varpd.api.plugin.PluginOps;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.ProviderHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A DYNAMIC plugin the test registers itself that never answers on the caller's thread: every lookup is answered later
 * by a small pool of its own, as a plugin asking a server would. Queries for MACs the test chooses are held,
 * unanswered, until {@link #releaseHeld()}. It records every query it got and whether each of its own answers was the
 * first one (accepted) or came after core had already answered (refused). No properties.
 */
final class AsyncPlugin implements PluginOps<AsyncPlugin.State> {
    /** One instance's state: nothing but its link. */
    record State(String link) {}

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Function<MacAddress, TargetPoint> where;
    private final Predicate<MacAddress> hold;
    private final ExecutorService answerer;
    private final Queue<LookupQuery> received = new ConcurrentLinkedQueue<>();
    private final Queue<LookupQuery> held = new ConcurrentLinkedQueue<>();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /**
     * @param where the destination of a MAC, null to answer DROP
     * @param hold which MACs' queries wait for {@link #releaseHeld()}
     */
    AsyncPlugin(Function<MacAddress, TargetPoint> where, Predicate<MacAddress> hold) {
        this.where = where;
        this.hold = hold;
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.answerer = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "async-plugin-" + pool + "-answer-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void lookup(State state, LookupQuery query) {
        received.add(query);
        if (hold.test(query.request().destination())) {
            held.add(query);
        } else {
            answerer.execute(() -> answer(query));
        }
    }

    private void answer(LookupQuery query) {
        TargetPoint target = where.apply(query.request().destination());
        boolean first = target == null ? query.drop() : query.reply(target);
        (first ? accepted : refused).increment();
    }

    /** Answers the held queries now, on the pool. */
    void releaseHeld() {
        for (LookupQuery q = held.poll(); q != null; q = held.poll()) {
            LookupQuery query = q;
            answerer.execute(() -> answer(query));
        }
    }

    /** Stops the pool after every answer given to it ran. */
    void finish() throws InterruptedException {
        answerer.shutdown();
        if (!answerer.awaitTermination(FelixHarness.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            fail("the plugin's answers did not finish within " + FelixHarness.TIMEOUT.toSeconds() + " s");
        }
    }

    /** Every query core handed over, in order. */
    List<LookupQuery> received() {
        return new ArrayList<>(received);
    }

    /** How many queries are held now. */
    int heldCount() {
        return held.size();
    }

    /** Answers of this plugin that were the first for their query. */
    long accepted() {
        return accepted.sum();
    }

    /** Answers of this plugin that came after the query had been answered (by core). */
    long refused() {
        return refused.sum();
    }

    @Override
    public State create(ProviderHandle provider, Set<DestinationType> destination) {
        return new State(provider.linkName());
    }

    @Override
    public void start(State state) {}

    @Override
    public void stop(State state) {}

    @Override
    public void destroy(State state) {}

    @Override
    public List<PropertyDescription> properties(State state) {
        return List.of();
    }

    @Override
    public Optional<Object> getProperty(State state, String name) throws VarpdException {
        throw new VarpdException(Errno.EINVAL, "unknown property '" + name + "'; this plugin has none");
    }

    @Override
    public void setProperty(State state, String name, Object value) throws VarpdException {
        throw new VarpdException(Errno.EINVAL, "unknown property '" + name + "'; this plugin has none");
    }

    @Override
    public Map<String, Object> save(State state) {
        return Map.of();
    }

    @Override
    public State restore(Map<String, Object> saved, ProviderHandle provider, Set<DestinationType> destination) {
        return create(provider, destination);
    }
}
