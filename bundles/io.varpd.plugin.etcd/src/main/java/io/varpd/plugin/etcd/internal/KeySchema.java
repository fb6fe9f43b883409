// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.varpd.api.DestinationType;
import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import java.io.IOException;
import java.io.StringReader;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The key schema, version 1, described for users in {@code docs/etcd.md}: what a key under a network's prefix means and
 * what its JSON value must hold. Everything here is pure: a key and a value in, an {@link Entry} or a {@link BadData}
 * naming what was wrong and what is allowed out.
 *
 * <p>Keys are compared as text, so each address in a key must be in its one canonical spelling (MACs lowercase with
 * colons and two digits per octet, IPv6 compressed as RFC 5952 says): two spellings of one address would otherwise be
 * two keys claiming the same thing.
 */
final class KeySchema {
    /** The schema version, the path segment after the configured prefix. */
    static final String VERSION = "v1";
    /** A value larger than this is refused: no valid value comes near it. */
    static final int MAX_VALUE_BYTES = 4096;
    /** A key (after the network prefix) longer than this is refused. */
    static final int MAX_KEY_CHARS = 256;

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");

    /** What a valid key and value say. */
    sealed interface Entry permits MacEntry, AddressEntry, DhcpEntry, HostEntry {}

    /** {@code mac/<mac>}: where frames for that MAC go. */
    record MacEntry(MacAddress mac, TargetPoint target) implements Entry {}

    /** {@code ipv4/<address>} or {@code ipv6/<address>}: the MAC that owns the address. */
    record AddressEntry(InetAddress address, MacAddress mac) implements Entry {}

    /** {@code dhcp/<mac>}: where that client's broadcast DHCP requests are redirected. */
    record DhcpEntry(MacAddress client, MacAddress proxy) implements Entry {}

    /** {@code host/<name>}: a host that carries guests of this network, and its underlay address. */
    record HostEntry(String name, TargetPoint underlay) implements Entry {}

    /** A key or value that does not follow the schema; the message says what and what is allowed. */
    static final class BadData extends Exception {
        private static final long serialVersionUID = 1L;

        BadData(String message) {
            super(message, null, false, false);
        }
    }

    private KeySchema() {}

    /** The prefix every key of one network starts with: {@code <prefix>/v1/vnet/<vnetid>/}. */
    static String networkPrefix(String prefix, long vnetid) {
        return prefix + "/" + VERSION + "/vnet/" + vnetid + "/";
    }

    /**
     * Reads one key (the part after the network prefix) and its value.
     *
     * @param destination what the overlay's device needs: with PORT, a MAC's entry must have a port
     */
    static Entry parse(String key, byte[] value, Set<DestinationType> destination) throws BadData {
        if (key.length() > MAX_KEY_CHARS) {
            throw new BadData("key of " + key.length() + " characters; allowed: at most " + MAX_KEY_CHARS);
        }
        int slash = key.indexOf('/');
        if (slash < 0) {
            throw unknownKind(key);
        }
        String kind = key.substring(0, slash);
        String name = key.substring(slash + 1);
        switch (kind) {
            case "mac": {
                MacAddress mac = keyMac(name);
                return new MacEntry(mac, macTarget(value, destination));
            }
            case "ipv4":
            case "ipv6": {
                InetAddress address = keyAddress(name, kind.equals("ipv4"));
                JsonObjectFields v = fields(value, "mac");
                return new AddressEntry(address, unicastMac(v.text("mac"), "mac", true));
            }
            case "dhcp": {
                MacAddress client = keyMac(name);
                JsonObjectFields v = fields(value, "proxy");
                return new DhcpEntry(client, unicastMac(v.text("proxy"), "proxy", true));
            }
            case "host": {
                if (!HOST_NAME.matcher(name).matches()) {
                    throw new BadData("host name '" + shown(name) + "' in the key; allowed: 1-63 letters, digits,"
                            + " '.', '_' or '-', starting with a letter or digit");
                }
                JsonObjectFields v = fields(value, "ip", "port");
                InetAddress ip = underlay(v.text("ip"), "ip");
                if (ip == null) {
                    throw new BadData(
                            "value has no \"ip\"; allowed: {\"ip\": \"<underlay address>\", \"port\": 1-65535}");
                }
                return new HostEntry(name, TargetPoint.of(ip, port(v.number("port"))));
            }
            default:
                throw unknownKind(key);
        }
    }

