// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Real etcd members for tests: Debian's {@code etcd} and {@code etcdctl} (package etcd-server, installed by
 * {@code .ci/run}), each member on loopback ports picked here, in a temporary folder removed at {@link #close()}.
 * Writes go through {@code etcdctl}, as an operator's would.
 */
final class EtcdCluster implements AutoCloseable {
    static final Path ETCD = Path.of("/usr/bin/etcd");
    static final Path ETCDCTL = Path.of("/usr/bin/etcdctl");

    private final Path dir;
    private final String token;
    private final List<Member> members = new ArrayList<>();
    /** http, or https for members started with {@link #startTls}. */
    private final String scheme;
    /** What each member is started with beyond its name, folders and ports (TLS files). */
    private final List<String> memberFlags = new ArrayList<>();
    /** What each etcdctl call is given (TLS files, a user). */
    private final List<String> ctlFlags = new ArrayList<>();

    private final class Member {
        final String name;
        final int clientPort;
        final int peerPort;
        Process process;

        Member(String name, int clientPort, int peerPort) {
            this.name = name;
            this.clientPort = clientPort;
            this.peerPort = peerPort;
        }

        String clientUrl() {
            return scheme + "://127.0.0.1:" + clientPort;
        }

        String peerUrl() {
            return "http://127.0.0.1:" + peerPort;
        }
    }

    /** Skips the calling test, saying why, when etcd is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(
                Files.isExecutable(ETCD) && Files.isExecutable(ETCDCTL),
                "etcd is not installed (" + ETCD + ", " + ETCDCTL + "; Debian: apt-get install etcd-server"
                        + " etcd-client): skipping the tests against a real etcd");
    }

    /** Starts {@code size} members forming one cluster and waits until it answers. */
    static EtcdCluster start(int size) throws Exception {
        assumeInstalled();
        return started(new EtcdCluster(Files.createTempDirectory("varpd-etcd-test"), "http"), size);
    }

    /**
     * Starts one member serving clients over TLS only, with the server certificate and key in {@code certs}
     * ({@code server.crt}, {@code server.key}), and asking every client for a certificate signed by {@code ca.crt};
     * etcdctl presents {@code client.crt} and {@code client.key}.
     */
    static EtcdCluster startTls(Path certs) throws Exception {
        assumeInstalled();
        EtcdCluster c = new EtcdCluster(Files.createTempDirectory("varpd-etcd-test"), "https");
        c.memberFlags.addAll(List.of(
                "--cert-file",
                certs.resolve("server.crt").toString(),
                "--key-file",
                certs.resolve("server.key").toString(),
                "--trusted-ca-file",
                certs.resolve("ca.crt").toString(),
                "--client-cert-auth"));
        c.ctlFlags.addAll(List.of(
                "--cacert=" + certs.resolve("ca.crt"),
                "--cert=" + certs.resolve("client.crt"),
                "--key=" + certs.resolve("client.key")));
        return started(c, 1);
    }

    /** From now on etcdctl authenticates as {@code user} with {@code password} (after auth was enabled). */
    void ctlUser(String user, String password) {
        ctlFlags.add("--user=" + user + ":" + password);
    }

    private static EtcdCluster started(EtcdCluster c, int size) throws Exception {
        try {
            for (int i = 0; i < size; i++) {
                c.members.add(c.new Member("m" + i, freePort(), freePort()));
            }
            for (int i = 0; i < size; i++) {
                c.launch(i, "new");
            }
            c.awaitHealthy();
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    private EtcdCluster(Path dir, String scheme) {
        this.dir = dir;
        this.scheme = scheme;
        this.token = "varpd-" + dir.getFileName();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void launch(int i, String state) throws IOException {
        Member m = members.get(i);
        StringBuilder initial = new StringBuilder();
        for (Member o : members) {
            initial.append(initial.length() == 0 ? "" : ",")
                    .append(o.name)
                    .append('=')
                    .append(o.peerUrl());
        }
        ProcessBuilder pb = new ProcessBuilder(
                ETCD.toString(),
                "--name",
                m.name,
                "--data-dir",
                dir.resolve(m.name).toString(),
                "--listen-client-urls",
                m.clientUrl(),
                "--advertise-client-urls",
                m.clientUrl(),
                "--listen-peer-urls",
                m.peerUrl(),
                "--initial-advertise-peer-urls",
                m.peerUrl(),
                "--initial-cluster",
                initial.toString(),
                "--initial-cluster-state",
                state,
                "--initial-cluster-token",
                token,
                "--heartbeat-interval",
                "50",
                "--election-timeout",
                "500");
        pb.command().addAll(memberFlags);
        pb.redirectErrorStream(true);
        pb.redirectOutput(
                ProcessBuilder.Redirect.appendTo(dir.resolve(m.name + ".log").toFile()));
        m.process = pb.start();
    }

    /** The client URLs of every member, comma-separated, as {@code etcd/endpoints} takes them. */
    String endpoints() {
        return String.join(",", members.stream().map(Member::clientUrl).toList());
    }

    String endpoint(int i) {
        return members.get(i).clientUrl();
    }

    /** Kills member {@code i} at once (SIGKILL), as a crash would. */
    void kill(int i) throws InterruptedException {
        Process p = members.get(i).process;
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts member {@code i} again on its data and ports, and waits until the cluster answers. */
    void restart(int i) throws Exception {
        launch(i, "existing");
        awaitHealthy();
    }

    /** Starts every member that is not running, then waits until the cluster answers. */
    void restartAll() throws Exception {
        for (int i = 0; i < members.size(); i++) {
            if (!members.get(i).process.isAlive()) {
                launch(i, "existing");
            }
        }
        awaitHealthy();
    }

    /** The index of the member that is the leader now. */
    int leader() throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            for (int i = 0; i < members.size(); i++) {
                if (!members.get(i).process.isAlive()) {
                    continue;
                }
                String out = ctl(members.get(i).clientUrl(), "endpoint", "status", "-w", "json");
                JsonElement parsed = JsonParser.parseString(out);
                JsonObject status = (parsed.isJsonArray() ? ((JsonArray) parsed).get(0) : parsed)
                        .getAsJsonObject()
                        .getAsJsonObject("Status");
                String self = status.getAsJsonObject("header").get("member_id").getAsString();
                String leader = status.get("leader").getAsString();
                if (self.equals(leader)) {
                    return i;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no member is the leader");
    }

    /** Writes a key; retried for up to 20 s while the cluster elects a new leader (a put may be repeated). */
    void put(String key, String value) throws Exception {
        retrying("put", key, "--", value);
    }

    void delete(String key) throws Exception {
        retrying("del", key);
    }

    private void retrying(String... args) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                ctl(liveEndpoints(), args);
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Compacts etcd's history up to its current revision, and returns that revision. */
    long compact() throws Exception {
        String out = ctl(liveEndpoints(), "get", "/", "--prefix", "--keys-only", "--limit", "1", "-w", "json");
        long revision = JsonParser.parseString(out)
                .getAsJsonObject()
                .getAsJsonObject("header")
                .get("revision")
                .getAsLong();
        ctl(liveEndpoints(), "compact", Long.toString(revision), "--physical");
        return revision;
    }

    private String liveEndpoints() {
        return String.join(
                ",",
                members.stream()
                        .filter(m -> m.process != null && m.process.isAlive())
                        .map(Member::clientUrl)
                        .toList());
    }

    private void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                ctl(liveEndpoints(), "put", "/varpd-test/health", "ok");
                return;
            } catch (AssertionError e) {
                last = e.getMessage();
                Thread.sleep(100);
            }
        }
        throw new AssertionError("etcd did not answer within 30 s: " + last + "; logs in " + dir);
    }

    /** Runs etcdctl (API v3) against {@code endpoints}; fails the test when it fails. */
    String ctl(String endpoints, String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of(ETCDCTL.toString(), "--endpoints=" + endpoints, "--command-timeout=5s"));
        cmd.addAll(ctlFlags);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("etcdctl " + String.join(" ", args) + " failed: " + out.strip());
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        for (Member m : members) {
            if (m.process != null) {
                m.process.destroyForcibly();
                try {
                    m.process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
