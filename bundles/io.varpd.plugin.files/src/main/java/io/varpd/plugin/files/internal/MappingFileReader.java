// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a mapping file (docs/mapping-file.md) into a {@link MappingTable}, validating all of it: a file is either
 * loaded completely or refused with one message naming the line and column, the entry's MAC, the field, what is wrong,
 * the value (shortened) and what is allowed. With {@code skip} set, an entry that is bad on its own (its key, its value
 * or one of its fields) is left out instead and listed in {@link Loaded}; a file that is not readable JSON is still
 * refused as a whole, since nothing after the damage can be trusted.
 *
 * <p>The file is streamed through {@link MappingText} (strict UTF-8, exact places, bounded tokens) and Gson's
 * {@link JsonReader} in {@link Strictness#STRICT} mode (standard RFC 8259 JSON), so no document tree is built: memory
 * grows with the entries kept, not with the text. The package documentation lists where this differs from the original
 * parser.
 */
final class MappingFileReader {
    static final String FIELD_IP = "ip";
    static final String FIELD_PORT = "port";
    static final String FIELD_ARP = "arp";
    static final String FIELD_NDP = "ndp";
    static final String FIELD_DHCP_PROXY = "dhcp-proxy";

    private static final String ENTRY_FORM =
            "an object with any of \"ip\", \"port\", \"arp\", \"ndp\" and" + " \"dhcp-proxy\"";
    private static final String ALLOWED_IP =
            "an IPv4 (192.0.2.1) or IPv6 (2001:db8::1) unicast address as a" + " string; host names are not looked up";
    private static final String ALLOWED_PORT = "an integer 1-65535";
    private static final String ALLOWED_ARP = "an IPv4 unicast address as a string (10.55.55.2)";
    private static final String ALLOWED_NDP = "an IPv6 unicast address as a string (fe80::3), not IPv4-mapped";
    private static final String ALLOWED_MAC = "a unicast MAC address as a string (de:ad:be:ef:0:1)";
    private static final String ALLOWED_MAC_CHARACTERS = "a unicast MAC address written with the ASCII hex"
            + " digits 0-9, a-f, A-F and the separators ':', '-' or '.' (de:ad:be:ef:0:1)";

    /** How many skipped entries a {@link Loaded} describes; the rest are only counted. */
    static final int LISTED_SKIPS = 5;

    /**
     * A file read and validated.
     *
     * @param table what is served
     * @param skipped how many bad entries were left out (only with {@code skip})
     * @param skips the first {@value #LISTED_SKIPS} of them, each "line L: entry ...: what; allowed: ..."
     */
    record Loaded(MappingTable table, int skipped, List<String> skips) {
        Loaded {
            skips = List.copyOf(skips);
        }
    }

    /** One entry that is wrong on its own; with {@code skip} it is left out, else the file is refused. */
    private static final class BadEntry extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final String what;

        BadEntry(JsonPosition at, String what) {
            super(at + what, null, false, false);
            this.line = at.line();
            this.what = what;
        }
    }

    /** Gson's location suffix: "... at line 3 column 7 path $.a". */
    private static final Pattern GSON_LOCATION =
            Pattern.compile("(?s)(.*?) at line (\\d+) column (\\d+) path (\\S*).*");

    /** How many distinct underlay IP texts are remembered while reading (a file has few hosts). */
    private static final int IP_CACHE_LIMIT = 1 << 16;

    private final JsonReader json;
    private final Set<DestinationType> destination;
    private final boolean skip;
    /** Underlay IP text already read and validated: thousands of MACs share a host. */
    private final Map<String, InetAddress> underlayIps = new HashMap<>();

    private int skipped;
    private final List<String> skips = new ArrayList<>();
    // What is being read, for a problem MappingText finds; kept as parts, since a message is built
    // only for a problem and a million entries should not build a million of them.
    private String contextKey;
    private MacAddress contextEntry;
    private String contextField;

    private MappingFileReader(JsonReader json, Set<DestinationType> destination, boolean skip) {
        this.json = json;
        this.destination = destination;
        this.skip = skip;
    }

    /**
     * Reads and validates the whole file, refusing it for any bad entry.
     *
     * @throws VarpdException EINVAL for anything that is not a valid mapping file (an empty file included), ENOENT when
     *     the file does not exist, EPERM when it may not be read, EIO for other I/O failures; every message starts with
     *     {@code files/config <path>: }
     */
    static MappingTable read(Path path, Set<DestinationType> destination) throws VarpdException {
        String prefix = FilesProperties.CONFIG + " " + path + ": ";
        try {
            return load(path, destination, false).table();
        } catch (VarpdException e) {
            throw new VarpdException(e.errno(), prefix + e.getMessage(), e);
        }
    }

    /**
     * Reads and validates the whole file; with {@code skip}, bad entries are left out and listed.
     *
     * @throws VarpdException as {@link #read}, but the messages do not name the file
     */
    static Loaded load(Path path, Set<DestinationType> destination, boolean skip) throws VarpdException {
        try (MappingText in = MappingText.ofUtf8(Files.newInputStream(path))) {
            return parse(in, destination, skip);
        } catch (IOException e) {
            throw ioFailure("", e);
        }
    }

    /**
     * Reads and validates JSON text, refusing it for any bad entry; messages name the line and column but no file.
     *
     * @throws IOException only when {@code in} itself fails
     */
    static MappingTable parse(Reader in, Set<DestinationType> destination) throws VarpdException, IOException {
        return parse(in, destination, false).table();
    }

    /**
     * Reads and validates JSON text; with {@code skip}, bad entries are left out and listed.
     *
     * @throws IOException only when {@code in} itself fails
     */
    static Loaded parse(Reader in, Set<DestinationType> destination, boolean skip) throws VarpdException, IOException {
        Reader text = in instanceof MappingText checked ? checked : MappingText.ofChars(in);
        JsonReader json = new JsonReader(text);
        json.setStrictness(Strictness.STRICT);
        MappingFileReader reader = new MappingFileReader(json, destination, skip);
        try {
            return reader.readDocument();
        } catch (MappingText.Problem e) {
            throw new VarpdException(Errno.EINVAL, e.place() + ": " + reader.context() + e.what(), e);
        } catch (MalformedJsonException e) {
            throw syntaxError(e);
        } catch (EOFException e) {
            throw new VarpdException(
                    Errno.EINVAL,
                    gsonWhere(e) + "the file ends in the middle of the JSON"
                            + " text; allowed: one complete JSON object",
                    e);
        }
    }

    /** Maps an I/O failure to the errno the original would have returned. */
    static VarpdException ioFailure(String prefix, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new VarpdException(Errno.ENOENT, prefix + "no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new VarpdException(Errno.EPERM, prefix + "permission denied", e);
        }
        if (e instanceof FileStamp.NotARegularFileException n) {
            return new VarpdException(Errno.EINVAL, prefix + "is " + n.getReason() + "; allowed: a regular file", e);
        }
        return new VarpdException(Errno.EIO, prefix + "cannot read: " + e.getMessage(), e);
    }

    private Loaded readDocument() throws IOException, VarpdException {
        JsonToken top;
        try {
            top = json.peek();
        } catch (EOFException e) {
            throw new VarpdException(
                    Errno.EINVAL,
                    "the file is empty; allowed: one JSON object whose keys are" + " MAC addresses ({} for no entries)",
                    e);
        }
        if (top != JsonToken.BEGIN_OBJECT) {
            throw new VarpdException(
                    Errno.EINVAL,
                    position(json) + "the top-level value is " + describe(top)
                            + "; allowed: one JSON object whose keys are MAC addresses");
        }
        MappingTable.Builder table = MappingTable.builder(destination, 0);
        json.beginObject();
        while (json.hasNext()) {
            String key = json.nextName();
            contextKey = key;
            try {
                MacAddress mac;
                try {
                    mac = readKey(key);
                } catch (BadEntry e) {
                    if (skip) {
                        json.skipValue(); // the entry of a key that is not a usable MAC
                    }
                    throw e;
                }
                table.put(readEntry(mac));
            } catch (BadEntry e) {
                if (!skip) {
                    throw new VarpdException(Errno.EINVAL, e.getMessage());
                }
                skipped++;
                if (skips.size() < LISTED_SKIPS) {
                    skips.add((e.line > 0 ? "line " + e.line + ": " : "") + e.what);
                }
            }
            contextKey = null;
            contextEntry = null;
        }
        json.endObject();
        try {
            if (json.peek() != JsonToken.END_DOCUMENT) {
                throw new MalformedJsonException("more than one top-level value");
            }
        } catch (MalformedJsonException e) {
            throw new VarpdException(
                    Errno.EINVAL,
                    gsonWhere(e) + "there is more text after the top-level"
                            + " object; allowed: exactly one JSON object",
                    e);
        }
        // Conflicts between entries are found only once all are read, so they carry no position;
        // they refuse the file even with skip: which of the two entries is the bad one?
        return new Loaded(table.build(), skipped, skips);
    }

    /** "entry M: field \"f\": ", "entry M: ", "key \"k\": " or "": what the reader is in. */
    private String context() {
        if (contextEntry != null) {
            return "entry " + contextEntry + ": " + (contextField == null ? "" : "field " + shown(contextField) + ": ");
        }
        return contextKey == null ? "" : "key " + shown(contextKey) + ": ";
    }

    private MacAddress readKey(String key) throws BadEntry {
        String odd = notMacCharacter(key);
        if (odd != null) {
            throw new BadEntry(
                    JsonPosition.of(json), "key " + shown(key) + " " + odd + "; allowed: " + ALLOWED_MAC_CHARACTERS);
        }
        MacAddress mac;
        try {
            mac = MacAddress.parse(key);
        } catch (VarpdException e) {
            throw new BadEntry(
                    JsonPosition.of(json),
                    "key " + shown(key) + " is not a MAC address; allowed: "
                            + ALLOWED_MAC + ": six hex octets separated by ':' or '-', or three dotted groups"
                            + " (dead.beef.0001)");
        }
        if (mac.isMulticast()) {
            throw new BadEntry(
                    JsonPosition.of(json),
                    "key " + shown(key) + " is a "
                            + (mac.isBroadcast() ? "broadcast" : "multicast") + " address (" + mac + "); allowed: "
                            + ALLOWED_MAC);
        }
        return mac;
    }

    /**
     * Why a MAC's text has a character no MAC spelling uses, or null: {@link MacAddress#parse} takes any Unicode hex
     * digit (full-width '\uFF11', Arabic-Indic '\u0661'), which would make two different-looking keys the same MAC.
     */
    static String notMacCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c >= '0' && c <= '9'
                    || c >= 'a' && c <= 'f'
                    || c >= 'A' && c <= 'F'
                    || c == ':'
                    || c == '-'
                    || c == '.';
            if (!ok) {
                int cp = text.codePointAt(i);
                String printable = cp < 0x20 || cp == 0x7f || Character.isWhitespace(cp)
                        ? ""
                        : "'" + new String(Character.toChars(cp)) + "' ";
                return "has the character " + printable + "(U+" + String.format("%04X", cp) + ") at position " + (i + 1)
                        + ", which is not allowed in a MAC address";
            }
        }
        return null;
    }

    private MappingEntry readEntry(MacAddress mac) throws IOException, BadEntry {
        contextEntry = mac;
        contextField = null;
        JsonToken t = json.peek();
        if (t != JsonToken.BEGIN_OBJECT) {
            JsonPosition at = JsonPosition.of(json);
            String value = valueText(json, t);
            throw new BadEntry(
                    at, "entry " + mac + ": the value is " + describe(t) + " (" + value + "); allowed: " + ENTRY_FORM);
        }
        InetAddress ip = null;
        int port = 0;
        byte[] arp = null;
        byte[] ndp = null;
        MacAddress dhcpProxy = null;
        json.beginObject();
        try {
            while (json.hasNext()) {
                String field = json.nextName();
                contextField = field;
                // A repeated field replaces the earlier one; null means "absent".
                switch (field) {
                    case FIELD_IP -> ip = readIp(mac);
                    case FIELD_PORT -> port = readPort(mac);
                    case FIELD_ARP -> arp = readArp(mac);
                    case FIELD_NDP -> ndp = readNdp(mac);
                    case FIELD_DHCP_PROXY -> dhcpProxy = readDhcpProxy(mac);
                    default -> json.skipValue(); // reserved for future use, as in the original
                }
                contextField = null;
            }
        } catch (BadEntry e) {
            if (skip) {
                // The rest of the entry goes unread, so the next key is where the reader stands.
                while (json.hasNext()) {
                    json.nextName();
                    json.skipValue();
                }
                json.endObject();
            }
            throw e;
        }
        json.endObject();
        return new MappingEntry(mac, ip, port, arp, ndp, dhcpProxy);
    }

    private InetAddress readIp(MacAddress mac) throws IOException, BadEntry {
        String text = readString(json, mac, FIELD_IP, ALLOWED_IP);
        if (text == null) {
            return null;
        }
        InetAddress known = underlayIps.get(text);
        if (known != null) {
            return known;
        }
        byte[] b = IpAddresses.parseBytes(text);
        if (b == null) {
            throw badValue(json, mac, FIELD_IP, shown(text), "is not an IP address", ALLOWED_IP);
        }
        // getByAddress folds ::ffff:a.b.c.d to the IPv4 address, which is then what is checked.
        InetAddress ip = address(b);
        String problem = notOwnable(ip.getAddress());
        // A loopback underlay is odd but real: several instances tested on one host.
        if (problem != null && !problem.equals("loopback")) {
            throw badValue(
                    json,
                    mac,
                    FIELD_IP,
                    shown(text),
                    "cannot be an underlay destination (" + problem + ")",
                    ALLOWED_IP);
        }
        if (underlayIps.size() < IP_CACHE_LIMIT) {
            underlayIps.put(text, ip);
        }
        return ip;
    }

    private int readPort(MacAddress mac) throws IOException, BadEntry {
        JsonToken t = json.peek();
        if (t == JsonToken.NULL) {
            json.nextNull();
            return 0;
        }
        if (t != JsonToken.NUMBER) {
            String value = valueText(json, t);
            throw badValue(json, mac, FIELD_PORT, value, "is " + describe(t), ALLOWED_PORT);
        }
        // The literal as written: nextInt() would quietly accept 4789.0 and 4.789e3.
        String text = json.nextString();
        if (text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
            throw badValue(json, mac, FIELD_PORT, shortened(text), "has a fraction or an exponent", ALLOWED_PORT);
        }
        boolean negative = text.startsWith("-");
        String digits = negative ? text.substring(1) : text;
        long value = digits.length() > 6 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (negative || value < 1 || value > 65535) {
            throw badValue(json, mac, FIELD_PORT, shortened(text), "is out of range", ALLOWED_PORT);
        }
        return (int) value;
    }

    /** The 4 bytes of a valid {@code arp} value, or null when absent. */
    private byte[] readArp(MacAddress mac) throws IOException, BadEntry {
        String text = readString(json, mac, FIELD_ARP, ALLOWED_ARP);
        if (text == null) {
            return null;
        }
        byte[] b = IpAddresses.parseBytes(text);
        if (b == null || b.length != 4) {
            throw badValue(json, mac, FIELD_ARP, shown(text), "is not an IPv4 address", ALLOWED_ARP);
        }
        String problem = notOwnable(b);
        if (problem != null) {
            throw badValue(
                    json, mac, FIELD_ARP, shown(text), "is not a unicast address (" + problem + ")", ALLOWED_ARP);
        }
        return b;
    }

    /** The 16 bytes of a valid {@code ndp} value, or null when absent. */
    private byte[] readNdp(MacAddress mac) throws IOException, BadEntry {
        String text = readString(json, mac, FIELD_NDP, ALLOWED_NDP);
        if (text == null) {
            return null;
        }
        byte[] b = text.indexOf(':') < 0 ? null : IpAddresses.parseBytes(text);
        if (b == null) {
            throw badValue(json, mac, FIELD_NDP, shown(text), "is not an IPv6 address", ALLOWED_NDP);
        }
        String problem = notOwnable(b);
        if (problem != null) {
            throw badValue(
                    json, mac, FIELD_NDP, shown(text), "is not a unicast address (" + problem + ")", ALLOWED_NDP);
        }
        return b;
    }

    /**
     * Why a guest could never be asked for this overlay address (so a file naming it is wrong), or null when it is an
     * ordinary unicast address. Works on the raw bytes: a million entries need no InetAddress objects for their overlay
     * addresses.
     */
    static String notOwnable(byte[] b) {
        boolean zero = true;
        boolean ones = true;
        for (byte x : b) {
            zero &= x == 0;
            ones &= x == (byte) 0xff;
        }
        if (zero) {
            return "unspecified";
        }
        if (b.length == 4) {
            return (b[0] & 0xf0) == 0xe0 ? "multicast" : ones ? "broadcast" : null;
        }
        if (b[0] == (byte) 0xff) {
            return "multicast";
        }
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        if (firstTenZero && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
            // A neighbour solicitation never asks for one: IPv4 neighbours are found by ARP.
            return "IPv4-mapped";
        }
        if (firstTenZero && b[10] == 0 && b[11] == 0 && b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 1) {
            return "loopback";
        }
        return null;
    }

    private MacAddress readDhcpProxy(MacAddress mac) throws IOException, BadEntry {
        String text = readString(json, mac, FIELD_DHCP_PROXY, ALLOWED_MAC);
        if (text == null) {
            return null;
        }
        String odd = notMacCharacter(text);
        if (odd != null) {
            throw badValue(json, mac, FIELD_DHCP_PROXY, shown(text), odd, ALLOWED_MAC_CHARACTERS);
        }
        MacAddress proxy;
        try {
            proxy = MacAddress.parse(text);
        } catch (VarpdException e) {
            throw badValue(json, mac, FIELD_DHCP_PROXY, shown(text), "is not a MAC address", ALLOWED_MAC);
        }
        if (proxy.isMulticast()) {
            throw badValue(
                    json,
                    mac,
                    FIELD_DHCP_PROXY,
                    shown(text),
                    "is a " + (proxy.isBroadcast() ? "broadcast" : "multicast") + " address",
                    ALLOWED_MAC);
        }
        return proxy;
    }

    /** A string field's text, or null for JSON null; any other type is refused. */
    private static String readString(JsonReader json, MacAddress mac, String field, String allowed)
            throws IOException, BadEntry {
        JsonToken t = json.peek();
        if (t == JsonToken.NULL) {
            json.nextNull();
            return null;
        }
        if (t != JsonToken.STRING) {
            String value = valueText(json, t);
            throw badValue(json, mac, field, value, "is " + describe(t), allowed);
        }
        return json.nextString();
    }

    /**
     * Consumes a value the caller refuses and returns it as shown in the message: strings quoted, numbers and booleans
     * as written, objects and arrays elided.
     */
    private static String valueText(JsonReader json, JsonToken t) throws IOException {
        switch (t) {
            case NUMBER:
                return json.nextString();
            case STRING:
                return shown(json.nextString());
            case BOOLEAN:
                return Boolean.toString(json.nextBoolean());
            case BEGIN_OBJECT:
                json.skipValue();
                return "{...}";
            case BEGIN_ARRAY:
                json.skipValue();
                return "[...]";
            default:
                json.skipValue();
                return t.name().toLowerCase();
        }
    }

    /**
     * A bad field: what is wrong first, then the value (shortened), so a status cut short keeps the explanation.
     *
     * @param shown the value as the message shows it: strings quoted, numbers as written
     */
    private static BadEntry badValue(
            JsonReader json, MacAddress mac, String field, String shown, String problem, String allowed) {
        return new BadEntry(
                JsonPosition.of(json),
                "entry " + mac + ": field \"" + field + "\" " + problem + ": " + shown + "; allowed: " + allowed);
    }

    private static VarpdException syntaxError(MalformedJsonException e) {
        String reason = gsonReason(e);
        if (reason.startsWith("Use JsonReader.setStrictness")) {
            // Gson's advice to relax the parser is no help to someone writing a mapping file.
            reason = "unexpected character (not standard JSON)";
        }
        return new VarpdException(
                Errno.EINVAL,
                gsonWhere(e) + "JSON syntax error: " + lowerFirst(reason) + "; allowed: standard JSON (RFC 8259)",
                e);
    }

    /** "line L, column C: " from a Gson exception message, or "" when it has none. */
    private static String gsonWhere(IOException e) {
        Matcher m = e.getMessage() == null ? null : GSON_LOCATION.matcher(e.getMessage());
        if (m == null || !m.matches()) {
            return "";
        }
        return new JsonPosition(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))).toString();
    }

    /** Gson's message without the location and the troubleshooting link. */
    private static String gsonReason(IOException e) {
        String message = e.getMessage() == null ? "malformed JSON" : e.getMessage();
        Matcher m = GSON_LOCATION.matcher(message);
        return m.matches() ? m.group(1) : message.lines().findFirst().orElse(message);
    }

    private static String position(JsonReader json) {
        return JsonPosition.of(json).toString();
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case BEGIN_OBJECT -> "an object";
            case BEGIN_ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> t.name().toLowerCase();
        };
    }

    /**
     * A string value as messages show it: quoted, control characters as escapes (a value must not break a log line),
     * and cut after {@value MappingText#SHOWN} characters, followed by its length, so a huge value costs a status or a
     * log line no more than that.
     */
    static String shown(String text) {
        return text.length() > MappingText.SHOWN
                ? "\"" + escaped(text) + "...\" (" + text.length() + " characters)"
                : "\"" + escaped(text) + "\"";
    }

    /** A number as written, cut as {@link #shown} cuts strings. */
    static String shortened(String text) {
        return text.length() > MappingText.SHOWN
                ? escaped(text) + "... (" + text.length() + " characters)"
                : escaped(text);
    }

    /** The first {@value MappingText#SHOWN} characters of {@code text}, control characters as escapes. */
    private static String escaped(String text) {
        int n = Math.min(text.length(), MappingText.SHOWN);
        StringBuilder b = new StringBuilder(n + 8);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static InetAddress address(byte[] b) {
        try {
            // A literal byte array: never a lookup.
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }
}
