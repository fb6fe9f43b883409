// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.VarpdException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit for lookup plugins (shipped in this module's test jar): what every {@link PluginOps} must do
 * whatever it answers from, as docs/writing-a-plugin.md describes it. A plugin's tests extend this class and say how to
 * make the plugin and which property values are valid and which it refuses; the tests here then drive it the way core
 * does.
 *
 * <p>Theory: the suite plays core. It only calls ops in the states core calls them in (never a lookup before
 * {@code start} or after {@code stop}), answers DROP to what a destroyed state left open, and checks the plugin's side
 * of each guarantee: every query answered exactly once, also from many threads at once; {@code lookupAll} answering as
 * {@code lookup} does; {@code save} and {@code restore} giving back the same properties, whatever state was saved;
 * refusals that name the property; no device or status call before {@code start} or after {@code stop}; and two started
 * states of one instance at once, which is how core applies a property change.
 *
 * @param <S> the plugin's state type
 */
public abstract class PluginConformanceTest<S> {
    private static final int THREADS = 8;
    private static final int ROUNDS = 50;
    private static final String UNKNOWN_PROPERTY = "conformance/no_such_property";

    /** States the test created and has not destroyed yet; destroyed after each test. */
    private final List<S> live = new ArrayList<>();

    private final List<S> started = new ArrayList<>();
    private PluginOps<S> ops;

    /** The plugin under test; called once per test, so it may be a new object each time. */
    protected abstract PluginOps<S> newPlugin() throws Exception;

    /** The plugin's mode, as registered in its {@link PluginOps#MODE} service property. */
    protected abstract PluginMode mode();

    /** Property values with which a state starts (each required property set). */
    protected abstract Map<String, Object> validProperties() throws Exception;

    /**
     * Another set of valid values, different from {@link #validProperties()} where the plugin allows it: what the
     * second state gets when core applies a property change. Defaults to the same.
     */
    protected Map<String, Object> changedProperties() throws Exception {
        return validProperties();
    }

    /**
     * Property values the plugin itself must refuse in {@code setProperty} with EINVAL (values core would pass: of the
     * right type, in range), by property name.
     */
    protected abstract Map<String, Object> invalidProperties();

    /** The destination type of the device the states are made for. */
    protected Set<DestinationType> destination() {
        return EnumSet.of(DestinationType.IP, DestinationType.PORT);
    }

    /** The misses to ask a started DYNAMIC state about: include ones it knows and ones it does not. */
    protected List<LookupRequest> lookups() throws Exception {
        MacAddress source = MacAddress.parse("02:00:00:00:00:01");
        return List.of(
                new LookupRequest(
                        vnetid(),
                        source,
                        MacAddress.parse("02:00:00:00:00:02"),
                        LookupRequest.ETHERTYPE_IPV4,
                        0,
                        14,
                        100),
                new LookupRequest(
                        vnetid(),
                        source,
                        MacAddress.parse("ff:ff:ff:ff:ff:ff"),
                        LookupRequest.ETHERTYPE_IPV4,
                        0,
                        14,
                        100),
                new LookupRequest(
                        vnetid(),
                        source,
                        MacAddress.parse("ff:ff:ff:ff:ff:ff"),
                        LookupRequest.ETHERTYPE_ARP,
                        0,
                        14,
                        28));
    }

    /** The vnetid of the device. */
    protected long vnetid() {
        return 4242;
    }

    /** A new handle for one instance; override to observe the plugin's calls yourself. */
    protected RecordingProviderHandle newHandle(long instanceId) {
        return new RecordingProviderHandle(instanceId, vnetid(), "conform" + instanceId);
    }

    /** The plugin under test in the current test. */
    protected final PluginOps<S> plugin() throws Exception {
        if (ops == null) {
            ops = newPlugin();
        }
        return ops;
    }

    @AfterEach
    final void destroyWhatIsLeft() throws Exception {
        for (S state : List.copyOf(started)) {
            stop(state);
        }
        for (S state : List.copyOf(live)) {
            destroy(state);
        }
        afterPlugin();
    }

    /**
     * Called after the suite started a state, before it asks anything of it: wait here until the state answers as it
     * will go on answering, for a plugin that gets ready asynchronously after {@code start} (svp connects to its server
     * first, and fails queries until it has). Default: nothing to wait for.
     */
    protected void awaitStarted(S state) throws Exception {}

    /** Called after each test once its states are destroyed: release the plugin (stop its threads). */
    protected void afterPlugin() throws Exception {}

    // --- the guarantees -------------------------------------------------------------------------

