// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The {@code etcd} plugin's properties and the rules for their values (docs/etcd.md). */
final class EtcdProperties {
    static final String PLUGIN_NAME = "etcd";

    static final String ENDPOINTS = "etcd/endpoints";
    static final String PREFIX = "etcd/prefix";
    static final String TLS_CA = "etcd/tls_ca";
    static final String TLS_CERT = "etcd/tls_cert";
    static final String TLS_KEY = "etcd/tls_key";
    static final String USER = "etcd/user";
    static final String PASSWORD_FILE = "etcd/password_file";
    static final String LEASE_TTL = "etcd/lease_ttl";
    static final String PUBLISH = "etcd/publish";

    /**
     * The lease TTL in seconds: short enough that a dead host's guests go soon, long enough to ride out a slow etcd.
     */
    static final long DEFAULT_LEASE_TTL = 10;
    /** The shortest TTL: the lease is renewed once a second, and a request may take 2 s. */
    static final long MIN_LEASE_TTL = 3;

    static final long MAX_LEASE_TTL = 3600;

    static final String DEFAULT_PREFIX = "/varpd";

    private static final Set<DestinationType> SERVABLE = EnumSet.of(DestinationType.IP, DestinationType.PORT);
    private static final Pattern PREFIX_TEXT = Pattern.compile("(/[A-Za-z0-9._-]+)+");
    private static final Pattern USER_TEXT = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    static final List<PropertyDescription> ALL = List.of(
            PropertyDescription.builder(ENDPOINTS, PropertyType.STRING)
                    .required()
                    .description("The etcd members, comma-separated: http://IP:port or https://IP:port each,"
                            + " such as http://192.0.2.5:2379,http://192.0.2.6:2379.")
                    .build(),
            PropertyDescription.builder(PREFIX, PropertyType.STRING)
                    .defaultValue(DEFAULT_PREFIX)
                    .description("Where varpd's keys live in etcd; this overlay reads"
                            + " <prefix>/v1/vnet/<vnetid>/ (docs/etcd.md).")
                    .build(),
            PropertyDescription.builder(TLS_CA, PropertyType.STRING)
                    .description("Absolute path of the PEM file of the CA that signed the members' certificates"
                            + " (https endpoints).")
                    .build(),
            PropertyDescription.builder(TLS_CERT, PropertyType.STRING)
                    .description("Absolute path of this client's PEM certificate, for members that ask for one.")
                    .build(),
            PropertyDescription.builder(TLS_KEY, PropertyType.STRING)
                    .description("Absolute path of this client's PEM private key (PKCS#8), with etcd/tls_cert.")
                    .build(),
            PropertyDescription.builder(USER, PropertyType.STRING)
                    .description("The etcd user, with etcd/password_file, when etcd has authentication on.")
                    .build(),
            PropertyDescription.builder(PASSWORD_FILE, PropertyType.STRING)
                    .description("Absolute path of a file holding the etcd user's password (its first line),"
                            + " readable by its owner only (mode 0600 or 0400); the password is never shown.")
                    .build(),
            PropertyDescription.builder(LEASE_TTL, PropertyType.UINT)
                    .defaultValue(DEFAULT_LEASE_TTL)
                    .range(MIN_LEASE_TTL, MAX_LEASE_TTL)
                    .description("Seconds the guests this host publishes outlive it: they are written under an"
                            + " etcd lease of this TTL that the host keeps alive (" + MIN_LEASE_TTL + "-"
                            + MAX_LEASE_TTL + ").")
                    .build(),
            PropertyDescription.builder(PUBLISH, PropertyType.STRING)
                    .defaultValue("true")
                    .options("true", "false")
                    .description("Whether this host publishes its guests in etcd (true), or only reads (false).")
                    .build());

    private EtcdProperties() {}

    static boolean known(String name) {
        return ALL.stream().anyMatch(d -> d.name().equals(name));
    }

    static String names() {
        return String.join(", ", ALL.stream().map(PropertyDescription::name).toList());
    }

    /**
     * Checks that the plugin can serve a device needing {@code destination}: a non-empty subset of {IP, PORT}, as for
     * {@code files}.
     *
     * @param errno ENOTSUP at create, EINVAL at restore
     */
    static Set<DestinationType> checkDestination(Set<DestinationType> destination, Errno errno) throws VarpdException {
        if (destination == null || destination.isEmpty() || !SERVABLE.containsAll(destination)) {
            String described = destination == null || destination.isEmpty()
                    ? "empty"
                    : String.join(
                            "+",
                            new TreeSet<>(destination).stream().map(Enum::name).toList());
            throw new VarpdException(
                    errno,
                    "the etcd plugin cannot serve a device whose destination type is "
                            + described
                            + "; allowed: IP, or IP and PORT (an underlay address per MAC, optionally with a"
                            + " port, and no ETHERNET)");
        }
        return Set.copyOf(destination);
    }

