// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.fail;

import io.varpd.api.PluginMode;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.OverlayConfig;
import io.varpd.api.admin.VarpdAdmin;
import io.varpd.api.plugin.PluginOps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A real Felix framework with the real varpd bundles, started inside a JUnit 5 test.
 *
 * <p>Theory. The test class path holds the framework, {@code io.varpd.api}, the Configuration Admin and Metatype APIs,
 * the Felix Health Check API and Gogo's command API, and the system bundle exports exactly those packages
 * ({@code org.osgi.framework.system.packages.extra}, built by {@link SystemPackages} from the jars' own Export-Package
 * headers, so a package version bump needs no edit here). So a {@link PluginOps} built by the test, the
 * {@link VarpdAdmin} core registers, the {@link ConfigurationAdmin} the CM bundle registers and HC core's
 * {@link HealthCheckExecutor} are the same types on both sides, and tests call services directly, without reflection.
 * The API bundles themselves (varpd's and the HC API) are therefore not installed (each would be a second, clashing
 * copy); every other bundle comes from the jars Maven copied to {@code target/itest-bundles} and loads its own classes.
 * Two bundles export a package the tests use and also import it: the memory bundle ({@code io.varpd.overlay.memory},
 * its test API) and the Gogo runtime ({@code org.apache.felix.service.command}). The resolver prefers the system
 * bundle's, already resolved, export, so they wire to the class path's copy and their services
 * ({@code MemoryOverlayNetwork}, {@link CommandProcessor}) are usable from tests. Each start gets a fresh, empty
 * storage directory, so Configuration Admin starts empty.
 *
 * <p>The health check stack and the shell are opt-in ({@link #withHealthChecks()}, {@link #withShell()}), as
 * FileInstall is: most tests need neither, and HC core's threads and Gogo's replacement of {@code System.out} have no
 * business in them.
 *
 * <p>Use: register it with {@code @RegisterExtension} on an instance field for a fresh framework per test (what the
 * tests here do), or on a static field for one framework per test class. Waiting is always "poll until true or until a
 * deadline" ({@link #await}); the deadline only bounds a hung test, it is not a performance assertion.
 */
public final class FelixHarness implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    /** How long any await waits before failing. Generous: CI machines are slow. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private static final long POLL_MILLIS = 20;

    static final String FILEINSTALL_BSN = "org.apache.felix.fileinstall";
    static final String CORE_BSN = "io.varpd.core";

    /** Installed only by {@link #withHealthChecks()}. */
    static final Set<String> HEALTH_CHECK_BSNS = Set.of(
            "org.apache.felix.healthcheck.core",
            "org.apache.felix.eventadmin",
            "org.osgi.service.servlet",
            "org.apache.felix.http.servlet-api",
            "io.varpd.healthcheck");
    /** Installed only by {@link #withShell()}. */
    static final Set<String> SHELL_BSNS = Set.of("org.apache.felix.gogo.runtime", "io.varpd.shell");

    private final Map<String, String> extraProperties = new LinkedHashMap<>();
    private boolean healthChecks;
    private boolean shell;
    private boolean fileInstall;
    private boolean perClass;

    private Path storage;
    private Path watched;
    private Framework framework;
    private final Map<Class<?>, Object> services = new HashMap<>();

    private FelixHarness() {}

    /**
     * The standard set: DS, CM, Metatype, Log, slf4j, Gson, frame, core, the memory device and the direct and files
     * plugins.
     */
    public static FelixHarness standard() {
        return new FelixHarness();
    }

    /**
     * Also installs FileInstall, watching a fresh directory ({@link #watchedDirectory()}) every 200 ms from the start.
     */
    public FelixHarness withFileInstall() {
        this.fileInstall = true;
        return this;
    }

    /**
     * Also installs the Felix Health Check stack (HC core, Event Admin, the servlet APIs HC core imports) and varpd's
     * health checks; {@link #healthCheckExecutor()} runs them.
     */
    public FelixHarness withHealthChecks() {
        this.healthChecks = true;
        return this;
    }

    /** Also installs the Gogo runtime and varpd's shell commands; {@link #shell()} runs them. */
    public FelixHarness withShell() {
        this.shell = true;
        return this;
    }

    /** Adds a framework property. */
    public FelixHarness withProperty(String key, String value) {
        extraProperties.put(key, value);
        return this;
    }

    // ---- JUnit lifecycle -----------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            stop();
        }
    }

    // ---- framework -----------------------------------------------------------------------

    /** Starts a fresh framework and every bundle of the set; fails naming any bundle that does not start. */
    public void start() throws Exception {
        if (framework != null) {
            throw new IllegalStateException("already started");
        }
        Path root = Paths.get(System.getProperty("itest.storage", "target/itest-storage"));
        Files.createDirectories(root);
        storage = Files.createTempDirectory(root, "felix-");

        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, storage.resolve("cache").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SystemPackages.fromTestClassPath());
        props.put("felix.log.level", "1");
        if (fileInstall) {
            watched = Files.createDirectories(storage.resolve("load"));
            props.put("felix.fileinstall.dir", watched.toString());
            props.put("felix.fileinstall.poll", "200");
            props.put("felix.fileinstall.noInitialDelay", "true");
            props.put("felix.fileinstall.log.level", "2");
        }
        props.putAll(extraProperties);

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no FrameworkFactory on the test class path"));
        framework = factory.newFramework(props);
        framework.init();
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : bundleJars()) {
            // reference: reads the jar in place instead of copying it into the cache.
            installed.add(context().installBundle("reference:" + jar.toUri()));
        }
        framework.start();
        List<String> problems = new ArrayList<>();
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException e) {
                problems.add(b.getSymbolicName() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            stop();
            throw new IllegalStateException("bundles did not start:\n  " + String.join("\n  ", problems));
        }
    }

    /** Stops the framework and deletes its storage. */
    public void stop() throws Exception {
        services.clear();
        try {
            if (framework != null) {
                framework.stop();
                framework.waitForStop(TIMEOUT.toMillis());
            }
        } finally {
            framework = null;
            if (storage != null) {
                deleteTree(storage);
                storage = null;
                watched = null;
            }
        }
    }

    /** The jars to install: every jar Maven copied, the optional sets only when asked for. */
    private List<Path> bundleJars() throws IOException {
        Path dir = Paths.get(System.getProperty("itest.bundles", "target/itest-bundles"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is missing; run the tests through Maven (generate-test-resources"
                    + " copies the bundles there)");
        }
        List<Path> jars;
        try (Stream<Path> s = Files.list(dir)) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        List<Path> out = new ArrayList<>();
        for (Path jar : jars) {
            String bsn = symbolicName(jar);
            if (bsn == null) {
                throw new IllegalStateException(jar + " is not a bundle (no Bundle-SymbolicName)");
            }
            if (asked(bsn)) {
                out.add(jar);
            }
        }
        return out;
    }

    /** Whether to install the bundle {@code bsn}: yes, unless it is in an opt-in set not asked for. */
    private boolean asked(String bsn) {
        if (bsn.equals(FILEINSTALL_BSN)) {
            return fileInstall;
        }
        if (HEALTH_CHECK_BSNS.contains(bsn)) {
            return healthChecks;
        }
        if (SHELL_BSNS.contains(bsn)) {
            return shell;
        }
        return true;
    }

    /** The Bundle-SymbolicName of {@code jar} without its directives; null when it is not a bundle. */
    static String symbolicName(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            return bsn == null ? null : bsn.split(";")[0].trim();
        }
    }

    /** The system bundle's context: the test's view of the framework. */
    public BundleContext context() {
        if (framework == null) {
            throw new IllegalStateException("the framework is not running");
        }
        return framework.getBundleContext();
    }

    /** The installed bundle with symbolic name {@code bsn}. */
    public Bundle bundle(String bsn) {
        for (Bundle b : context().getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new IllegalStateException("no bundle " + bsn + " installed");
    }

    /** The directory FileInstall watches ({@link #withFileInstall()}). */
    public Path watchedDirectory() {
        if (watched == null) {
            throw new IllegalStateException("FileInstall was not asked for (withFileInstall())");
        }
        return watched;
    }

    // ---- services ------------------------------------------------------------------------

    /** Waits for a service of {@code type}. */
    public <T> T awaitService(Class<T> type) {
        return awaitService(type, null, TIMEOUT);
    }

    /**
     * Waits for a service of {@code type} matching {@code filter} (an LDAP filter, or null), and gets it for the system
     * bundle, which keeps it until the framework stops (so a delayed DS component is not deactivated under the test).
     */
    public <T> T awaitService(Class<T> type, String filter, Duration timeout) {
        String f = "(" + Constants.OBJECTCLASS + "=" + type.getName() + ")";
        if (filter != null) {
            f = "(&" + f + filter + ")";
        }
        Filter parsed;
        try {
            parsed = FrameworkUtil.createFilter(f);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad filter " + f, e);
        }
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context(), parsed, null);
        tracker.open();
        try {
            if (tracker.waitForService(timeout.toMillis()) == null) {
                fail("no service " + f + " within " + timeout.toSeconds() + " s; bundles: " + bundleStates());
            }
            ServiceReference<T> ref = tracker.getServiceReference();
            T service = context().getService(ref);
            if (service == null) {
                fail("service " + f + " is registered but could not be got");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + f, e);
        } finally {
            tracker.close();
        }
    }

    /** Core's management service. */
    public VarpdAdmin admin() {
        return cached(VarpdAdmin.class);
    }

    public ConfigurationAdmin configAdmin() {
        return cached(ConfigurationAdmin.class);
    }

    /** Felix HC core's executor ({@link #withHealthChecks()}). */
    public HealthCheckExecutor healthCheckExecutor() {
        return cached(HealthCheckExecutor.class);
    }

    /** Runs Gogo command lines on the framework's command processor ({@link #withShell()}). */
    public GogoShell shell() {
        return new GogoShell(cached(CommandProcessor.class));
    }

    private <T> T cached(Class<T> type) {
        Object s = services.get(type);
        if (s == null) {
            s = awaitService(type);
            services.put(type, s);
        }
        return type.cast(s);
    }

    /**
     * Registers {@code ops} from the test as a plugin service named {@code name}; unregister it through the returned
     * registration.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public ServiceRegistration<PluginOps> registerPlugin(String name, PluginMode mode, PluginOps<?> ops) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PluginOps.NAME, name);
        props.put(PluginOps.MODE, mode.name());
        return context().registerService(PluginOps.class, (PluginOps) ops, props);
    }

    // ---- configurations ------------------------------------------------------------------

    /**
     * Creates the factory configuration of one overlay instance, as a {@code .cfg} file would: factory PID
     * {@code io.varpd.overlay.<plugin>}, named {@code link}, location {@code ?}, with {@code link} set and the other
     * properties as given (Strings or Longs, as a file or form would give them).
     */
    public Configuration createOverlay(String plugin, String link, Map<String, ?> properties) throws IOException {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put(OverlayConfig.LINK, link);
        return createFactoryConfiguration(OverlayConfig.factoryPid(plugin), link, all);
    }

    /** Creates (or replaces the content of) the named factory configuration {@code factoryPid~name}. */
    public Configuration createFactoryConfiguration(String factoryPid, String name, Map<String, ?> properties)
            throws IOException {
        Configuration c = configAdmin().getFactoryConfiguration(factoryPid, name, "?");
        c.update(new Hashtable<>(properties));
        return c;
    }

    /** Updates {@code c} with {@code changes} merged into its properties; a null value removes a key. */
    public void updateConfiguration(Configuration c, Map<String, ?> changes) throws IOException {
        Hashtable<String, Object> p = properties(c);
        changes.forEach((k, v) -> {
            if (v == null) {
                p.remove(k);
            } else {
                p.put(k, v);
            }
        });
        c.update(p);
    }

    /** The current properties of the configuration {@code pid}, empty when it does not exist. */
    public Optional<Map<String, Object>> configurationProperties(String pid) throws IOException {
        Configuration[] found;
        try {
            found = configAdmin().listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(pid, e);
        }
        if (found == null || found.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new HashMap<>(properties(found[0])));
    }

    private static Hashtable<String, Object> properties(Configuration c) {
        Hashtable<String, Object> p = new Hashtable<>();
        Dictionary<String, Object> d = c.getProperties();
        if (d != null) {
            for (Enumeration<String> k = d.keys(); k.hasMoreElements(); ) {
                String key = k.nextElement();
                p.put(key, d.get(key));
            }
        }
        return p;
    }

    // ---- instances -----------------------------------------------------------------------

    /** Waits until {@code VarpdAdmin.instance(link)} exists and is in {@code state}. */
    public InstanceInfo awaitInstance(String link, InstanceState state) {
        return awaitInstance(link, i -> i.state() == state, state.name());
    }

    /** Waits until {@code VarpdAdmin.instance(link)} exists and satisfies {@code condition}. */
    public InstanceInfo awaitInstance(String link, Predicate<InstanceInfo> condition, String what) {
        VarpdAdmin admin = admin();
        return await(
                        "instance " + link + " " + what,
                        () -> admin.instance(link),
                        i -> i.isPresent() && condition.test(i.get()))
                .get();
    }

    /** Waits until the instance configured by {@code pid} satisfies {@code condition} (for two configs of one link). */
    public InstanceInfo awaitConfigured(String pid, Predicate<InstanceInfo> condition, String what) {
        VarpdAdmin admin = admin();
        return await(
                        "instance of " + pid + " " + what,
                        () -> admin.instances().stream()
                                .filter(i -> pid.equals(i.configPid()))
                                .findFirst(),
                        i -> i.isPresent() && condition.test(i.get()))
                .get();
    }

    /** Waits until there is no instance for {@code link}. */
    public void awaitNoInstance(String link) {
        VarpdAdmin admin = admin();
        await("no instance " + link, () -> admin.instance(link), Optional::isEmpty);
    }

    /** A value read for {@link #await}, possibly failing while the system settles. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    /**
     * Reads {@code probe} until {@code done} accepts its value and returns that value; fails after {@link #TIMEOUT}
     * with {@code what} and the last value (or exception) seen. A probe that throws counts as "not yet".
     */
    public static <T> T await(String what, Probe<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Object last = "(nothing read)";
        while (true) {
            try {
                T v = probe.get();
                if (done.test(v)) {
                    return v;
                }
                last = v;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                return fail(
                        "timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted while waiting for " + what);
            }
        }
    }

    private String bundleStates() {
        StringBuilder sb = new StringBuilder();
        for (Bundle b : context().getBundles()) {
            sb.append("\n  ").append(b.getSymbolicName()).append(' ').append(stateName(b.getState()));
        }
        return sb.toString();
    }

    private static String stateName(int state) {
        switch (state) {
            case Bundle.ACTIVE:
                return "ACTIVE";
            case Bundle.RESOLVED:
                return "RESOLVED";
            case Bundle.INSTALLED:
                return "INSTALLED";
            case Bundle.STARTING:
                return "STARTING";
            case Bundle.STOPPING:
                return "STOPPING";
            default:
                return "UNINSTALLED";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
