// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.process;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The assembled runtime ({@code runtime/target/felix}) run as a separate process, the way an operator runs it: a
 * private copy of the assembly, its own state folder, a free loopback port, a known console password, no terminal.
 * Talks to it through the HTTP API and the web console (same account), and stops it the way a service manager does
 * (SIGTERM) or kills it (SIGKILL).
 */
public final class RuntimeProcess implements AutoCloseable {
    private static final Path ASSEMBLY =
            Path.of("..", "runtime", "target", "felix").toAbsolutePath().normalize();
    private static final String PASSWORD = "crash-test-password";

    private final Path home;
    private final Path state;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private RuntimeProcess(Path home, Path state, int port) {
        this.home = home;
        this.state = state;
        this.port = port;
    }

    /** Copies the assembly into {@code dir} (the state folder goes beside it). */
    public static RuntimeProcess copyInto(Path dir) throws IOException {
        if (!Files.isExecutable(ASSEMBLY.resolve("bin/varpd"))) {
            throw new IllegalStateException("no runtime at " + ASSEMBLY + ": build it first (mvn -B verify at the"
                    + " repository root builds runtime/ before itest/)");
        }
        Path home = dir.resolve("felix");
        copyTree(ASSEMBLY, home);
        try (ServerSocket s = new ServerSocket(0)) {
            return new RuntimeProcess(home, dir.resolve("state"), s.getLocalPort());
        }
    }

    public Path state() {
        return state;
    }

    /** The copied assembly: {@code configadmin/}, {@code bundle/}, {@code bin/varpd}. */
    public Path home() {
        return home;
    }

    /** Starts the runtime and waits until the HTTP API answers. */
    public void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/varpd").toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("varpd.log").toFile()));
        pb.environment().put("VARPD_STATE_DIR", state.toString());
        pb.environment().put("VARPD_HTTP_PORT", Integer.toString(port));
        pb.environment().put("VARPD_CONSOLE_PASSWORD", PASSWORD);
        pb.environment().put("VARPD_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        process = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the runtime exited with " + process.exitValue() + ": " + log());
            }
            try {
                if (get("/overlays").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the runtime did not answer within 90 s: " + log());
    }

    /**
     * SIGTERM, as a service manager stops a daemon ({@code bin/varpd} execs Java, so the signal reaches the JVM): the
     * framework stops every bundle. Waits until the process is gone.
     */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the runtime did not stop within 60 s of SIGTERM: " + log());
        }
    }

    /** SIGKILL: no shutdown hook, no bundle stop, nothing flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> patch(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** GET {@code /system/console<path>} (e.g. {@code /bundles.json}). */
    public HttpResponse<String> consoleGet(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(consoleUri(path)).GET());
    }

    /** The console's bundle list ({@code /bundles.json}): one object per bundle, with its id, name and state. */
    public List<JsonObject> consoleBundles() throws IOException, InterruptedException {
        HttpResponse<String> r = consoleGet("/bundles.json");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /system/console/bundles.json: " + r.statusCode() + " " + r.body());
        }
        List<JsonObject> bundles = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("data")) {
            bundles.add(e.getAsJsonObject());
        }
        return bundles;
    }

    /** The console's entry of the bundle whose symbolic name is {@code symbolicName}, if one is installed. */
    public Optional<JsonObject> consoleBundle(String symbolicName) throws IOException, InterruptedException {
        return consoleBundles().stream()
                .filter(b -> b.get("symbolicName").getAsString().equals(symbolicName))
                .findFirst();
    }

    /**
     * POST {@code /system/console<path>} with {@code form} as a browser sends a form
     * ({@code application/x-www-form-urlencoded}, fields in the given order).
     */
    public HttpResponse<String> consolePost(String path, Map<String, String> form)
            throws IOException, InterruptedException {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(consoleUri(path))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /**
     * POST {@code /system/console<path>} as a browser sends a form with a file ({@code multipart/form-data}): the
     * {@code form} fields, then {@code content} as the file field {@code fileField} named {@code fileName}.
     */
    public HttpResponse<String> consoleUpload(
            String path, Map<String, String> form, String fileField, String fileName, byte[] content)
            throws IOException, InterruptedException {
        String boundary = "varpd-itest-" + Long.toHexString(System.nanoTime());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        form.forEach((k, v) -> body.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n")
                        .getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                        + fileName + "\"\r\nContent-Type: application/java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(consoleUri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private URI consoleUri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/system/console" + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return http.send(
                b.header("Authorization", "Basic " + auth)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/varpd/api" + path);
    }

    public String log() {
        try {
            return Files.readString(home.resolve("varpd.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            all.forEach(p -> {
                Path target = to.resolve(from.relativize(p).toString());
                try {
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else if (!p.startsWith(from.resolve("state"))) {
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The loopback HTTP port of the console and the API (browser tests open it themselves). */
    public int port() {
        return port;
    }

    /** The console's and the API's password for user {@code admin}. */
    public String password() {
        return PASSWORD;
    }
}
