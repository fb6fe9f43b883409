package io.varpd.http.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.varpd.api.admin.OverlaySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and checks request bodies: strict JSON (RFC 8259, UTF-8, one value, nothing after it),
 * of the shape each operation expects, with every field named in the error when it is missing,
 * unknown or of the wrong type. Values are only shaped here; their meaning (a valid link name, a
 * vnetid in range, a known property) is core's to check.
 */
final class RequestBodies {
    /** The largest body accepted; a create with every property fits in a few KiB. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private RequestBodies() {
    }

    /**
     * Whether {@code contentType} (a Content-Type header value, possibly with parameters) is
     * {@code application/json}.
     */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        return type.toLowerCase(Locale.ROOT).equals("application/json");
    }

    /**
     * Reads at most {@link #MAX_BODY_BYTES} bytes of UTF-8 text.
     *
     * @throws ApiError 413 E2BIG when longer, 400 EINVAL when not UTF-8
     */
    static String readText(InputStream in) throws IOException, ApiError {
        byte[] buf = in.readNBytes(MAX_BODY_BYTES + 1);
        if (buf.length > MAX_BODY_BYTES) {
            throw new ApiError(413, io.varpd.api.Errno.E2BIG, "the request body is larger than "
                    + MAX_BODY_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("the request body is not UTF-8 text");
        }
    }

    /**
     * Parses {@code text} as one strict JSON object.
     *
     * @throws ApiError 400 naming the syntax error, or saying what was sent instead of an object
     */
    static JsonObject parseObject(String text) throws ApiError {
        if (text.isBlank()) {
            throw ApiError.badRequest("the request body is empty; a JSON object is required");
        }
        JsonElement e;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            e = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw ApiError.badRequest("the request body is not valid JSON: data after the"
                        + " first value at " + reader.getPath());
            }
        } catch (JsonParseException | IOException | IllegalStateException ex) {
            throw ApiError.badRequest("the request body is not valid JSON: " + gsonReason(ex));
        }
        if (!e.isJsonObject()) {
            throw ApiError.badRequest("the request body must be a JSON object, not " + kind(e));
        }
        return e.getAsJsonObject();
    }

    /**
     * The body of {@code POST /overlays}: {@code {"link": text, "plugin": text, "vnetid": number,
     * "properties": {name: text}}}, properties optional.
     */
    static OverlaySpec overlaySpec(JsonObject body) throws ApiError {
        onlyFields(body, "link", "plugin", "vnetid", "properties");
        String link = requiredString(body, "link");
        String plugin = requiredString(body, "plugin");
        long vnetid = requiredWholeNumber(body, "vnetid");
        Map<String, String> properties = body.has("properties")
                ? propertyMap(body.get("properties")) : Map.of();
        return new OverlaySpec(link, plugin, vnetid, properties);
    }

    /** The body of {@code PUT/PATCH /overlays/{link}}: {@code {"properties": {name: text}}}. */
    static Map<String, String> modification(JsonObject body) throws ApiError {
        onlyFields(body, "properties");
        if (!body.has("properties")) {
            throw ApiError.badRequest("missing field 'properties'; send {\"properties\": {name: value}};"
                    + " an empty string or null removes a value");
        }
        return propertyMap(body.get("properties"));
    }

    /** The body of {@code PUT /overlays/{link}/targets/{mac}}: {@code {"destination": text}}. */
    static String destination(JsonObject body) throws ApiError {
        onlyFields(body, "destination");
        return requiredString(body, "destination");
    }

    private static void onlyFields(JsonObject body, String... allowed) throws ApiError {
        Set<String> unknown = new TreeSet<>(body.keySet());
        unknown.removeAll(Set.of(allowed));
        if (!unknown.isEmpty()) {
            throw ApiError.badRequest("unknown field" + (unknown.size() > 1 ? "s " : " ")
                    + quoted(unknown) + "; allowed: " + String.join(", ", allowed));
        }
    }

    private static String requiredString(JsonObject body, String field) throws ApiError {
        JsonElement e = body.get(field);
        if (e == null || e.isJsonNull()) {
            throw ApiError.badRequest("missing field '" + field + "'");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw ApiError.badRequest("field '" + field + "' must be a string, not " + kind(e));
        }
        return e.getAsString();
    }

    private static long requiredWholeNumber(JsonObject body, String field) throws ApiError {
        JsonElement e = body.get(field);
        if (e == null || e.isJsonNull()) {
            throw ApiError.badRequest("missing field '" + field + "'");
        }
        String text;
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            text = e.getAsJsonPrimitive().getAsString();
        } else if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            text = e.getAsString().trim();
        } else {
            throw ApiError.badRequest("field '" + field + "' must be a whole number, not " + kind(e));
        }
        // Plain digits only: BigDecimal on "1e-999999999" would be a cheap way to burn CPU.
        if (text.matches("-?[0-9]{1,19}")) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException ex) {
                // 19 digits beyond Long.MAX_VALUE: fall through to the refusal
            }
        }
        throw ApiError.badRequest("field '" + field + "': '" + clip(text) + "' is not a whole number"
                + " (digits only, at most " + Long.MAX_VALUE + ")");
    }

    /**
     * A {@code {name: value}} object as text by name: strings as they are, numbers and booleans
     * as written, null as the empty string (which removes a value).
     */
    private static Map<String, String> propertyMap(JsonElement e) throws ApiError {
        if (!e.isJsonObject()) {
            throw ApiError.badRequest("field 'properties' must be an object of name: value, not " + kind(e));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> p : e.getAsJsonObject().entrySet()) {
            JsonElement v = p.getValue();
            if (v.isJsonNull()) {
                out.put(p.getKey(), "");
            } else if (v.isJsonPrimitive()) {
                out.put(p.getKey(), v.getAsJsonPrimitive().getAsString());
            } else {
                throw ApiError.badRequest("property '" + p.getKey() + "' must be a string, number,"
                        + " boolean or null, not " + kind(v));
            }
        }
        return out;
    }

    private static String kind(JsonElement e) {
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isString() ? "a string" : p.isNumber() ? "a number" : "a boolean";
    }

    private static String quoted(Set<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(n).append('\'');
        }
        return sb.toString();
    }

    /** At most 40 characters of client text, for messages. */
    static String clip(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** Gson's message without its trailing troubleshooting link. */
    private static String gsonReason(Exception ex) {
        Throwable t = ex.getCause() != null && ex instanceof JsonParseException ? ex.getCause() : ex;
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int see = m.indexOf("\nSee ");
        return see < 0 ? m : m.substring(0, see);
    }
}