    /**
     * Checks an {@code etcd/endpoints} value and returns the endpoints as URIs' text, in order. Only IP literals: name
     * resolution inside the embedded client was not tried (docs/etcd.md).
     */
    static List<String> checkEndpoints(String value) throws VarpdException {
        String allowed = "; allowed: a comma-separated list of http://IP:port or https://IP:port, such as"
                + " http://192.0.2.5:2379,http://[2001:db8::5]:2379";
        List<String> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String text = part.strip();
            URI uri;
            try {
                uri = new URI(text);
            } catch (java.net.URISyntaxException e) {
                throw new VarpdException(
                        Errno.EINVAL, ENDPOINTS + ": '" + KeySchema.shown(text) + "' is not a URL" + allowed);
            }
            String host = uri.getHost();
            if (host != null && host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            boolean scheme = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            boolean bare = uri.getRawPath() == null
                    || uri.getRawPath().isEmpty()
                    || uri.getRawPath().equals("/");
            if (!scheme
                    || host == null
                    || IpAddresses.parse(host).isEmpty()
                    || uri.getPort() < 1
                    || !bare
                    || uri.getRawQuery() != null
                    || uri.getRawUserInfo() != null) {
                throw new VarpdException(
                        Errno.EINVAL,
                        ENDPOINTS + ": '" + KeySchema.shown(text)
                                + "' is not an endpoint (host names, paths and user names are not taken)" + allowed);
            }
            out.add(uri.getScheme() + "://" + uri.getRawAuthority());
        }
        if (out.isEmpty()) {
            throw new VarpdException(Errno.EINVAL, ENDPOINTS + ": no endpoint" + allowed);
        }
        return List.copyOf(out);
    }

    /** A TTL as a number (from core) or as its text (from a saved state). */
    static long checkLeaseTtl(Object value) throws VarpdException {
        long ttl;
        if (value instanceof Long l) {
            ttl = l;
        } else if (value instanceof String text && text.matches("[0-9]{1,10}")) {
            ttl = Long.parseLong(text);
        } else {
            throw new VarpdException(
                    Errno.EINVAL,
                    LEASE_TTL + ": '" + KeySchema.shown(String.valueOf(value))
                            + "' is not a number of seconds; allowed: " + MIN_LEASE_TTL + "-" + MAX_LEASE_TTL);
        }
        if (ttl < MIN_LEASE_TTL || ttl > MAX_LEASE_TTL) {
            throw new VarpdException(
                    Errno.EINVAL,
                    LEASE_TTL + ": " + ttl + " s is out of range; allowed: " + MIN_LEASE_TTL + "-" + MAX_LEASE_TTL
                            + " seconds");
        }
        return ttl;
    }

    static String checkPrefix(String value) throws VarpdException {
        if (!PREFIX_TEXT.matcher(value).matches() || value.length() > 128) {
            throw new VarpdException(
                    Errno.EINVAL,
                    PREFIX + ": '" + KeySchema.shown(value) + "' is not allowed;"
                            + " allowed: up to 128 characters of /-separated names of letters, digits, '.', '_' and '-',"
                            + " starting with '/' and not ending with one, such as /varpd");
        }
        return value;
    }

    static String checkUser(String value) throws VarpdException {
        if (!USER_TEXT.matcher(value).matches()) {
            throw new VarpdException(
                    Errno.EINVAL,
                    USER + ": '" + KeySchema.shown(value) + "' is not allowed;"
                            + " allowed: 1-64 letters, digits, '.', '_', '@' or '-'");
        }
        return value;
    }

    static String checkPath(String name, String value) throws VarpdException {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new VarpdException(
                    Errno.EINVAL,
                    name + ": '" + KeySchema.shown(value) + "' is not a valid path (" + e.getReason()
                            + "); allowed: an absolute path",
                    e);
        }
        if (!path.isAbsolute()) {
            throw new VarpdException(
                    Errno.EINVAL,
                    name + ": '" + KeySchema.shown(value) + "' is a relative path;"
                            + " allowed: an absolute path such as /etc/varpd/etcd-ca.pem");
        }
        return value;
    }

    /** Checks any property's value by name; null stays null (unset). */
    static String check(String name, Object value) throws VarpdException {
        if (value == null) {
            return null;
        }
        if (LEASE_TTL.equals(name)) {
            return Long.toString(checkLeaseTtl(value));
        }
        if (!(value instanceof String text)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    name + ": expected a string, got " + value.getClass().getSimpleName());
        }
        switch (name) {
            case ENDPOINTS:
                checkEndpoints(text);
                return text;
            case PREFIX:
                return checkPrefix(text);
            case USER:
                return checkUser(text);
            case TLS_CA:
            case TLS_CERT:
            case TLS_KEY:
            case PASSWORD_FILE:
                return checkPath(name, text);
            case PUBLISH:
                if (!text.equals("true") && !text.equals("false")) {
                    throw new VarpdException(
                            Errno.EINVAL,
                            PUBLISH + ": '" + KeySchema.shown(text) + "' is not allowed; allowed: true or false");
                }
                return text;
            default:
                throw new VarpdException(
                        Errno.EINVAL,
                        "unknown property '" + KeySchema.shown(name) + "'; the etcd plugin has " + names());
        }
    }
}
