// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import io.varpd.api.IpAddresses;
import io.varpd.api.TargetPoint;
import io.varpd.api.admin.OverlaySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and checks request bodies: strict JSON (RFC 8259, UTF-8, one value, nothing after it), of the shape each
 * operation expects, with every field named in the error when it is missing, unknown or of the wrong type. Values are
 * only shaped here; their meaning (a valid link name, a vnetid in range, a known property) is core's to check.
 */
final class RequestBodies {
    /** The largest body accepted; a create with every property fits in a few KiB. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private RequestBodies() {}

    /**
     * Whether {@code contentType} (a Content-Type header value, possibly with parameters) is {@code application/json}.
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
            throw new ApiError(
                    413, io.varpd.api.Errno.E2BIG, "the request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("the request body is not UTF-8 text");
        }
    }

    /**
     * Parses {@code text} as one strict JSON object in which no object repeats a field (RFC 8259 leaves duplicates
     * undefined; a parser keeping the last would let a second {@code "link"} silently win).
     *
     * @throws ApiError 400 naming the syntax error and where it is (line, column), a repeated field, or what was sent
     *     instead of an object
     */
    static JsonObject parseObject(String text) throws ApiError {
        if (text.isBlank()) {
            throw ApiError.badRequest("the request body is empty; a JSON object is required");
        }
        JsonElement e;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            e = readValue(reader, 0);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw ApiError.badRequest(
                        "the request body is not valid JSON: data after the first value" + position(reader));
            }
        } catch (IOException | IllegalStateException | NumberFormatException ex) {
            throw ApiError.badRequest("the request body is not valid JSON" + syntaxError(ex));
        }
        if (!e.isJsonObject()) {
            throw ApiError.badRequest("the request body must be a JSON object, not " + kind(e));
        }
        return e.getAsJsonObject();
    }

    /** How deeply arrays and objects may nest; the bodies the API takes nest two levels. */
    static final int MAX_DEPTH = 32;

    private static JsonElement readValue(JsonReader reader, int depth) throws IOException, ApiError {
        JsonToken token = reader.peek();
        if ((token == JsonToken.BEGIN_OBJECT || token == JsonToken.BEGIN_ARRAY) && depth >= MAX_DEPTH) {
            throw ApiError.badRequest(
                    "the request body nests objects or arrays deeper than " + MAX_DEPTH + " levels" + position(reader));
        }
        switch (token) {
            case BEGIN_OBJECT: {
                JsonObject o = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (o.has(name)) {
                        throw ApiError.badRequest("field '" + clip(name) + "' appears twice in the same object"
                                + position(reader) + "; give each field once");
                    }
                    o.add(name, readValue(reader, depth + 1));
                }
                reader.endObject();
                return o;
            }
            case BEGIN_ARRAY: {
                JsonArray a = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    a.add(readValue(reader, depth + 1));
                }
                reader.endArray();
                return a;
            }
            case STRING:
                return new JsonPrimitive(reader.nextString());
            case NUMBER:
                return new JsonPrimitive(new WrittenNumber(reader.nextString()));
            case BOOLEAN:
                return new JsonPrimitive(reader.nextBoolean());
            case NULL:
                reader.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw new MalformedJsonException("unexpected " + token + position(reader));
        }
    }

    /**
     * A JSON number kept as it was written, so {@code 4789} stays {@code "4789"} and a huge exponent is never expanded;
     * converted only when a caller asks for a Java number.
     */
    private static final class WrittenNumber extends Number {
        private static final long serialVersionUID = 1L;
        private final String text;

        WrittenNumber(String text) {
            this.text = text;
        }

        @Override
        public int intValue() {
            return (int) longValue();
        }

        @Override
        public long longValue() {
            return Long.parseLong(text);
        }

        @Override
        public float floatValue() {
            return Float.parseFloat(text);
        }

        @Override
        public double doubleValue() {
            return Double.parseDouble(text);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final Pattern GSON_POSITION = Pattern.compile(" at line (\\d+) column (\\d+) path (\\S*)");

    /** " at line L, column C (path P)" of the reader's current position. */
    private static String position(JsonReader reader) {
        Matcher m = GSON_POSITION.matcher(reader.toString());
        return m.find() ? " at line " + m.group(1) + ", column " + m.group(2) + " (" + m.group(3) + ")" : "";
    }

    /**
     * The parser's complaint as a sentence for the client: what was wrong and where, without the parser's advice to
     * itself (its lenient mode, its troubleshooting link).
     */
    private static String syntaxError(Exception ex) {
        String m = ex.getMessage() == null ? "" : ex.getMessage();
        int see = m.indexOf("\nSee ");
        if (see >= 0) {
            m = m.substring(0, see);
        }
        Matcher at = GSON_POSITION.matcher(m);
        String where = "";
        String what = m;
        if (at.find()) {
            // The parser counts the column after the character it stopped at; people want that character.
            where = " at line " + at.group(1) + ", column " + Math.max(1, Integer.parseInt(at.group(2)) - 1);
            what = m.substring(0, at.start());
        }
        if (what.contains("setStrictness") || what.contains("LENIENT") || what.isBlank()) {
            what = "strict JSON is required (names and strings in double quotes, no comments, no trailing commas)";
        } else if (what.startsWith("End of input")) {
            what = "the body ends before the JSON value does";
        } else if (ex instanceof NumberFormatException) {
            what = "a number cannot be read";
        } else {
            what = Character.toLowerCase(what.charAt(0)) + what.substring(1);
        }
        return where + ": " + what;
    }

    /**
     * The body of {@code POST /overlays}: {@code {"link": text, "plugin": text, "vnetid": number, "properties": {name:
     * text}}}, properties optional.
     */
    static OverlaySpec overlaySpec(JsonObject body) throws ApiError {
        onlyFields(body, "link", "plugin", "vnetid", "properties");
        String link = requiredString(body, "link");
        String plugin = requiredString(body, "plugin");
        long vnetid = requiredWholeNumber(body, "vnetid");
        Map<String, String> properties = body.has("properties") ? propertyMap(body.get("properties")) : Map.of();
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

    /** A guest to publish: its addresses (possibly none) and where it is reached (empty: the device's local point). */
    record Guest(Set<InetAddress> addresses, Optional<TargetPoint> at) {}

    /**
     * The body of {@code PUT /overlays/{link}/guests/{mac}}: {@code {"addresses": [text, ...], "at": "ip:port"}}, both
     * optional; {@code at} as {@code 192.0.2.7:4789} or {@code [2001:db8::7]:4789}.
     */
    static Guest guest(JsonObject body) throws ApiError {
        onlyFields(body, "addresses", "at");
        Set<InetAddress> addresses = new LinkedHashSet<>();
        JsonElement list = body.get("addresses");
        if (list != null && !list.isJsonNull()) {
            if (!list.isJsonArray()) {
                throw ApiError.badRequest("field 'addresses' must be an array of IP addresses, not " + kind(list));
            }
            for (JsonElement e : list.getAsJsonArray()) {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw ApiError.badRequest("field 'addresses' must hold IP addresses as strings, not " + kind(e));
                }
                addresses.add(IpAddresses.parse(e.getAsString())
                        .orElseThrow(() -> ApiError.badRequest("field"
                                + " 'addresses': '" + clip(e.getAsString())
                                + "' is not an IP address; allowed: IPv4 or IPv6"
                                + " literals such as 10.0.0.11 or fd00::11")));
            }
        }
        JsonElement at = body.get("at");
        if (at == null || at.isJsonNull()) {
            return new Guest(addresses, Optional.empty());
        }
        if (!at.isJsonPrimitive() || !at.getAsJsonPrimitive().isString()) {
            throw ApiError.badRequest("field 'at' must be a string, not " + kind(at));
        }
        return new Guest(addresses, Optional.of(point(at.getAsString())));
    }

    /** {@code ip:port}, an IPv6 address in brackets. */
    private static TargetPoint point(String text) throws ApiError {
        int colon = text.lastIndexOf(':');
        String host = colon <= 0 ? "" : text.substring(0, colon);
        String port = colon <= 0 ? "" : text.substring(colon + 1);
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        Optional<InetAddress> ip = IpAddresses.parse(bracketed ? host.substring(1, host.length() - 1) : host);
        if (ip.isEmpty()
                || ip.get() instanceof java.net.Inet6Address != bracketed
                || !port.matches("[0-9]{1,5}")
                || Integer.parseInt(port) < 1
                || Integer.parseInt(port) > 65535) {
            throw ApiError.badRequest("field 'at': '" + clip(text) + "' is not an address and port; allowed:"
                    + " ip:port such as 192.0.2.7:4789, or [2001:db8::7]:4789, port 1-65535");
        }
        return TargetPoint.of(ip.get(), Integer.parseInt(port));
    }

    private static void onlyFields(JsonObject body, String... allowed) throws ApiError {
        Set<String> unknown = new TreeSet<>(body.keySet());
        unknown.removeAll(Set.of(allowed));
        if (!unknown.isEmpty()) {
            throw ApiError.badRequest("unknown field" + (unknown.size() > 1 ? "s " : " ") + quoted(unknown)
                    + "; allowed: " + String.join(", ", allowed));
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
     * A {@code {name: value}} object as text by name: strings as they are, numbers and booleans as written, null as the
     * empty string (which removes a value).
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
                throw ApiError.badRequest(
                        "property '" + p.getKey() + "' must be a string, number," + " boolean or null, not " + kind(v));
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
}
