// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.process;

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
 * One real etcd member for a test: Debian's {@code etcd} (package etcd-server) on loopback ports picked here, its data
 * in a temporary folder that {@link #close()} removes after stopping it. {@link #keys} reads through {@code etcdctl},
 * as an operator would.
 */
final class Etcd implements AutoCloseable {
    private static final Path ETCD = Path.of("/usr/bin/etcd");
    private static final Path ETCDCTL = Path.of("/usr/bin/etcdctl");

    private final Path dir;
    private final int clientPort;
    private Process process;

    private Etcd(Path dir, int clientPort) {
        this.dir = dir;
        this.clientPort = clientPort;
    }

    /** Skips the calling test class, saying why, when etcd is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(
                Files.isExecutable(ETCD) && Files.isExecutable(ETCDCTL),
                "etcd is not installed (" + ETCD + ", " + ETCDCTL
                        + "; Debian: apt-get install etcd-server etcd-client); skipped");
    }

    /** Starts a single member and waits until it answers. */
    static Etcd start() throws Exception {
        assumeInstalled();
        Etcd e = new Etcd(Files.createTempDirectory("varpd-itest-etcd"), freePort());
        try {
            int peer = freePort();
            String client = e.endpoint();
            String peerUrl = "http://127.0.0.1:" + peer;
            e.process = new ProcessBuilder(
                            ETCD.toString(),
                            "--name",
                            "m0",
                            "--data-dir",
                            e.dir.resolve("m0").toString(),
                            "--listen-client-urls",
                            client,
                            "--advertise-client-urls",
                            client,
                            "--listen-peer-urls",
                            peerUrl,
                            "--initial-advertise-peer-urls",
                            peerUrl,
                            "--initial-cluster",
                            "m0=" + peerUrl,
                            "--initial-cluster-state",
                            "new",
                            "--initial-cluster-token",
                            "varpd-" + e.dir.getFileName())
                    .redirectErrorStream(true)
                    .redirectOutput(e.dir.resolve("etcd.log").toFile())
                    .start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!e.ctl("endpoint", "health").ok()) {
                if (!e.process.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(
                            "etcd did not start: " + Files.readString(e.dir.resolve("etcd.log")));
                }
                Thread.sleep(100);
            }
        } catch (Exception | Error failure) {
            e.close();
            throw failure;
        }
        return e;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The client URL, as {@code etcd/endpoints} takes it. */
    String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    /** The keys under {@code prefix}, in etcd's order. */
    List<String> keys(String prefix) {
        Netns.Result r = ctl("get", "--prefix", "--keys-only", prefix);
        if (!r.ok()) {
            throw new AssertionError("etcdctl get " + prefix + ": " + r.output());
        }
        List<String> out = new ArrayList<>();
        r.output().lines().filter(l -> !l.isBlank()).forEach(out::add);
        return out;
    }

    /** The value of {@code key}, empty when there is none. */
    String value(String key) {
        Netns.Result r = ctl("get", "--print-value-only", key);
        if (!r.ok()) {
            throw new AssertionError("etcdctl get " + key + ": " + r.output());
        }
        return r.output().trim();
    }

    private Netns.Result ctl(String... args) {
        List<String> command = new ArrayList<>(List.of(
                ETCDCTL.toString(), "--endpoints", endpoint(), "--dial-timeout", "2s", "--command-timeout", "5s"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("ETCDCTL_API", "3");
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Netns.Result(-1, "etcdctl still running after 20 s");
            }
            return new Netns.Result(
                    p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Netns.Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Netns.Result(-1, "interrupted");
        }
    }

    /** Stops the member (SIGTERM, then SIGKILL) and removes its folder. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (!Files.exists(dir)) {
            return; // closed before
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