    /**
     * The MAC of a {@code mac/<mac>} key in its canonical spelling and unicast, as a long; -1 for any other key (which
     * {@link #parse} then names). The copy keeps such keys by this number alone.
     */
    static long macKey(String key) {
        if (key.length() != 4 + 17 || !key.startsWith("mac/")) {
            return -1;
        }
        long mac = 0;
        for (int octet = 0; octet < 6; octet++) {
            int at = 4 + 3 * octet;
            int hi = Character.digit(key.charAt(at), 16);
            int lo = Character.digit(key.charAt(at + 1), 16);
            // Canonical means lowercase: Character.digit also takes 'A'-'F'.
            if (hi < 0
                    || lo < 0
                    || Character.isUpperCase(key.charAt(at))
                    || Character.isUpperCase(key.charAt(at + 1))
                    || (octet < 5 && key.charAt(at + 2) != ':')) {
                return -1;
            }
            mac = (mac << 8) | (hi << 4) | lo;
        }
        return (mac & 0x0100_0000_0000L) != 0 ? -1 : mac;
    }

    /** The destination a {@code mac/} key's value names. */
    static TargetPoint macTarget(byte[] value, Set<DestinationType> destination) throws BadData {
        JsonObjectFields v = fields(value, "ip", "port");
        InetAddress ip = underlay(v.text("ip"), "ip");
        if (ip == null) {
            throw new BadData("value has no \"ip\"; allowed: {\"ip\": \"<underlay address>\", \"port\": 1-65535}");
        }
        int port = port(v.number("port"));
        if (port == 0 && destination.contains(DestinationType.PORT)) {
            throw new BadData("value has no \"port\", and this overlay's device needs one; allowed: "
                    + "{\"ip\": \"<underlay address>\", \"port\": 1-65535}");
        }
        return TargetPoint.of(ip, destination.contains(DestinationType.PORT) ? port : 0);
    }

    private static BadData unknownKind(String key) {
        return new BadData("key '" + shown(key) + "' is outside the schema; allowed under a network: mac/<mac>,"
                + " ipv4/<address>, ipv6/<address>, dhcp/<mac>, host/<name>");
    }

    private static MacAddress keyMac(String text) throws BadData {
        MacAddress mac = unicastMac(text, "the key's MAC", false);
        if (!mac.toString().equals(text)) {
            throw new BadData("MAC '" + shown(text) + "' in the key is not in its canonical spelling; allowed: " + mac
                    + " (lowercase, colons, two digits per octet)");
        }
        return mac;
    }

    private static MacAddress unicastMac(String text, String field, boolean inValue) throws BadData {
        String what = inValue ? "\"" + field + "\"" : field;
        if (text == null) {
            throw new BadData("value has no " + what + "; allowed: a unicast MAC such as 02:08:20:aa:bb:01");
        }
        MacAddress mac;
        try {
            mac = MacAddress.parse(text);
        } catch (VarpdException e) {
            throw new BadData(what + " '" + shown(text) + "' is not a MAC; allowed: a unicast MAC such as"
                    + " 02:08:20:aa:bb:01");
        }
        if (mac.isMulticast()) {
            throw new BadData(what + " " + mac + " is a group address; allowed: a unicast MAC");
        }
        return mac;
    }

    private static InetAddress keyAddress(String text, boolean v4) throws BadData {
        Optional<InetAddress> parsed = text.indexOf(':') >= 0 == !v4 ? IpAddresses.parse(text) : Optional.empty();
        // An IPv4-mapped IPv6 address parses as IPv4; under ipv6/ it is not allowed.
        InetAddress a = parsed.filter(p -> v4 ? p instanceof Inet4Address : p instanceof Inet6Address)
                .orElse(null);
        String allowed = v4
                ? "a unicast IPv4 address such as 192.0.2.10"
                : "a unicast IPv6 address such as 2001:db8::10 (not IPv4-mapped, not loopback)";
        if (a == null) {
            throw new BadData("address '" + shown(text) + "' in the key is not " + (v4 ? "IPv4" : "IPv6")
                    + "; allowed: " + allowed);
        }
        if (a.isMulticastAddress()
                || a.isAnyLocalAddress()
                || (!v4 && a.isLoopbackAddress())
                || (v4 && IpAddresses.format(a).equals("255.255.255.255"))) {
            throw new BadData(
                    "address " + IpAddresses.format(a) + " in the key is not a unicast address; allowed: " + allowed);
        }
        if (!IpAddresses.format(a).equals(text)) {
            throw new BadData("address '" + shown(text) + "' in the key is not in its canonical spelling; allowed: "
                    + IpAddresses.format(a));
        }
        return a;
    }

