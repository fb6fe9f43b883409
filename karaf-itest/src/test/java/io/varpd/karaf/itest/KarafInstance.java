// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.karaf.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One stock Apache Karaf, copied from the unpacked distribution into its own folder, bound to loopback, run headless
 * ({@code bin/karaf daemon}, stdin from /dev/null) and driven only the way an operator drives it: Karaf's own commands
 * through {@code bin/client} over SSH on 127.0.0.1.
 *
 * <p>What is changed in the copy, and nothing else: SSH listens on 127.0.0.1 at a free port and has two users with
 * random passwords, one with role admin (a stock Karaf 4.4 has none); the shutdown port and the JMX/RMI connector are
 * pinned to 127.0.0.1, Karaf's HTTP server (Pax Web, once a feature installs it) to 127.0.0.1 at a free port; Maven
 * URLs are resolved first from this build's repository folder and remotely only from Maven Central, cached in the
 * build's local repository; varpd's state folder is set in etc/system.properties, as the README tells operators to.
 *
 * <p>Every wait has a deadline and polls; a process that dies or a deadline that passes fails with Karaf's console
 * output and log tail in the message. {@link #close()} stops Karaf with {@code bin/stop} and kills the JVM (only the
 * process this class started, and its descendants) if it lingers; a shutdown hook does the same if the test JVM is
 * ended first.
 */
final class KarafInstance implements AutoCloseable {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
    private static final Duration CLIENT_DEADLINE = Duration.ofSeconds(150);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(60);
    private static final String CENTRAL = "https://repo1.maven.org/maven2";

    private final Path home;
    private final int sshPort;
    private final int httpPort;
    private final Path stateDir;
    /** The Karaf user with the admin role (and every other stock role), and one with only viewer. */
    static final String USER = "varpd-itest";

    static final String VIEWER = "varpd-viewer";
    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final String viewerPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private Process karaf;
    private Thread killOnExit;
    private int logMark;

    private KarafInstance(Path home, int sshPort, int httpPort) {
        this.home = home;
        this.sshPort = sshPort;
        this.httpPort = httpPort;
        this.stateDir = home.resolve("varpd-state");
    }

    /**
     * Copies the distribution to {@code home} (emptied first) and configures the copy.
     *
     * @param distribution the unpacked apache-karaf-minimal folder
     * @param buildRepository this build's artifacts, and the third-party bundles our features name, in Maven repository
     *     layout
     * @param localRepository the build's Maven local repository, Karaf's cache for what it fetches
     */
    static KarafInstance prepare(Path distribution, Path home, Path buildRepository, Path localRepository)
            throws IOException {
        if (!Files.isExecutable(distribution.resolve("bin/karaf"))) {
            throw new IllegalStateException("no Karaf distribution at " + distribution + ": the build unpacks "
                    + System.getProperty("karaf.coordinates", "apache-karaf-minimal")
                    + " there (maven-dependency-plugin,"
                    + " phase generate-test-resources); run the tests through Maven, which fails earlier and names"
                    + " the artifact when Maven Central cannot be reached");
        }
        deleteTree(home);
        copyTree(distribution, home);
        KarafInstance k = new KarafInstance(home, freeLoopbackPort(), freeLoopbackPort());
        k.configure(buildRepository, localRepository);
        return k;
    }

