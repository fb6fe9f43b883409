// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.karaf.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * varpd added to a stock Apache Karaf 4.4.10 (the full distribution, with Karaf's own web console installed first, as
 * in an appliance) through its features repository, exactly as README's "Adding varpd to an existing Karaf" tells an
 * operator: every step is a Karaf command run through {@code bin/client}, or a file dropped into {@code etc/}.
 *
 * <p>One Karaf serves the whole class (starting one costs ~10 s). Each test installs the features it needs itself
 * (installing is idempotent), so a test does not depend on another having passed; the order only puts the uninstall
 * test last. Features are installed with {@code -r} (no automatic refresh of bundles already there), as the README
 * says.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafFeaturesIT {
    private static final String VERSION = System.getProperty("varpd.version");
    private static final String FEATURES_URL = "mvn:io.varpd/io.varpd.karaf.features/" + VERSION + "/xml/features";
    /** Every feature of this build's features file (read in the first step), a new plugin's too. */
    private static FeaturesFile features;

    private static List<String> everyFeature;
    private static final String CORE_SET = "varpd-core varpd-plugin-direct varpd-device-memory varpd-shell";
    private static final Duration ACTIVATION = Duration.ofSeconds(60);

    private static KarafInstance karaf;
    /** Karaf's bundles before varpd came: name to state, version and id. */
    private static Map<String, String> stockBundles;

    @BeforeAll
    static void startStockKarafAndAddTheFeaturesRepository() throws Exception {
        // Karaf 4.4 itself does not run on Java 24 and later: bin/inc passes
        // -Djava.security.manager=allow, which those refuse, and without it its shell fails in
        // Subject.getSubject (UnsupportedOperationException), seen on Java 25. Not varpd's to fix.
        Assumptions.assumeTrue(
                Runtime.version().feature() < 24,
                "Apache Karaf 4.4.10 does not start on Java "
                        + Runtime.version().feature() + " (needs Java 17 to 23): the stock-Karaf test runs on Java 17");
        features = FeaturesFile.inRepository(property("karaf.repo"), VERSION);
        everyFeature = features.definedFeatures();
        karaf = KarafInstance.prepare(
                property("karaf.dist"),
                property("karaf.instance"),
                property("karaf.repo"),
                property("maven.local.repo"));
        karaf.start(Duration.ofMinutes(3));
        // The appliance: Karaf with its own web console (and so its HTTP server, Pax Web) before
        // varpd comes. What this set-up stops or refreshes is not varpd's doing.
        karaf.run("feature:install http webconsole");
        karaf.awaitOutput(
                "Karaf's web console started",
                Duration.ofMinutes(3),
                out -> Pattern.compile("(?m)^webconsole\\s*\\|.*\\|\\s*Started\\s*\\|")
                        .matcher(out)
                        .find(),
                "feature:list -i");
        karaf.markLog();
        stockBundles = new TreeMap<>(karaf.bundles());
        String added = karaf.run("feature:repo-add " + FEATURES_URL, "feature:repo-list");
        assertTrue(
                added.contains("varpd-" + VERSION), "feature:repo-list does not name varpd-" + VERSION + ":\n" + added);
    }

    @AfterAll
    static void stopKaraf() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    @Order(1)
    void anOverlayDroppedIntoEtcIsActiveAndAnswersLookupsInKarafsShell() throws Exception {
        karaf.run("feature:install -r " + CORE_SET);

        Map<String, String> bundles = karaf.bundles();
        for (String bsn : List.of(
                "io.varpd.api",
                "io.varpd.frame",
                "io.varpd.core",
                "io.varpd.plugin.direct",
                "io.varpd.overlay.memory",
                "io.varpd.shell",
                "com.google.gson",
                "org.apache.felix.scr")) {
            assertTrue(bundles.getOrDefault(bsn, "").startsWith("Active "), bsn + " is not active: " + bundles);
        }
        // The bundle Karaf runs is this build's jar, not an older one from a local repository.
        assertEquals(
                "Active " + bundleVersionInBuild("io.varpd.core"),
                bundles.get("io.varpd.core").replaceAll(" #\\d+$", ""));

        writeKt0();
        karaf.awaitOutput(
                "kt0 ONLINE",
                ACTIVATION,
                out -> out.strip().equals("kt0:ONLINE"),
                "varpd:show -f -p -o link,status kt0");
        String answer = karaf.run("varpd:lookup -p -o mac,destination kt0 de:ad:be:ef:0:1");
        assertEquals("de\\:ad\\:be\\:ef\\:00\\:01:192.0.2.10\\:4789", answer.strip());

        // README: varpd.state.dir in etc/system.properties keeps instance state outside data/.
        awaitFiles("an instance saved under " + karaf.stateDir(), () -> {
            try (Stream<Path> saved = Files.list(karaf.stateDir())) {
                return saved.anyMatch(p -> p.getFileName().toString().endsWith(".varpd"));
            }
        });
        // Core made the folder; Karaf's umask (022) must not make it readable by others.
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(karaf.stateDir())));
    }

    @Test
    @Order(2)
    void aFailingVarpdCommandFailsBinClientWithItsOneLineMessage() throws Exception {
        karaf.run("feature:install -r " + CORE_SET);
        karaf.awaitOutput(
                "the direct plugin",
                ACTIVATION,
                out -> out.lines().anyMatch("direct"::equals),
                "varpd:plugins -p -o name");

        assertFails("show-overlay: failed to find nosuch0: ENOENT", "varpd:show nosuch0");
        assertFails(
                "create-overlay: virtual network id 99999999 is too large",
                "varpd:create -e vxlan -s direct -v 99999999 kt9");
        // An overlay whose plugin is not installed waits for it, and cannot answer a lookup.
        String created = karaf.run("varpd:create -e vxlan -s svp -v 4244 kt8");
        assertTrue(created.contains("kt8 is WAITING"), created);
        try {
            assertFails("lookup: ", "varpd:lookup kt8 de:ad:be:ef:0:8");
        } finally {
            karaf.run("varpd:delete kt8");
        }
        // A batch stops at its first failing line, as Karaf's own commands make it.
        KarafInstance.ClientResult batch =
                karaf.tryRun("varpd:show nosuch0", "varpd:create -e vxlan -s direct -v 1 kt7");
        assertEquals(1, batch.exitCode(), batch.output());
        assertFalse(karaf.run("varpd:show -f -p -o link").lines().anyMatch("kt7"::equals), "the line after ran");
    }

    /** {@code line} fails {@code bin/client -b}: exit 1, and one line naming the failure, no stack trace. */
    private static void assertFails(String message, String line) throws Exception {
        KarafInstance.ClientResult r = karaf.tryRun(line);
        assertEquals(1, r.exitCode(), line + " exited " + r.exitCode() + ":\n" + r.output());
        List<String> lines = r.output().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), line + " printed:\n" + r.output());
        assertTrue(lines.get(0).contains(message), line + " printed:\n" + r.output());
    }

    @Test
    @Order(2)
    void anOverlayMadeWithVarpdCreateIsKeptInEtcSoKarafCleanDoesNotLoseIt() throws Exception {
        karaf.run("feature:install -r " + CORE_SET);
        karaf.awaitOutput(
                "the direct plugin",
                ACTIVATION,
                out -> out.lines().anyMatch("direct"::equals),
                "varpd:plugins -p -o name");
        karaf.run("varpd:create -e vxlan -s direct -v 4245 -p direct/dest_ip=192.0.2.12,direct/dest_port=4789 kt2");
        Path file = karaf.etc().resolve("io.varpd.overlay.direct-kt2.cfg");
        try {
            // README: varpd writes etc/<factory PID>-<link>.cfg once the overlay runs, and names
            // it in the configuration, so FileInstall keeps the two together.
            awaitFiles(file + " written by varpd:create", () -> Files.exists(file));
            String written = Files.readString(file);
            // Karaf's FileInstall may rewrite it in its own typed format (key = "value", L"4245").
            assertTrue(
                    written.lines().anyMatch(l -> l.matches("link\\s*=\\s*\"?kt2\"?"))
                            && written.lines().anyMatch(l -> l.matches("vnetid\\s*=\\s*L?\"?4245\"?"))
                            && written.lines()
                                    .anyMatch(l -> l.matches("direct/dest_ip\\s*=\\s*\"?192\\.0\\.2\\.12\"?")),
                    written);
            karaf.awaitOutput(
                    "kt2 kept in " + file,
                    ACTIVATION,
                    out -> out.contains(file.getFileName().toString()),
                    "config:list \"(service.pid=io.varpd.overlay.direct~kt2)\"");
            karaf.run(
                    "config:edit io.varpd.overlay.direct~kt2",
                    "config:property-set direct/dest_port 4790",
                    "config:update");
            awaitFiles(
                    "the change written to " + file,
                    () -> Files.readString(file).contains("4790"));
            karaf.awaitOutput(
                    "kt2 on the new port",
                    ACTIVATION,
                    out -> out.strip().equals("192.0.2.12:4790"),
                    "varpd:lookup -p -o destination kt2 de:ad:be:ef:0:3");
            assertEquals(
                    "kt2:ONLINE",
                    karaf.run("varpd:show -f -p -o link,status kt2").strip());
        } finally {
            karaf.run("varpd:delete kt2");
        }
        awaitFiles("varpd:delete kt2 to remove " + file, () -> !Files.exists(file));
    }

    @Test
    @Order(2)
    void anOverlayMadeWithConfigEditFactoryAnswersAndVarpdDeleteRemovesItsFile() throws Exception {
        karaf.run("feature:install -r " + CORE_SET);

        karaf.run(
                "config:edit --factory --alias kt1 io.varpd.overlay.direct",
                "config:property-set link kt1",
                "config:property-set vnetid 4243",
                "config:property-set device memory",
                "config:property-set direct/dest_ip 192.0.2.11",
                "config:property-set direct/dest_port 4789",
                "config:update");
        karaf.awaitOutput(
                "kt1 ONLINE",
                ACTIVATION,
                out -> out.strip().equals("kt1:ONLINE"),
                "varpd:show -f -p -o link,status kt1");
        assertEquals(
                "192.0.2.11:4789",
                karaf.run("varpd:lookup -p -o destination kt1 de:ad:be:ef:0:2").strip());
        Path file = karaf.etc().resolve("io.varpd.overlay.direct-kt1.cfg");
        assertTrue(Files.exists(file), "config:edit --alias kt1 wrote no " + file);

        karaf.run("varpd:delete kt1");
        awaitFiles("varpd:delete kt1 to remove " + file, () -> !Files.exists(file));
        String left = karaf.run("varpd:show -f -p -o link");
        assertFalse(left.lines().anyMatch("kt1"::equals), "kt1 still listed:\n" + left);
    }

    @Test
    @Order(3)
    void httpApiAndVarpdPageRunOnKarafsServerBehindKarafsUsersAndRoles() throws Exception {
        karaf.run("feature:install -r " + CORE_SET + " varpd-http varpd-metrics varpd-webconsole");
        writeKt0();
        String base = "http://127.0.0.1:" + karaf.httpPort();
        String user = KarafInstance.USER;
        String password = karaf.password();

        HttpResponse<String> lookup = awaitHttp(
                base + "/varpd/api/overlays/kt0/lookup?mac=de:ad:be:ef:0:1",
                user,
                password,
                r -> r.statusCode() == 200);
        assertTrue(
                Pattern.compile("\"destination\"\\s*:\\s*\"192\\.0\\.2\\.10:4789\"")
                        .matcher(lookup.body())
                        .find(),
                lookup.body());
        HttpResponse<String> overlays = get(base + "/varpd/api/overlays", user, password);
        assertTrue(
                Pattern.compile("\"link\"\\s*:\\s*\"kt0\"[^}]*\"state\"\\s*:\\s*\"ACTIVE\"", Pattern.DOTALL)
                        .matcher(overlays.body())
                        .find(),
                overlays.body());
        // Refused without credentials, with a wrong password, and to a Karaf user without role admin.
        HttpResponse<String> anonymous = get(base + "/varpd/api/overlays", null, null);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(anonymous.body().contains("JAAS realm 'karaf'"), anonymous.body());
        assertEquals(
                401, get(base + "/varpd/api/overlays", user, password + "x").statusCode());
        assertEquals(
                401,
                get(base + "/varpd/api/overlays", KarafInstance.VIEWER, karaf.viewerPassword())
                        .statusCode());

        HttpResponse<String> page = awaitHttp(
                base + "/system/console/varpd",
                user,
                password,
                r -> r.statusCode() == 200 && r.body().contains("kt0"));
        assertEquals(
                "DENY",
                page.headers().firstValue("X-Frame-Options").orElse(""),
                "the guard frames Karaf's console too: " + page.headers());
        assertEquals(
                401,
                get(base + "/system/console/varpd", KarafInstance.VIEWER, karaf.viewerPassword())
                        .statusCode());
        HttpResponse<String> metrics = awaitHttp(
                base + "/varpd/api/metrics",
                user,
                password,
                r -> r.statusCode() == 200
                        && r.body().contains("varpd_instance_status{link=\"kt0\",status=\"ONLINE\"} 1"));
        assertTrue(
                metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                metrics.headers().toString());
        assertEquals(401, get(base + "/varpd/api/metrics", null, null).statusCode());

        // The guard runs on Pax Web: a change that a browser says comes from another site is
        // refused before Karaf's console or the API sees it, whatever the login.
        for (String path : List.of("/varpd/api/overlays", "/system/console/bundles/0")) {
            HttpResponse<String> forged = post(
                    base + path,
                    user,
                    password,
                    "action=stop",
                    "Sec-Fetch-Site",
                    "cross-site",
                    "Origin",
                    "http://127.0.0.1:1");
            assertEquals(403, forged.statusCode(), path + ": " + forged.body());
        }

        // One web server: Karaf's. No Felix HTTP, and every socket on loopback.
        Map<String, String> bundles = karaf.bundles();
        assertFalse(bundles.containsKey("org.apache.felix.http.jetty"), "a second HTTP server: " + bundles.keySet());
        assertFalse(bundles.containsKey("org.apache.felix.webconsole"), "a second web console: " + bundles.keySet());
        if (!ListeningSockets.available()) {
            Assumptions.abort("no /proc/net/tcp: cannot list Karaf's sockets to check they are all on loopback");
        }
        List<ListeningSockets.Listener> listeners = ListeningSockets.of(karaf.pid());
        assertTrue(
                listeners.stream().anyMatch(l -> l.port() == karaf.httpPort()), "HTTP is not listening: " + listeners);
        assertTrue(
                listeners.stream().allMatch(ListeningSockets.Listener::isLoopback),
                "Karaf listens beyond loopback: " + listeners);
    }

    /**
     * An operator's path in Karaf's own web console, in a real browser: log in as a Karaf user (role admin), open the
     * varpd page, follow its link to Karaf's Configuration page, create a direct overlay with the form, and see it
     * ONLINE on the varpd page and on its own page; the API, asked with the same Karaf credentials, answers for it.
     */
    @Test
    @Order(3)
    void anOverlayCreatedOnKarafsConfigurationPageShowsOnTheVarpdPageInKarafsConsole() throws Exception {
        KarafBrowser.assumeInstalled();
        karaf.run("feature:install -r " + CORE_SET + " varpd-http varpd-webconsole");
        String base = "http://127.0.0.1:" + karaf.httpPort();
        try (KarafBrowser browser = KarafBrowser.start("KarafConsole")) {
            browser.logIn(base, KarafInstance.USER, karaf.password());
            browser.screenshot("karaf-console-1-varpd-page");
            browser.await(
                            "the varpd page's link to create a direct overlay",
                            d -> d.findElement(By.linkText("create direct overlay")))
                    .click();
            browser.type("link", "kb1");
            browser.type("vnetid", "5201");
            browser.type("direct/dest_ip", "192.0.2.52");
            browser.type("direct/dest_port", "4789");
            browser.screenshot("karaf-console-2-configuration-form");
            browser.driver()
                    .findElement(By.xpath("//button[normalize-space(.)='Save']"))
                    .click();

            String row = null;
            Instant end = Instant.now().plus(ACTIVATION);
            while (row == null || !row.contains("ONLINE")) {
                if (Instant.now().isAfter(end)) {
                    throw new AssertionError("kb1 is not ONLINE on the varpd page; its row: " + row + "\n"
                            + browser.text() + karaf.diagnostics());
                }
                browser.open(base + "/system/console/varpd");
                browser.await(
                        "the varpd page",
                        d -> !d.findElements(By.id("varpd-statline")).isEmpty());
                row = browser.row("kb1");
            }
            browser.screenshot("karaf-console-3-created-on-varpd-page");
            assertTrue(row.contains("5201") && row.contains("direct"), "kb1's row names its plugin and vnetid: " + row);

            browser.open(base + "/system/console/varpd/overlay/kb1");
            browser.await(
                    "kb1's own page with its properties", d -> d.getPageSource().contains("192.0.2.52"));
            browser.screenshot("karaf-console-4-overlay-page");
        }
        HttpResponse<String> lookup = awaitHttp(
                base + "/varpd/api/overlays/kb1/lookup?mac=02:00:00:00:52:01",
                KarafInstance.USER,
                karaf.password(),
                r -> r.statusCode() == 200);
        assertTrue(lookup.body().contains("\"192.0.2.52:4789\""), lookup.body());
        karaf.run("varpd:delete kb1");
    }

    @Test
    @Order(4)
    void everyFeatureInstallsOnStockKarafAndItsPluginsAndHealthChecksAreLive() throws Exception {
        karaf.run("feature:install -r " + String.join(" ", everyFeature));
        writeKt0();

        Map<String, String> bundles = karaf.bundles();
        Set<String> expected = new TreeSet<>(features.varpdBundles());
        expected.addAll(List.of("com.sun.jna", "org.apache.felix.healthcheck.core"));
        for (String bsn : expected) {
            assertTrue(bundles.getOrDefault(bsn, "").startsWith("Active "), bsn + " is not active: " + bundles);
        }
        List<String> pluginNames = features.plugins();
        assertTrue(
                pluginNames.containsAll(List.of("direct", "files", "svp", "etcd")), "plugin features: " + pluginNames);
        String plugins = karaf.awaitOutput(
                "plugins " + pluginNames + " registered",
                ACTIVATION,
                out -> pluginNames.stream().allMatch(p -> out.lines().anyMatch(l -> l.startsWith(p + ":"))),
                "varpd:plugins -p -o name,state");
        assertTrue(plugins.lines().allMatch(l -> l.endsWith(":active")), plugins);

        assertNoStockBundleWasRestarted("installing every feature with -r");

        // hc:exec returns its report; Karaf's batch session prints only what commands write.
        karaf.awaitOutput(
                "health check of kt0",
                ACTIVATION,
                out -> out.lines().anyMatch(l -> l.startsWith("HC ") && l.contains("kt0") && l.contains("OK")),
                "each ((hc:exec varpd) split \"\\n\") { echo \"HC $it\" }");
    }

    @Test
    @Order(5)
    void uninstallingTheVarpdFeaturesLeavesExactlyTheBundlesStockKarafHad() throws Exception {
        karaf.run("feature:install -r " + String.join(" ", everyFeature));
        karaf.run("feature:uninstall " + String.join(" ", everyFeature));

        Map<String, String> now = new TreeMap<>(karaf.bundles());
        List<String> varpd =
                now.keySet().stream().filter(b -> b.startsWith("io.varpd")).toList();
        assertTrue(varpd.isEmpty(), "left after feature:uninstall: " + varpd);
        // Karaf's own bundles, its web console and HTTP server included: the same ids, versions
        // and states as before varpd came, and nothing more.
        assertEquals(stockBundles, now, "Karaf's bundles after installing and uninstalling every varpd feature");
        assertNoStockBundleWasRestarted("installing with -r and uninstalling");
        String base = "http://127.0.0.1:" + karaf.httpPort();
        assertEquals(
                404,
                get(base + "/varpd/api/overlays", KarafInstance.USER, karaf.password())
                        .statusCode());
        HttpResponse<String> page = get(base + "/system/console/varpd", KarafInstance.USER, karaf.password());
        assertEquals(404, page.statusCode(), "the varpd page after uninstalling: " + page.body());
        assertEquals(
                200,
                get(base + "/system/console/bundles", KarafInstance.USER, karaf.password())
                        .statusCode(),
                "Karaf's console keeps working");
    }

    /** Karaf's own shell, SSH server and commands keep running while varpd comes and goes. */
    private static void assertNoStockBundleWasRestarted(String when) throws IOException {
        Set<String> restarted = new TreeSet<>(karaf.bundlesStoppedOrRefreshed());
        Set<String> stock = new TreeSet<>();
        stockBundles.forEach((name, row) -> stock.add(name + "/" + row.split(" ")[1]));
        restarted.retainAll(stock);
        assertEquals(
                Set.of(),
                restarted,
                "bundles of stock Karaf stopped or refreshed by " + when + " (data/log/karaf.log)");
    }

    private static void writeKt0() throws IOException {
        Path file = karaf.etc().resolve("io.varpd.overlay.direct-kt0.cfg");
        String text = "link = kt0\nvnetid = 4242\ndevice = memory\n"
                + "direct/dest_ip = 192.0.2.10\ndirect/dest_port = 4789\n";
        // FileInstall writes configuration changes back; only (re)write what differs.
        if (!Files.exists(file) || !Files.readString(file).contains("direct/dest_ip = 192.0.2.10")) {
            Files.writeString(file, text);
        }
    }

    /** A condition on files Karaf writes from its own threads. */
    interface FileCondition {
        boolean holds() throws IOException;
    }

    private static void awaitFiles(String what, FileCondition condition) throws Exception {
        Instant end = Instant.now().plus(ACTIVATION);
        while (!condition.holds()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("waited " + ACTIVATION + " for " + what + karaf.diagnostics());
            }
            Thread.sleep(200); // written by Karaf's threads; there is nothing to await but the file
        }
    }

    private static String bundleVersionInBuild(String artifactId) throws IOException {
        Path jar = property("karaf.repo")
                .resolve("io/varpd/" + artifactId + "/" + VERSION + "/" + artifactId + "-" + VERSION + ".jar");
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
    }

    private static HttpResponse<String> awaitHttp(
            String url, String user, String password, Predicate<HttpResponse<String>> done) throws Exception {
        Instant end = Instant.now().plus(ACTIVATION);
        String last = "no answer";
        while (true) {
            try {
                HttpResponse<String> r = get(url, user, password);
                if (done.test(r)) {
                    return r;
                }
                last = r.statusCode() + " " + r.body();
            } catch (ConnectException | HttpTimeoutException notYet) {
                // Refused, or accepted by a server that is restarting on its new configuration
                // and never answers that connection: ask again until the deadline.
                last = notYet.toString();
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError(
                        "waited " + ACTIVATION + " for " + url + "; last: " + last + karaf.diagnostics());
            }
            Thread.sleep(500); // the server restarts on its configuration; nothing to await but its answer
        }
    }

    private static HttpResponse<String> get(String url, String user, String password)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (user != null) {
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form POST with extra headers (name, value, ...), as a browser would send it. */
    private static HttpResponse<String> post(String url, String user, String password, String form, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.header(
                "Authorization",
                "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run this test through Maven"
                    + " (karaf-itest/pom.xml sets it)");
        }
        return Path.of(value);
    }
}