    @Test
    void everyQueryIsAnsweredExactlyOnceFromManyThreadsAtOnce() throws Exception {
        assumeTrue(mode() == PluginMode.DYNAMIC, "a POINT plugin answers no lookups");
        S state = startedState(newHandle(1), validProperties());
        List<LookupRequest> requests = lookups();
        List<RecordingLookupQuery> queries = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Callable<Void>> askers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                boolean batched = t % 2 == 0;
                askers.add(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        List<RecordingLookupQuery> batch = new ArrayList<>();
                        for (LookupRequest r : requests) {
                            batch.add(new RecordingLookupQuery(r));
                        }
                        queries.addAll(batch);
                        if (batched) {
                            plugin().lookupAll(state, batch);
                        } else {
                            for (RecordingLookupQuery q : batch) {
                                plugin().lookup(state, q);
                            }
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(askers)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (RecordingLookupQuery q : queries) {
            q.await();
            assertEquals(1, q.answers(), "answers to the lookup for " + q.request());
        }
    }

    @Test
    void queriesOpenAtDestroyAreAnsweredOnceByCoreAndNeverTwiceByThePlugin() throws Exception {
        assumeTrue(mode() == PluginMode.DYNAMIC, "a POINT plugin answers no lookups");
        S state = startedState(newHandle(1), validProperties());
        List<RecordingLookupQuery> queries = new ArrayList<>();
        for (LookupRequest r : lookups()) {
            RecordingLookupQuery q = new RecordingLookupQuery(r);
            queries.add(q);
            plugin().lookup(state, q);
        }
        stop(state);
        destroy(state);
        for (RecordingLookupQuery q : queries) {
            assertTrue(q.answers() <= 1, "the plugin answered " + q.request() + " " + q.answers() + " times");
            // What core does with a handle still open when its state is destroyed.
            if (!q.isAnswered()) {
                assertTrue(q.drop(), "core's drop of an open query must be its first answer");
            }
            assertFalse(q.drop(), "a second answer must be refused");
        }
    }

    @Test
    void lookupAllAnswersWhatLookupAnswers() throws Exception {
        assumeTrue(mode() == PluginMode.DYNAMIC, "a POINT plugin answers no lookups");
        S state = startedState(newHandle(1), validProperties());
        List<LookupRequest> requests = lookups();
        List<RecordingLookupQuery> one = new ArrayList<>();
        List<RecordingLookupQuery> all = new ArrayList<>();
        for (LookupRequest r : requests) {
            RecordingLookupQuery q = new RecordingLookupQuery(r);
            one.add(q);
            plugin().lookup(state, q);
            all.add(new RecordingLookupQuery(r));
        }
        plugin().lookupAll(state, all);
        for (int k = 0; k < requests.size(); k++) {
            RecordingLookupQuery a = one.get(k);
            RecordingLookupQuery b = all.get(k);
            assertEquals(a.await(), b.await(), "lookupAll's answer to " + requests.get(k));
            assertEquals(a.target(), b.target(), "lookupAll's destination for " + requests.get(k));
            assertEquals(1, b.answers(), "answers to " + requests.get(k));
        }
    }

    @Test
    void saveAndRestoreGiveBackTheSameProperties() throws Exception {
        RecordingProviderHandle handle = newHandle(1);
        S state = startedState(handle, validProperties());
        Map<String, Object> saved = plugin().save(state);
        S restored = track(plugin().restore(saved, handle, destination()));
        assertEquals(values(state), values(restored), "property values after save and restore");
        assertEquals(saved, plugin().save(restored), "what the restored state saves");
    }

    /** {@code save} may come in any state (PluginOps), not only while the state runs. */
    @Test
    void saveWorksBeforeStartAndAfterStopAndRestoresTheSameProperties() throws Exception {
        RecordingProviderHandle handle = newHandle(1);
        S state = created(handle, validProperties());
        Map<String, Object> beforeStart = plugin().save(state);
        assertEquals(
                values(state),
                values(track(plugin().restore(beforeStart, handle, destination()))),
                "property values restored from a save before start");
        start(state);
        stop(state);
        Map<String, Object> afterStop = plugin().save(state);
        assertEquals(
                values(state),
                values(track(plugin().restore(afterStop, handle, destination()))),
                "property values restored from a save after stop");
    }

    @Test
    void aRefusedValueNamesItsPropertyAndTheStateKeepsItsValue() throws Exception {
        Map<String, Object> invalid = invalidProperties();
        assertFalse(invalid.isEmpty(), "give at least one value the plugin refuses");
        S state = created(newHandle(1), validProperties());
        Map<String, Optional<Object>> before = values(state);
        for (Map.Entry<String, Object> e : invalid.entrySet()) {
            VarpdException refused = assertThrows(
                    VarpdException.class,
                    () -> plugin().setProperty(state, e.getKey(), e.getValue()),
                    e.getKey() + "=" + e.getValue() + " must be refused");
            assertEquals(Errno.EINVAL, refused.errno(), refused.getMessage());
            assertTrue(
                    refused.getMessage().contains(e.getKey()),
                    "the refusal must name " + e.getKey() + ": " + refused.getMessage());
        }
        assertEquals(before, values(state), "a refused value must change nothing");
    }

    @Test
    void anUnknownPropertyIsRefusedByName() throws Exception {
        S state = created(newHandle(1), Map.of());
        for (Callable<?> op : List.<Callable<?>>of(() -> plugin().getProperty(state, UNKNOWN_PROPERTY), () -> {
            plugin().setProperty(state, UNKNOWN_PROPERTY, "x");
            return null;
        })) {
            VarpdException refused = assertThrows(VarpdException.class, op::call);
            assertEquals(Errno.EINVAL, refused.errno(), refused.getMessage());
            assertTrue(
                    refused.getMessage().contains(UNKNOWN_PROPERTY),
                    "the refusal must name the property: " + refused.getMessage());
        }
    }

    @Test
    void startRefusesWhileARequiredPropertyIsUnsetAndNamesIt() throws Exception {
        Map<String, Object> valid = validProperties();
        List<PropertyDescription> described = plugin().properties(created(newHandle(1), Map.of()));
        for (PropertyDescription p : described) {
            // A required property with a default (svp/port) has its default until set: never unset.
            if (!p.required() || p.defaultValue().isPresent()) {
                continue;
            }
            Map<String, Object> without = new LinkedHashMap<>(valid);
            without.remove(p.name());
            S state = created(newHandle(2), without);
            VarpdException refused =
                    assertThrows(VarpdException.class, () -> start(state), "start without " + p.name());
            assertEquals(Errno.EAGAIN, refused.errno(), refused.getMessage());
            assertTrue(
                    refused.getMessage().contains(p.name()),
                    "the refusal must name " + p.name() + ": " + refused.getMessage());
        }
    }

    @Test
    void nothingReachesTheDeviceOrStatusBeforeStartOrAfterStop() throws Exception {
        RecordingProviderHandle handle = newHandle(1);
        S state = created(handle, validProperties());
        // Ops that may come in any state.
        plugin().properties(state);
        values(state);
        plugin().describe(state);
        assertEquals(List.of(), handle.calls(), "calls on the handle before start");
        start(state);
        if (mode() == PluginMode.POINT) {
            assertTrue(plugin().defaultTarget(state).isPresent(), "a started POINT state's destination");
        } else {
            for (LookupRequest r : lookups()) {
                RecordingLookupQuery q = new RecordingLookupQuery(r);
                plugin().lookup(state, q);
                q.await();
            }
        }
        stop(state);
        handle.clear();
        plugin().properties(state);
        values(state);
        plugin().describe(state);
        plugin().setProperty(
                        state,
                        first(validProperties()).getKey(),
                        first(validProperties()).getValue());
        destroy(state);
        assertEquals(List.of(), handle.calls(), "calls on the handle after stop");
    }

    @Test
    void twoStatesOfOneInstanceRunTogetherAndTheNewOneGoesOnAlone() throws Exception {
        RecordingProviderHandle handle = newHandle(1);
        S old = startedState(handle, validProperties());
        Map<String, String> before = answers(old);
        // What core does for a property change: the new state is restored from the running one's
        // saved state, on the same handle, changed and started while the old one still runs.
        S next = track(plugin().restore(plugin().save(old), handle, destination()));
        for (Map.Entry<String, Object> e : changedProperties().entrySet()) {
            plugin().setProperty(next, e.getKey(), e.getValue());
        }
        start(next);
        assertEquals(before, answers(old), "the running state's answers while the new one starts");
        stop(old);
        destroy(old);
        if (mode() == PluginMode.POINT) {
            assertTrue(plugin().defaultTarget(next).isPresent(), "the new state's destination");
        } else if (changedProperties().equals(validProperties())) {
            assertEquals(before, answers(next), "the new state's answers once the old one is gone");
        } else {
            answers(next);
        }
    }

    // --- playing core ---------------------------------------------------------------------------

    private S track(S state) {
        live.add(state);
        return state;
    }

    private S created(RecordingProviderHandle handle, Map<String, Object> properties) throws Exception {
        S state = track(plugin().create(handle, destination()));
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            plugin().setProperty(state, e.getKey(), e.getValue());
        }
        return state;
    }

    private S startedState(RecordingProviderHandle handle, Map<String, Object> properties) throws Exception {
        S state = created(handle, properties);
        start(state);
        return state;
    }

    private void start(S state) throws Exception {
        plugin().start(state);
        started.add(state);
        awaitStarted(state);
    }

    private void stop(S state) throws Exception {
        if (started.remove(state)) {
            plugin().stop(state);
        }
    }

    private void destroy(S state) throws Exception {
        if (live.remove(state)) {
            plugin().destroy(state);
        }
    }

    /** Every described property's value, by name. */
    private Map<String, Optional<Object>> values(S state) throws Exception {
        Map<String, Optional<Object>> values = new LinkedHashMap<>();
        for (PropertyDescription p : plugin().properties(state)) {
            if (p.readable()) {
                values.put(p.name(), plugin().getProperty(state, p.name()));
            }
        }
        return values;
    }

    /** How a started state answers each of {@link #lookups()}, in words, by request. */
    private Map<String, String> answers(S state) throws Exception {
        Map<String, String> answers = new LinkedHashMap<>();
        if (mode() != PluginMode.DYNAMIC) {
            return answers;
        }
        for (LookupRequest r : lookups()) {
            RecordingLookupQuery q = new RecordingLookupQuery(r);
            plugin().lookup(state, q);
            answers.put(r.toString(), q.await() + " " + q.target());
            assertEquals(1, q.answers(), "answers to " + r);
        }
        return answers;
    }

    private static Map.Entry<String, Object> first(Map<String, Object> values) {
        return values.entrySet().iterator().next();
    }
}