    private void configure(Path buildRepository, Path localRepository) throws IOException {
        Path etc = home.resolve("etc");
        for (Path script : List.of(
                home.resolve("bin/karaf"),
                home.resolve("bin/client"),
                home.resolve("bin/stop"),
                home.resolve("bin/inc"))) {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(script);
            p.add(PosixFilePermission.OWNER_EXECUTE);
            Files.setPosixFilePermissions(script, p);
        }

        setProperties(
                etc.resolve("org.apache.karaf.shell.cfg"),
                Map.of("sshHost", "127.0.0.1", "sshPort", Integer.toString(sshPort)));

        // bin/client without -u/-p logs in as the first user of this file (no password on a
        // command line); admingroup is the stock role set the commented-out default would get.
        // A second user has only the viewer role: Karaf knows it, but it is no administrator.
        Files.writeString(
                etc.resolve("users.properties"),
                USER + " = " + password + ",_g_:admingroup\n"
                        + VIEWER + " = " + viewerPassword + ",viewer\n"
                        + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");

        // The full distribution boots the management feature: JMX on loopback only.
        Files.writeString(
                etc.resolve("org.apache.karaf.management.cfg"),
                "rmiRegistryHost = 127.0.0.1\nrmiRegistryPort = " + freeLoopbackPort() + "\n"
                        + "rmiServerHost = 127.0.0.1\nrmiServerPort = " + freeLoopbackPort() + "\n");

        appendLines(etc.resolve("custom.properties"), List.of("karaf.shutdown.host = 127.0.0.1"));
        // Where varpd keeps instance state across feature reinstalls (README).
        appendLines(etc.resolve("system.properties"), List.of("varpd.state.dir = " + stateDir));
        // Karaf's own HTTP server (Pax Web, from Karaf's http feature) on loopback at a free port,
        // as README tells operators; the feature keeps this file as it is.
        Files.writeString(
                etc.resolve("org.ops4j.pax.web.cfg"),
                "org.osgi.service.http.enabled = true\n"
                        + "org.osgi.service.http.port = " + httpPort + "\n"
                        + "org.ops4j.pax.web.listening.addresses = 127.0.0.1\n"
                        + "org.osgi.service.http.secure.enabled = false\n"
                        + "javax.servlet.context.tempdir = ${karaf.data}/pax-web/tmp\n");

        // The whole pax-url-aether configuration: this build's repository first, then Karaf's own
        // system folder; Maven Central as the only remote (for Karaf's own scr and eventadmin
        // features), cached in the build's local repository.
        Files.writeString(
                etc.resolve("org.ops4j.pax.url.mvn.cfg"),
                String.join(
                        "\n",
                        "org.ops4j.pax.url.mvn.certificateCheck = true",
                        "org.ops4j.pax.url.mvn.useFallbackRepositories = false",
                        "org.ops4j.pax.url.mvn.localRepository = " + localRepository,
                        "org.ops4j.pax.url.mvn.defaultRepositories = "
                                + buildRepository.toUri() + "@id=varpd.build@snapshots, "
                                + "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, "
                                + "${karaf.data.uri}kar@id=kar.repository@multi@snapshots",
                        "org.ops4j.pax.url.mvn.repositories = " + CENTRAL + "@id=central",
                        "org.ops4j.pax.url.mvn.timeout = 10000",
                        "org.ops4j.pax.url.mvn.socket.connectionTimeout = 10000",
                        "org.ops4j.pax.url.mvn.socket.readTimeout = 30000",
                        "org.ops4j.pax.url.mvn.connection.retryCount = 3",
                        ""));
    }

    /** Starts Karaf and returns once its boot features are started and SSH answers. */
    void start(Duration deadline) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "daemon")
                .directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(consoleLog().toFile());
        environment(pb);
        karaf = pb.start();
        killOnExit = new Thread(this::kill, "stop Karaf " + karaf.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);

