// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.admin;

import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.plugin.HostedGuest;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The one {@link VarpdAdmin} for tests of operator surfaces (shell, HTTP API, web console, health checks, metrics),
 * shipped in this module's test jar.
 *
 * <p>Theory: a surface test should see what core would answer, so that a surface that works against this fake works
 * against core ({@code ScriptedVarpdAdminAgreesWithCoreTest} in core holds the two together). The fake keeps overlays
 * in memory and answers as core's management service does: instances in link order; ENOENT ("{@code <link>: no overlay
 * of that name}") for an unknown link; EAGAIN for the properties and plugin state of an overlay that is not active,
 * ENXIO for its target table, lookups and guests; create stores the overlay and refuses a link that exists (EEXIST), a
 * bad plugin name, link name or vnetid (EINVAL); delete removes it; removing and flushing targets change the table;
 * publish, withdraw and published keep the guests in memory. What only a plugin or a device decides (lookup answers, a
 * plugin's state, its properties, a refused target value, a POINT overlay's fixed table, a plugin that does not
 * publish) the test scripts, with the answer or with {@link #failNext}; a set target is recorded, not added to the
 * table. Every call, reads included, is recorded, and any method can be made to fail by name, once or until told
 * otherwise. All methods are thread-safe.
 */
public class ScriptedVarpdAdmin implements VarpdAdmin {
    /** The methods that only read; every other call acts on an overlay or asks its plugin. */
    private static final Set<String> READS = Set.of(
            "instances", "instance", "plugins", "properties", "pluginState", "targets", "published", "strayDevices");
    /** The methods that change an overlay, its target table or its guests. */
    private static final Set<String> CHANGES =
            Set.of("create", "modify", "delete", "removeTarget", "flushTargets", "setTarget", "publish", "withdraw");

    private static final int MAX_LINK = 31;
    private static final int MAX_LINUX_LINK = 15;

    /** One call as it reached the fake: the method and its arguments. */
    public record Call(String method, List<Object> args) {
        /** The method and its arguments in a line, e.g. {@code setTarget vxlan0 de:ad:be:ef:00:01 drop}. */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(method);
            args.forEach(a -> b.append(' ').append(text(a)));
            return b.toString();
        }
    }

    private final Map<String, InstanceInfo> instances = new TreeMap<>();
    private final Map<String, List<PropertyView>> properties = new HashMap<>();
    private final Map<String, Map<String, String>> pluginStates = new HashMap<>();
    private final Map<String, List<CacheEntry>> targets = new HashMap<>();
    private final Map<String, Map<MacAddress, LookupResult>> lookups = new HashMap<>();
    private final Map<String, Map<InetAddress, LookupResult>> resolutions = new HashMap<>();
    private final Map<String, Map<MacAddress, HostedGuest>> guests = new HashMap<>();
    private final List<PluginInfo> plugins = new ArrayList<>();
    private final List<StrayDevice> stray = new ArrayList<>();
    private final Map<String, Deque<Exception>> nextFailures = new HashMap<>();
    private final Map<String, Exception> failures = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private InstanceState createdState = InstanceState.ACTIVE;
    private String createdDetail = "";
    private Optional<TargetPoint> localPoint =
            Optional.of(TargetPoint.of(InetAddress.getLoopbackAddress(), OverlayConfig.DEFAULT_LISTEN_PORT));

    // ---- scripting ----------------------------------------------------------------------------

    /** An overlay of {@code plugin} with id 1, vnetid 42 on a memory device, no counters. */
    public static InstanceInfo info(String link, String plugin, InstanceState state, boolean degraded, String detail) {
        return new InstanceInfo(
                1,
                link,
                plugin,
                42,
                OverlayConfig.DEFAULT_DEVICE,
                state,
                degraded,
                detail,
                OverlayConfig.factoryPid(plugin) + "~" + link,
                Map.of());
    }

    /** A {@code direct} overlay, as {@link #info(String, String, InstanceState, boolean, String)} builds it. */
    public static InstanceInfo info(String link, InstanceState state, boolean degraded, String detail) {
        return info(link, "direct", state, degraded, detail);
    }

    /** An ACTIVE, not degraded {@code direct} overlay, as {@link #info} builds it. */
    public static InstanceInfo online(String link) {
        return info(link, InstanceState.ACTIVE, false, "");
    }

    /** Adds or replaces the overlay {@code i.link()} as it is (no check: core may show odd ones). */
    public synchronized ScriptedVarpdAdmin put(InstanceInfo i) {
        instances.put(i.link(), i);
        return this;
    }

    /** Adds or replaces a {@code direct} overlay, as {@link #info} builds it. */
    public ScriptedVarpdAdmin put(String link, InstanceState state, boolean degraded, String detail) {
        return put(info(link, state, degraded, detail));
    }

    /** Forgets the overlay and all scripted for it, as core does when its configuration goes. */
    public synchronized ScriptedVarpdAdmin remove(String link) {
        instances.remove(link);
        properties.remove(link);
        pluginStates.remove(link);
        targets.remove(link);
        lookups.remove(link);
        resolutions.remove(link);
        guests.remove(link);
        return this;
    }

    /** Forgets every overlay. */
    public synchronized ScriptedVarpdAdmin removeAll() {
        List.copyOf(instances.keySet()).forEach(this::remove);
        return this;
    }

    public synchronized ScriptedVarpdAdmin plugin(PluginInfo p) {
        plugins.add(p);
        return this;
    }

    /** An active plugin from bundle {@code io.varpd.plugin.<name> 1.0.0}. */
    public ScriptedVarpdAdmin plugin(String name, PluginMode mode) {
        return plugin(new PluginInfo(name, mode, "io.varpd.plugin." + name + " 1.0.0", true, ""));
    }

    public synchronized ScriptedVarpdAdmin clearPlugins() {
        plugins.clear();
        return this;
    }

    /** What {@link #properties(String)} answers for the overlay while it is active. */
    public synchronized ScriptedVarpdAdmin properties(String link, List<PropertyView> views) {
        properties.put(link, List.copyOf(views));
        return this;
    }

    /** What the overlay's plugin tells of itself while it is active; unscripted: nothing. */
    public synchronized ScriptedVarpdAdmin describes(String link, Map<String, String> state) {
        pluginStates.put(link, new java.util.LinkedHashMap<>(state));
        return this;
    }

    /** The overlay's target table (its device's cache). */
    public synchronized ScriptedVarpdAdmin table(String link, List<CacheEntry> entries) {
        targets.put(link, new ArrayList<>(entries));
        return this;
    }

    /** What a diagnostic lookup of {@code mac} on {@code link} answers; unscripted: DROP, as core says it. */
    public synchronized ScriptedVarpdAdmin answerLookup(String link, MacAddress mac, LookupResult r) {
        lookups.computeIfAbsent(link, l -> new HashMap<>()).put(mac, r);
        return this;
    }

    /** What resolving {@code address} on {@code link} answers; unscripted: no MAC known, as core says it. */
    public synchronized ScriptedVarpdAdmin answerResolve(String link, InetAddress address, LookupResult r) {
        resolutions.computeIfAbsent(link, l -> new HashMap<>()).put(address, r);
        return this;
    }

    public synchronized ScriptedVarpdAdmin stray(StrayDevice d) {
        stray.add(d);
        return this;
    }

    /**
     * The state {@link #create} leaves the new overlay in: ACTIVE (the default) or WAITING (its plugin is absent). A
     * failed activation is scripted with {@link #failNext}("create", ...), since core then removes the overlay again
     * and throws.
     */
    public synchronized ScriptedVarpdAdmin createsAs(InstanceState state, String detail) {
        if (state == InstanceState.ERROR) {
            throw new IllegalArgumentException("core never keeps a created overlay in ERROR: script the activation"
                    + " error with failNext(\"create\", error)");
        }
        createdState = state;
        createdDetail = detail;
        return this;
    }

    /** The devices' local point that a publish without a point uses; empty: the device has none. */
    public synchronized ScriptedVarpdAdmin localPoint(Optional<TargetPoint> point) {
        localPoint = point;
        return this;
    }

    /**
     * The next call of {@code method} throws {@code failure} (a {@link VarpdException}, or a runtime exception for a
     * bug) before doing anything; several queue up in order.
     *
     * @throws IllegalArgumentException when VarpdAdmin has no such method, or the method cannot throw it
     */
    public synchronized ScriptedVarpdAdmin failNext(String method, Exception failure) {
        check(method, failure);
        nextFailures.computeIfAbsent(method, m -> new ArrayDeque<>()).add(failure);
        return this;
    }

    /** Every call of {@code method} throws {@code failure} until {@link #stopFailing}. */
    public synchronized ScriptedVarpdAdmin failAlways(String method, Exception failure) {
        check(method, failure);
        failures.put(method, failure);
        return this;
    }

    /** Every call of every method answers again. */
    public synchronized ScriptedVarpdAdmin stopFailing() {
        failures.clear();
        nextFailures.clear();
        return this;
    }

    private static void check(String method, Exception failure) {
        Objects.requireNonNull(failure, "failure");
        List<Method> named = Arrays.stream(VarpdAdmin.class.getMethods())
                .filter(m -> m.getName().equals(method))
                .toList();
        if (named.isEmpty()) {
            throw new IllegalArgumentException("VarpdAdmin has no method '" + method + "'");
        }
        boolean checked = !(failure instanceof RuntimeException);
        if (checked
                && named.stream()
                        .noneMatch(m -> Arrays.asList(m.getExceptionTypes()).contains(VarpdException.class))) {
            throw new IllegalArgumentException(method + " cannot throw "
                    + failure.getClass().getSimpleName() + "; give a runtime exception (a bug)");
        }
    }

    // ---- what was asked -----------------------------------------------------------------------

    /** Every call so far, reads included, oldest first. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Every call so far as text ({@link Call#toString}). */
    public synchronized List<String> callTexts() {
        return calls.stream().map(Call::toString).toList();
    }

    /** The calls that act on an overlay or ask its plugin (everything but reads), as text. */
    public synchronized List<String> actions() {
        return calls.stream()
                .filter(c -> !READS.contains(c.method()))
                .map(Call::toString)
                .toList();
    }

    /** The calls that would change something (create, modify, delete, targets, guests), as text. */
    public synchronized List<String> changes() {
        return calls.stream()
                .filter(c -> CHANGES.contains(c.method()))
                .map(Call::toString)
                .toList();
    }

    /** The calls of the named methods, as text. */
    public synchronized List<String> callsTo(String... methods) {
        Set<String> wanted = Set.of(methods);
        return calls.stream()
                .filter(c -> wanted.contains(c.method()))
                .map(Call::toString)
                .toList();
    }

    /** Every spec {@link #create} was given, refused ones included. */
    public synchronized List<OverlaySpec> created() {
        return calls.stream()
                .filter(c -> c.method().equals("create"))
                .map(c -> (OverlaySpec) c.args().get(0))
                .toList();
    }

    /** The properties of the last {@link #modify} call, if any. */
    @SuppressWarnings("unchecked")
    public synchronized Optional<Map<String, String>> lastModification() {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).method().equals("modify")) {
                return Optional.of((Map<String, String>) calls.get(i).args().get(1));
            }
        }
        return Optional.empty();
    }

    public synchronized void clearCalls() {
        calls.clear();
    }

    /** Records the call, then throws what was scripted for the method. */
    private void enter(String method, Object... args) throws VarpdException {
        calls.add(new Call(method, java.util.Collections.unmodifiableList(Arrays.asList(args))));
        Deque<Exception> queued = nextFailures.get(method);
        Exception f = queued == null || queued.isEmpty() ? failures.get(method) : queued.poll();
        if (f instanceof VarpdException v) {
            throw v;
        }
        if (f != null) {
            throw (RuntimeException) f; // check() let only these through besides VarpdException
        }
    }

    /** {@link #enter} for the methods that cannot throw VarpdException (check() refused it for them). */
    private void enterRead(String method, Object... args) {
        try {
            enter(method, args);
        } catch (VarpdException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String text(Object a) {
        if (a instanceof InetAddress ip) {
            return ip.getHostAddress();
        }
        if (a instanceof OverlaySpec s) {
            return s.link() + " " + s.plugin() + " " + s.vnetid() + " " + new TreeMap<>(s.properties());
        }
        if (a instanceof Map<?, ?> m) {
            return new TreeMap<>(m).toString();
        }
        if (a instanceof Set<?> s) {
            return s.stream()
                    .map(ScriptedVarpdAdmin::text)
                    .collect(Collectors.toCollection(TreeSet::new))
                    .toString();
        }
        if (a instanceof Optional<?> o) {
            return o.map(ScriptedVarpdAdmin::text).orElse("local");
        }
        return String.valueOf(a);
    }

    // ---- VarpdAdmin, as core answers ----------------------------------------------------------

    private InstanceInfo known(String link) throws VarpdException {
        InstanceInfo i = instances.get(link);
        if (i == null) {
            throw new VarpdException(Errno.ENOENT, link + ": no overlay of that name");
        }
        return i;
    }

    private InstanceInfo live(String link, Errno notActive) throws VarpdException {
        InstanceInfo i = known(link);
        if (i.state() != InstanceState.ACTIVE) {
            throw new VarpdException(
                    notActive,
                    link + ": the overlay is not active (" + i.state()
                            + (i.detail().isEmpty() ? "" : ": " + i.detail()) + ")");
        }
        return i;
    }

    @Override
    public synchronized List<InstanceInfo> instances() {
        enterRead("instances");
        return List.copyOf(instances.values());
    }

    @Override
    public synchronized Optional<InstanceInfo> instance(String link) {
        enterRead("instance", link);
        return Optional.ofNullable(instances.get(link));
    }

    @Override
    public synchronized List<PluginInfo> plugins() {
        enterRead("plugins");
        return List.copyOf(plugins);
    }

    @Override
    public synchronized List<PropertyView> properties(String link) throws VarpdException {
        enter("properties", link);
        live(link, Errno.EAGAIN);
        return properties.getOrDefault(link, List.of());
    }

    @Override
    public synchronized Map<String, String> pluginState(String link) throws VarpdException {
        enter("pluginState", link);
        live(link, Errno.EAGAIN);
        return pluginStates.getOrDefault(link, Map.of());
    }

    @Override
    public synchronized InstanceInfo create(OverlaySpec spec) throws VarpdException {
        enter("create", spec);
        String link = spec.link();
        if (!spec.plugin().matches("[a-z][a-z0-9_]{0,30}")) {
            throw new VarpdException(
                    Errno.EINVAL,
                    link + ": '" + spec.plugin() + "' is not a plugin name; present" + " plugins: "
                            + String.join(
                                    ", ", plugins.stream().map(PluginInfo::name).toList()));
        }
        String device = spec.properties().getOrDefault(OverlayConfig.DEVICE, OverlayConfig.DEFAULT_DEVICE);
        boolean linux = "linux".equals(device);
        if (!link.matches("[A-Za-z][A-Za-z0-9_]*[0-9]") || link.length() > (linux ? MAX_LINUX_LINK : MAX_LINK)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    "'" + link + "' is not a valid link name; allowed: letters, digits"
                            + " and '_', starting with a letter and ending with a digit, at most "
                            + (linux
                                    ? MAX_LINUX_LINK + " characters for a Linux device"
                                    : MAX_LINK + " characters (15 for a Linux device)"));
        }
        if (spec.vnetid() < 0 || spec.vnetid() > OverlayConfig.MAX_VNETID) {
            throw new VarpdException(
                    Errno.EINVAL,
                    link + ": vnetid " + spec.vnetid() + " is out of range; allowed: 0-" + OverlayConfig.MAX_VNETID);
        }
        if (instances.containsKey(link)) {
            throw new VarpdException(Errno.EEXIST, link + ": an overlay with this link already exists");
        }
        InstanceInfo i = new InstanceInfo(
                1,
                link,
                spec.plugin(),
                spec.vnetid(),
                device,
                createdState,
                false,
                createdDetail,
                OverlayConfig.factoryPid(spec.plugin()) + "~" + link,
                Map.of());
        instances.put(link, i);
        return i;
    }

    /** Core writes the change to the configuration; the overlay's view is what the test scripts. */
    @Override
    public synchronized InstanceInfo modify(String link, Map<String, String> changes) throws VarpdException {
        enter("modify", link, new TreeMap<>(changes));
        return known(link);
    }

    @Override
    public synchronized void delete(String link) throws VarpdException {
        enter("delete", link);
        known(link);
        remove(link);
    }

    @Override
    public synchronized List<CacheEntry> targets(String link) throws VarpdException {
        enter("targets", link);
        live(link, Errno.ENXIO);
        return List.copyOf(targets.getOrDefault(link, List.of()));
    }

    /** As the memory device: removing a MAC the table does not hold is no error (Linux's says ENOENT). */
    @Override
    public synchronized void removeTarget(String link, MacAddress mac) throws VarpdException {
        enter("removeTarget", link, mac);
        live(link, Errno.ENXIO);
        targets.getOrDefault(link, new ArrayList<>()).removeIf(e -> e.mac().equals(mac));
    }

    @Override
    public synchronized void flushTargets(String link) throws VarpdException {
        enter("flushTargets", link);
        live(link, Errno.ENXIO);
        targets.remove(link);
    }

    /** Recorded only: parsing the value is core's (a refusal is scripted with failNext). */
    @Override
    public synchronized void setTarget(String link, MacAddress mac, String value) throws VarpdException {
        enter("setTarget", link, mac, value);
        live(link, Errno.ENXIO);
    }

    @Override
    public synchronized LookupResult lookup(String link, MacAddress destination) throws VarpdException {
        enter("lookup", link, destination);
        live(link, Errno.ENXIO);
        LookupResult r = lookups.getOrDefault(link, Map.of()).get(destination);
        return r != null ? r : new LookupResult(false, destination, null, destination + ": DROP");
    }

    @Override
    public synchronized LookupResult resolve(String link, InetAddress address) throws VarpdException {
        enter("resolve", link, address);
        live(link, Errno.ENXIO);
        LookupResult r = resolutions.getOrDefault(link, Map.of()).get(address);
        return r != null
                ? r
                : new LookupResult(false, null, null, "no MAC is known for " + IpAddresses.format(address));
    }

    @Override
    public synchronized List<StrayDevice> strayDevices() {
        enterRead("strayDevices");
        return List.copyOf(stray);
    }

    @Override
    public synchronized HostedGuest publish(
            String link, MacAddress mac, Set<InetAddress> addresses, Optional<TargetPoint> at) throws VarpdException {
        enter("publish", link, mac, addresses == null ? Set.of() : addresses, at == null ? Optional.empty() : at);
        if (mac == null || mac.isMulticast()) {
            throw new VarpdException(
                    Errno.EINVAL, link + ": " + mac + " is not a unicast MAC; a guest has a unicast MAC");
        }
        if (addresses == null || addresses.stream().anyMatch(Objects::isNull)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    link + ": the guest's addresses are missing; give its IPv4 and IPv6" + " addresses, or none");
        }
        live(link, Errno.ENXIO);
        Optional<TargetPoint> point = at != null && at.isPresent() ? at : localPoint;
        TargetPoint where = point.orElseThrow(() -> new VarpdException(
                Errno.EINVAL,
                link + ": guest " + mac
                        + " is not published: the device has no local underlay address to publish it at"));
        HostedGuest g = new HostedGuest(mac, where, addresses);
        guests.computeIfAbsent(link, l -> new TreeMap<>()).put(mac, g);
        return g;
    }

    @Override
    public synchronized void withdraw(String link, MacAddress mac) throws VarpdException {
        enter("withdraw", link, mac);
        live(link, Errno.ENXIO);
        if (guests.getOrDefault(link, new TreeMap<>()).remove(mac) == null) {
            throw new VarpdException(Errno.ENOENT, link + ": " + mac + " is not published by this host");
        }
    }

    @Override
    public synchronized List<HostedGuest> published(String link) throws VarpdException {
        enter("published", link);
        live(link, Errno.ENXIO);
        return List.copyOf(guests.getOrDefault(link, Map.of()).values());
    }
}
