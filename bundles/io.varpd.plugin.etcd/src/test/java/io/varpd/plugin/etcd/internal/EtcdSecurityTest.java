// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import static io.varpd.plugin.etcd.internal.Questions.NET;
import static io.varpd.plugin.etcd.internal.Questions.lookup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.DestinationType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin against a real etcd that asks for TLS with client certificates, and one that asks for a user and password.
 * The certificates are made here with the {@code openssl} command (a CA, the member's certificate for 127.0.0.1, a
 * client certificate; a second CA that signed nothing).
 */
class EtcdSecurityTest {
    private static final String PASSWORD = "s3cret-Pa55";

    @TempDir
    Path dir;

    private final EtcdPlugin plugin = new EtcdPlugin();
    private final FakeProvider provider = new FakeProvider();
    private EtcdCluster etcd;
    private EtcdInstance state;

    @AfterEach
    void stopAll() throws Exception {
        if (state != null) {
            plugin.stop(state);
            plugin.destroy(state);
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    private static void openssl(Path in, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(in.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** ca.crt, server.crt/key (127.0.0.1), client.crt/key (PKCS#8), other-ca.crt, in {@code dir}. */
    private Path certificates() throws Exception {
        EtcdCluster.assumeInstalled();
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/openssl")),
                "the openssl command is not installed (Debian: apt-get install openssl): skipping the TLS tests");
        Path c = Files.createDirectories(dir.resolve("certs"));
        for (String ca : List.of("ca", "other-ca")) {
            openssl(
                    c,
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    ca + ".key",
                    "-out",
                    ca + ".crt",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=varpd test " + ca);
        }
        Files.writeString(c.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        Files.writeString(c.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        for (String who : List.of("server", "client")) {
            // OpenSSL 3 writes the new key in PKCS#8 ("BEGIN PRIVATE KEY"), as the plugin asks.
            openssl(
                    c,
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    who + ".key",
                    "-out",
                    who + ".csr",
                    "-subj",
                    "/CN=varpd test " + who);
            openssl(
                    c,
                    "x509",
                    "-req",
                    "-in",
                    who + ".csr",
                    "-CA",
                    "ca.crt",
                    "-CAkey",
                    "ca.key",
                    "-CAcreateserial",
                    "-out",
                    who + ".crt",
                    "-days",
                    "2",
                    "-extfile",
                    who + ".ext");
        }
        return c;
    }

    private void startPlugin(String... properties) throws Exception {
        state = plugin.create(provider, EnumSet.of(DestinationType.IP, DestinationType.PORT));
        plugin.setProperty(state, EtcdProperties.ENDPOINTS, etcd.endpoints());
        for (int i = 0; i < properties.length; i += 2) {
            plugin.setProperty(state, properties[i], properties[i + 1]);
        }
        plugin.start(state);
    }

    private Path passwordFile(String password) throws Exception {
        Path f = dir.resolve("etcd-password");
        Files.writeString(f, password + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Test
    void aClientCertificateOverTlsReadsAndWatches() throws Exception {
        Path certs = certificates();
        etcd = EtcdCluster.startTls(certs);
        assertTrue(etcd.endpoints().startsWith("https://127.0.0.1:"), etcd.endpoints());
        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.1\", \"port\": 4789}");
        startPlugin(
                EtcdProperties.TLS_CA,
                certs.resolve("ca.crt").toString(),
                EtcdProperties.TLS_CERT,
                certs.resolve("client.crt").toString(),
                EtcdProperties.TLS_KEY,
                certs.resolve("client.key").toString());

        // Start waits 5 s at most for the first read; on a busy machine it may come later.
        awaitLookup("02:08:20:00:00:01", "reply 192.0.2.1:4789");
        assertEquals("ONLINE", provider.status());
        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.7\", \"port\": 4789}");
        provider.await("inject 02:08:20:00:00:01 null");
        assertEquals("reply 192.0.2.7:4789", lookup(plugin, state, "02:08:20:00:00:01"));
    }

    @Test
    void aCaThatDidNotSignTheMemberDegradesTheStartSayingSo() throws Exception {
        Path certs = certificates();
        etcd = EtcdCluster.startTls(certs);
        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.1\", \"port\": 4789}");
        startPlugin(
                EtcdProperties.TLS_CA,
                certs.resolve("other-ca.crt").toString(),
                EtcdProperties.TLS_CERT,
                certs.resolve("client.crt").toString(),
                EtcdProperties.TLS_KEY,
                certs.resolve("client.key").toString());

        String degraded = provider.await(15, "a degrade", e -> e.startsWith("degrade"));
        assertTrue(degraded.startsWith("degrade etcd unreachable at " + etcd.endpoints() + ": "), degraded);
        assertTrue(degraded.contains("certificate") && degraded.contains(EtcdProperties.TLS_CA), degraded);
        assertEquals("DROP", lookup(plugin, state, "02:08:20:00:00:01"));
    }

    @Test
    void aUserWithAPasswordFileReadsAndWatches() throws Exception {
        etcd = authenticated();
        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.1\", \"port\": 4789}");
        startPlugin(
                EtcdProperties.USER,
                "varpd",
                EtcdProperties.PASSWORD_FILE,
                passwordFile(PASSWORD).toString());

        // Start waits 5 s at most for the first read; on a busy machine it may come later.
        awaitLookup("02:08:20:00:00:01", "reply 192.0.2.1:4789");
        assertEquals("ONLINE", provider.status());
        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.7\", \"port\": 4789}");
        provider.await("inject 02:08:20:00:00:01 null");
        assertEquals("reply 192.0.2.7:4789", lookup(plugin, state, "02:08:20:00:00:01"));
        assertFalse(String.valueOf(plugin.save(state)).contains(PASSWORD));
    }

    @Test
    void aWrongPasswordDegradesTheStartSayingSoWithoutThePassword() throws Exception {
        etcd = authenticated();
        etcd.put(NET + "mac/02:08:20:00:00:01", "{\"ip\": \"192.0.2.1\", \"port\": 4789}");
        String wrong = "not-the-Pa55word";
        startPlugin(
                EtcdProperties.USER,
                "varpd",
                EtcdProperties.PASSWORD_FILE,
                passwordFile(wrong).toString());

        String degraded = provider.await(15, "a degrade", e -> e.startsWith("degrade"));
        assertTrue(degraded.startsWith("degrade etcd unreachable at " + etcd.endpoints() + ": "), degraded);
        assertTrue(degraded.contains("authentication failed") && degraded.contains("user varpd"), degraded);
        assertFalse(degraded.contains(wrong) || degraded.contains(PASSWORD), degraded);
        assertEquals("DROP", lookup(plugin, state, "02:08:20:00:00:01"));
    }

    private void awaitLookup(String mac, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        String got = lookup(plugin, state, mac);
        while (!got.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            got = lookup(plugin, state, mac);
        }
        assertEquals(expected, got, "lookup of " + mac);
    }

    /** A member with auth enabled: root, and user varpd who may read and watch /varpd/ only. */
    private EtcdCluster authenticated() throws Exception {
        EtcdCluster c = EtcdCluster.start(1);
        String e = c.endpoints();
        c.ctl(e, "user", "add", "root", "--new-user-password=root-" + PASSWORD);
        c.ctl(e, "role", "add", "varpd-reader");
        c.ctl(e, "role", "grant-permission", "varpd-reader", "--prefix=true", "read", "/varpd/");
        c.ctl(e, "user", "add", "varpd", "--new-user-password=" + PASSWORD);
        c.ctl(e, "user", "grant-role", "varpd", "varpd-reader");
        c.ctl(e, "auth", "enable");
        c.ctlUser("root", "root-" + PASSWORD);
        return c;
    }
}
