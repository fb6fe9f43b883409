// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Why etcd cannot be used, when the client only says "no answer": asked when a start's read fails with TLS or a user
 * configured. The embedded client retries a refused TLS handshake or a refused login until its deadline, so the reason
 * never reaches its error; this asks each member once more over etcd's JSON gateway (on the same port:
 * {@code /v3/auth/authenticate} with the user, else {@code /version}) with the JDK's own TLS and the same files, and
 * names what was refused: the member's certificate (not signed by {@code etcd/tls_ca}, or not for its address), this
 * client's certificate, or the user and password. The password goes into the request only, never a message.
 */
final class EtcdDiagnosis {
    private static final Duration WAIT = Duration.ofSeconds(1);

    private EtcdDiagnosis() {}

    /** What the members refuse, or empty when nothing definite was learnt (they may just be down). */
    static Optional<String> why(EtcdSettings settings) {
        HttpClient http;
        try {
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(WAIT);
            if (settings.tls()) {
                b.sslContext(tls(settings));
            }
            http = b.build();
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return Optional.of("the TLS files cannot be used: " + EtcdInstance.describe(e));
        }
        for (String endpoint : settings.endpoints()) {
            Optional<String> why = ask(http, endpoint, settings);
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> ask(HttpClient http, String endpoint, EtcdSettings settings) {
        HttpRequest request;
        if (settings.user() != null) {
            // JSON strings: the user name is checked text; the password is escaped as any JSON string.
            String body = "{\"name\": " + json(settings.user()) + ", \"password\": "
                    + json(new String(settings.password(), StandardCharsets.UTF_8)) + "}";
            request = HttpRequest.newBuilder(URI.create(endpoint + "/v3/auth/authenticate"))
                    .timeout(WAIT)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        } else {
            request = HttpRequest.newBuilder(URI.create(endpoint + "/version"))
                    .timeout(WAIT)
                    .GET()
                    .build();
        }
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (settings.user() != null && answer.body().contains("authentication failed")) {
                return Optional.of("etcd at " + endpoint + " refused user " + settings.user() + " with the password in "
                        + EtcdProperties.PASSWORD_FILE + ": authentication failed");
            }
            return Optional.empty();
        } catch (SSLHandshakeException e) {
            return Optional.of(handshake(endpoint, e));
        } catch (IOException e) {
            if (chain(e, SSLHandshakeException.class) != null) {
                return Optional.of(handshake(endpoint, chain(e, SSLHandshakeException.class)));
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String handshake(String endpoint, Throwable e) {
        String message = String.valueOf(e.getMessage());
        if (chain(e, CertPathValidatorException.class) != null
                || message.contains("PKIX")
                || message.contains("certification path")) {
            return "the TLS certificate of " + endpoint + " is not signed by the CA in " + EtcdProperties.TLS_CA;
        }
        if (message.contains("subject alternative name") || message.contains("No name matching")) {
            return "the TLS certificate of " + endpoint + " is not for that address: " + EtcdInstance.describe(e);
        }
        if (message.contains("bad_certificate")
                || message.contains("certificate_required")
                || message.contains("unknown_ca")) {
            return endpoint + " refused this client's TLS certificate (" + EtcdProperties.TLS_CERT + "): "
                    + EtcdInstance.describe(e);
        }
        return "TLS handshake with " + endpoint + " failed: " + EtcdInstance.describe(e);
    }

    private static Throwable chain(Throwable e, Class<? extends Throwable> kind) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static String json(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** The JDK's TLS with the configured CA (else the JDK's) and client certificate and key. */
    private static SSLContext tls(EtcdSettings settings) throws GeneralSecurityException, IOException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (settings.tlsCa() == null) {
            trust.init((KeyStore) null);
        } else {
            KeyStore cas = KeyStore.getInstance("PKCS12");
            cas.load(null, null);
            int n = 0;
            for (Certificate c : certificates(settings.tlsCa())) {
                cas.setCertificateEntry("ca" + n++, c);
            }
            trust.init(cas);
        }
        KeyManagerFactory keys = null;
        if (settings.tlsCert() != null) {
            KeyStore mine = KeyStore.getInstance("PKCS12");
            mine.load(null, null);
            char[] none = new char[0];
            mine.setKeyEntry(
                    "client",
                    privateKey(settings.tlsKey()),
                    none,
                    certificates(settings.tlsCert()).toArray(Certificate[]::new));
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(mine, none);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static java.util.Collection<? extends Certificate> certificates(String file)
            throws GeneralSecurityException, IOException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(Path.of(file))));
    }

    private static PrivateKey privateKey(String file) throws GeneralSecurityException, IOException {
        String pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(EtcdProperties.TLS_KEY + " is not a PKCS#8 PEM key");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Try the next kind of key.
            }
        }
        throw new GeneralSecurityException(EtcdProperties.TLS_KEY + " holds a key of a kind not known here");
    }
}
