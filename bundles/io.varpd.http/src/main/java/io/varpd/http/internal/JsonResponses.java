package io.varpd.http.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import io.varpd.api.Errno;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes JSON answers: UTF-8, pretty-printed for people using curl, nulls kept, never cached,
 * never sniffed as anything but JSON.
 */
final class JsonResponses {
    static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    // Gson is thread-safe. Its HTML-escaping (' as \u0027 ...) is off so messages stay readable
    // in a terminal; the answer is application/json with nosniff, so no browser takes it for markup.
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls()
            .disableHtmlEscaping().create();

    private JsonResponses() {
    }

    static void write(HttpServletResponse resp, int status, JsonElement body) throws IOException {
        byte[] bytes = (GSON.toJson(body) + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        headers(resp);
        resp.setContentType(CONTENT_TYPE);
        resp.setContentLength(bytes.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(bytes);
        }
    }

    static void writeError(HttpServletResponse resp, int status, Errno errno, String message)
            throws IOException {
        write(resp, status, JsonViews.error(errno, message));
    }

    /** An answer without a body (204). */
    static void noContent(HttpServletResponse resp) {
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
        headers(resp);
    }

    private static void headers(HttpServletResponse resp) {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
    }
}