    private static InetAddress underlay(String text, String field) throws BadData {
        if (text == null) {
            return null;
        }
        InetAddress a = IpAddresses.parse(text)
                .orElseThrow(() -> new BadData("\"" + field + "\" '" + shown(text)
                        + "' is not an IP address; allowed: an IPv4 or IPv6 literal (no host names)"));
        if (a.isMulticastAddress()
                || a.isAnyLocalAddress()
                || IpAddresses.format(a).equals("255.255.255.255")) {
            throw new BadData("\"" + field + "\" " + IpAddresses.format(a) + " is not a unicast address; allowed: a"
                    + " unicast IPv4 or IPv6 address");
        }
        return a;
    }

    private static int port(String number) throws BadData {
        if (number == null) {
            return 0;
        }
        if (!PORT.matcher(number).matches() || Integer.parseInt(number) > 65535) {
            throw new BadData("\"port\" " + shown(number) + " is not allowed; allowed: an integer 1-65535");
        }
        return Integer.parseInt(number);
    }

    /** The known fields of a JSON object value: strings by name, numbers as their text. */
    private static final class JsonObjectFields {
        private final String[] names;
        private final String[] texts;
        private final boolean[] numbers;

        JsonObjectFields(String... names) {
            this.names = names;
            this.texts = new String[names.length];
            this.numbers = new boolean[names.length];
        }

        String text(String name) throws BadData {
            int i = index(name);
            if (texts[i] != null && numbers[i]) {
                throw new BadData("\"" + name + "\" is a number; allowed: a string");
            }
            return texts[i];
        }

        String number(String name) throws BadData {
            int i = index(name);
            if (texts[i] != null && !numbers[i]) {
                throw new BadData(
                        "\"" + name + "\" is the string \"" + shown(texts[i]) + "\"; allowed: a JSON integer");
            }
            return texts[i];
        }

        private int index(String name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            throw new IllegalArgumentException(name);
        }
    }

    /**
     * Reads a value: strict UTF-8, at most {@value #MAX_VALUE_BYTES} bytes, one strict JSON object. Of {@code known}
     * fields, strings and numbers are kept (a repeated field: the last wins; null: absent); other fields are ignored,
     * so later versions of v1 may add optional fields.
     */
    private static JsonObjectFields fields(byte[] value, String... known) throws BadData {
        if (value.length > MAX_VALUE_BYTES) {
            throw new BadData("value of " + value.length + " bytes; allowed: at most " + MAX_VALUE_BYTES);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadData("value is not UTF-8 text; allowed: a JSON object");
        }
        JsonObjectFields fields = new JsonObjectFields(known);
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new BadData("value is a JSON " + r.peek().name().toLowerCase(java.util.Locale.ROOT)
                        + ", not an object; allowed: a JSON object");
            }
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                int i = -1;
                for (int k = 0; k < known.length; k++) {
                    if (known[k].equals(name)) {
                        i = k;
                    }
                }
                JsonToken t = r.peek();
                if (i < 0) {
                    r.skipValue();
                } else if (t == JsonToken.NULL) {
                    r.nextNull();
                    fields.texts[i] = null;
                } else if (t == JsonToken.STRING) {
                    fields.texts[i] = r.nextString();
                    fields.numbers[i] = false;
                } else if (t == JsonToken.NUMBER) {
                    fields.texts[i] = r.nextString();
                    fields.numbers[i] = true;
                } else {
                    throw new BadData("\"" + name + "\" is a JSON " + t.name().toLowerCase(java.util.Locale.ROOT)
                            + "; allowed: a string or a number as the schema says");
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new BadData("value has text after its JSON object; allowed: one JSON object");
            }
        } catch (IOException | IllegalStateException e) {
            throw new BadData("value is not valid JSON (" + firstLine(e.getMessage()) + "); allowed: a JSON object");
        }
        return fields;
    }

    private static final Pattern POSITION = Pattern.compile("line \\d+ column \\d+");

    /** Where Gson found the error ("line 1 column 7"); its messages are otherwise about its own API. */
    private static String firstLine(String message) {
        java.util.regex.Matcher m = POSITION.matcher(message == null ? "" : message);
        return m.find() ? "at " + m.group() : "unreadable";
    }

    /** At most 40 characters of {@code text}, control characters escaped, for messages. */
    static String shown(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < 40; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.length() < text.length() ? sb + "..." : sb.toString();
    }
}