        // Boot features of both distributions; `framework` is not listed by feature:list.
        List<String> boot = List.of("feature", "shell", "bundle", "config", "jaas", "log", "ssh");
        awaitOutput(
                "Karaf's boot features started",
                deadline,
                out -> boot.stream()
                        .allMatch(f -> Pattern.compile("(?m)^" + f + "\\s*\\|.*\\|\\s*Started\\s*\\|")
                                .matcher(out)
                                .find()),
                "feature:list -i");
    }

    /** Runs command lines in one Karaf shell session; fails unless every line succeeds. */
    String run(String... lines) throws IOException, InterruptedException {
        ClientResult r = tryRun(lines);
        if (r.exitCode() != 0) {
            throw new AssertionError("Karaf command failed (exit " + r.exitCode() + "): " + String.join(" ; ", lines)
                    + "\n--- output\n" + r.output() + diagnostics());
        }
        return r.output();
    }

    /**
     * Runs command lines through {@code bin/client -b} (batch: lines from stdin, one session, stops at the first
     * failing line). Output is stdout then stderr, ANSI colours removed.
     */
    ClientResult tryRun(String... lines) throws IOException, InterruptedException {
        assertAlive();
        Path in = Files.createTempFile(home, "client-in", ".txt");
        Path out = Files.createTempFile(home, "client-out", ".txt");
        Path err = Files.createTempFile(home, "client-err", ".txt");
        try {
            Files.writeString(in, String.join("\n", lines) + "\n");
            ProcessBuilder pb = new ProcessBuilder(
                            home.resolve("bin/client").toString(),
                            "-h",
                            "127.0.0.1",
                            "-a",
                            Integer.toString(sshPort),
                            "-r",
                            "0",
                            "-b")
                    .directory(home.toFile())
                    .redirectInput(in.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            environment(pb);
            // The client's JVM lives for a second or two: the interpreter and C1 are enough.
            pb.environment().put("EXTRA_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
            Process client = pb.start();
            if (!client.waitFor(CLIENT_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                destroyTree(client);
                throw new AssertionError("bin/client did not finish within " + CLIENT_DEADLINE + ": "
                        + String.join(" ; ", lines) + diagnostics());
            }
            String text = Files.readString(out) + Files.readString(err);
            return new ClientResult(client.exitValue(), ANSI.matcher(text).replaceAll(""));
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Runs {@code lines} about once a second until their output satisfies {@code done}; returns that output. Failing
     * runs count as "not yet" (Karaf may still be starting, or a feature still activating).
     */
    String awaitOutput(String what, Duration deadline, Predicate<String> done, String... lines)
            throws IOException, InterruptedException {
        Instant end = Instant.now().plus(deadline);
        ClientResult last = null;
        while (true) {
            last = tryRun(lines);
            if (last.exitCode() == 0 && done.test(last.output())) {
                return last.output();
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("waited " + deadline + " for " + what + "; last `" + String.join(" ; ", lines)
                        + "` exited " + last.exitCode() + " with:\n" + last.output() + diagnostics());
            }
            Thread.sleep(1000); // an external process: nothing to await but its next answer
        }
    }

    /** The names of the bundles Karaf has installed ({@code bundle:list -t 0 -s}), with their states. */
    Map<String, String> bundles() throws IOException, InterruptedException {
        // ID | State | Lvl | Version | Symbolic name
        Pattern row = Pattern.compile(
                "(?m)^\\s*(\\d+)\\s*\\|\\s*(\\w+)\\s*\\|\\s*\\d+\\s*\\|\\s*(\\S+)\\s*\\|\\s*(\\S+)\\s*$");
        Map<String, String> states = new LinkedHashMap<>();
        Matcher m = row.matcher(run("bundle:list -t 0 -s"));
        while (m.find()) {
            // "<state> <version> #<id>": a bundle reinstalled or updated shows a new id.
            states.put(m.group(4), m.group(2) + " " + m.group(3) + " #" + m.group(1));
        }
        if (states.isEmpty()) {
            throw new AssertionError("bundle:list -t 0 -s listed no bundle" + diagnostics());
        }
        return states;
    }

    /**
     * From now on {@link #bundlesStoppedOrRefreshed} looks only at what Karaf logs after this call (the set-up of the
     * appliance before varpd comes is not varpd's doing).
     */
    void markLog() throws IOException {
        logMark = Files.readAllLines(home.resolve("data/log/karaf.log"), StandardCharsets.UTF_8)
                .size();
    }

    /**
     * The bundles ({@code name/version}) Karaf's feature service stopped or refreshed since {@link #markLog}, from
     * data/log/karaf.log. Karaf logs each deployment step as a header ("Stopping bundles:", "Refreshing bundles:")
     * followed by one indented {@code name/version} line per bundle; there is no command that tells afterwards whether
     * a bundle was restarted, so the log is the witness.
     */
    Set<String> bundlesStoppedOrRefreshed() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        Pattern header = Pattern.compile("^(Stopping|Refreshing) bundles:\\s*$");
        // "name/version", so a bundle of ours never stands for a stock one of the same name
        // (both Pax Web and Felix Health Checks bring a jakarta.servlet-api, 4.0.4 and 5.0.0).
        Pattern entry = Pattern.compile("^\\s+([^\\s/]+/[^\\s(]+).*$");
        Set<String> names = new TreeSet<>();
        // ... | FeaturesServiceImpl   | 18 - org.apache.karaf.features.core - 4.4.8 | <message>
        Pattern fromFeatures = Pattern.compile("^.*\\| FeaturesServiceImpl\\s+\\| [^|]+ \\| (.*)$");
        boolean inBlock = false;
        for (String line : lines.subList(Math.min(logMark, lines.size()), lines.size())) {
            Matcher own = fromFeatures.matcher(line);
            if (!own.matches()) {
                continue; // other loggers and stack traces may come between the lines of a block
            }
            String message = own.group(1);
            if (header.matcher(message).matches()) {
                inBlock = true;
                continue;
            }
            Matcher m = entry.matcher(message);
            if (inBlock && m.matches()) {
                names.add(m.group(1));
            } else {
                inBlock = false;
            }
        }
        return names;
    }

    /** Stops Karaf ({@code bin/stop}); kills it if it is still there after a generous deadline. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (karaf == null) {
            return;
        }
        try {
            if (karaf.isAlive()) {
                ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/stop").toString())
                        .directory(home.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(
                                Path.of("/dev/null").toFile()))
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(consoleLog().toFile()));
                environment(pb);
                Process stop = pb.start();
                if (!stop.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    destroyTree(stop);
                }
                if (!karaf.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    kill();
                }
            }
        } finally {
            kill();
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran already; nothing left to remove
            }
            karaf = null;
        }
    }

    boolean isAlive() {
        return karaf != null && karaf.isAlive();
    }

    long pid() {
        return karaf.pid();
    }

    int httpPort() {
        return httpPort;
    }

    /** The password of {@link #USER}. */
    String password() {
        return password;
    }

    /** The password of {@link #VIEWER}. */
    String viewerPassword() {
        return viewerPassword;
    }

    Path home() {
        return home;
    }

    Path etc() {
        return home.resolve("etc");
    }

    Path stateDir() {
        return stateDir;
    }

    /** Karaf's console output and the tail of its log, for failure messages. */
    String diagnostics() {
        StringBuilder b = new StringBuilder();
        b.append("\n--- Karaf ")
                .append(karaf == null ? "not started" : karaf.isAlive() ? "running" : "exited " + karaf.exitValue());
        b.append("\n--- ").append(consoleLog()).append(" (tail)\n").append(tail(consoleLog(), 40));
        Path log = home.resolve("data/log/karaf.log");
        b.append("\n--- ").append(log).append(" (tail)\n").append(tail(log, 60));
        return b.toString();
    }

    private void assertAlive() {
        if (karaf == null || !karaf.isAlive()) {
            throw new AssertionError("Karaf is not running" + diagnostics());
        }
    }

    private void kill() {
        Process p = karaf;
        if (p != null) {
            destroyTree(p);
        }
    }

    private static void destroyTree(Process p) {
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void environment(ProcessBuilder pb) {
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("KARAF_") || k.equals("JAVA_OPTS") || k.equals("EXTRA_JAVA_OPTS"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
    }

    private Path consoleLog() {
        return home.resolve("console.log");
    }

    private static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(none)";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Sets single-line {@code key = value} entries of a Karaf .cfg file, appending missing keys. */
    private static void setProperties(Path file, Map<String, String> values) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        for (Map.Entry<String, String> e : values.entrySet()) {
            Pattern key = Pattern.compile("^\\s*" + Pattern.quote(e.getKey()) + "\\s*=.*$");
            String line = e.getKey() + " = " + e.getValue();
            boolean found = false;
            for (int i = 0; i < lines.size(); i++) {
                if (key.matcher(lines.get(i)).matches()) {
                    lines.set(i, line);
                    found = true;
                }
            }
            if (!found) {
                lines.add(line);
            }
        }
        Files.write(file, lines);
    }

    private static void appendLines(Path file, List<String> lines) throws IOException {
        String text = Files.readString(file);
        StringBuilder b = new StringBuilder(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            b.append('\n');
        }
        lines.forEach(l -> b.append(l).append('\n'));
        Files.writeString(file, b);
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p :
                    all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** What one {@code bin/client} run returned. */
    record ClientResult(int exitCode, String output) {}
}
