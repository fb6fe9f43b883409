// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import io.varpd.api.Errno;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes JSON answers: UTF-8, pretty-printed for people using curl, nulls kept, never cached, never sniffed as anything
 * but JSON.
 */
public final class JsonResponses {
    public static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    // Gson is thread-safe. Its HTML-escaping (' as \u0027 ...) is off so messages stay readable
    // in a terminal; the answer is application/json with nosniff, so no browser takes it for markup.
    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .serializeNulls()
            .disableHtmlEscaping()
            .create();

    private JsonResponses() {}

    static void write(HttpExchange x, int status, JsonElement body) throws IOException {
        headers(x);
        x.send(status, CONTENT_TYPE, (GSON.toJson(body) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static void writeError(HttpExchange x, int status, Errno errno, String message) throws IOException {
        write(x, status, JsonViews.error(errno, message));
    }

    /** An answer without a body (204). */
    static void noContent(HttpExchange x) throws IOException {
        headers(x);
        x.send(204, null, new byte[0]);
    }

    private static void headers(HttpExchange x) {
        x.setHeader("Cache-Control", "no-store");
        x.setHeader("X-Content-Type-Options", "nosniff");
    }
}
