// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one start of an instance connects with: the properties read and checked together (each alone was checked when
 * set), and the password read from its file. The password is kept only until the client is built and never appears in
 * {@link #toString()} or a message.
 */
record EtcdSettings(
        List<String> endpoints,
        String prefix,
        String tlsCa,
        String tlsCert,
        String tlsKey,
        String user,
        byte[] password) {

    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    /**
     * Reads the settings of a start from the instance's property values.
     *
     * @throws VarpdException EAGAIN when {@code etcd/endpoints} is unset; EINVAL when the values do not fit together or
     *     a file is missing, unreadable, or (the password file) open to others
     */
    static EtcdSettings from(Map<String, String> values) throws VarpdException {
        String endpoints = values.get(EtcdProperties.ENDPOINTS);
        if (endpoints == null) {
            throw new VarpdException(
                    Errno.EAGAIN,
                    "cannot start: unset required property: " + EtcdProperties.ENDPOINTS
                            + "; set it to the etcd members, such as http://192.0.2.5:2379");
        }
        List<String> list = EtcdProperties.checkEndpoints(endpoints);
        String prefix = values.getOrDefault(EtcdProperties.PREFIX, EtcdProperties.DEFAULT_PREFIX);
        String ca = readable(EtcdProperties.TLS_CA, values.get(EtcdProperties.TLS_CA));
        String cert = readable(EtcdProperties.TLS_CERT, values.get(EtcdProperties.TLS_CERT));
        String key = readable(EtcdProperties.TLS_KEY, values.get(EtcdProperties.TLS_KEY));
        boolean https = list.stream().anyMatch(e -> e.startsWith("https:"));
        boolean http = list.stream().anyMatch(e -> e.startsWith("http:"));
        if (https && http) {
            throw new VarpdException(
                    Errno.EINVAL,
                    EtcdProperties.ENDPOINTS + ": mixes http and https endpoints;"
                            + " allowed: all http, or all https");
        }
        if ((cert == null) != (key == null)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    EtcdProperties.TLS_CERT + " and " + EtcdProperties.TLS_KEY + " go together: set both or neither");
        }
        if (!https && (ca != null || cert != null)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    EtcdProperties.TLS_CA + ", " + EtcdProperties.TLS_CERT + " and "
                            + EtcdProperties.TLS_KEY + " apply to https endpoints only, and " + EtcdProperties.ENDPOINTS
                            + " has none; allowed: https://IP:port endpoints with them, or unset them");
        }
        String user = values.get(EtcdProperties.USER);
        String passwordFile = values.get(EtcdProperties.PASSWORD_FILE);
        if ((user == null) != (passwordFile == null)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    EtcdProperties.USER + " and " + EtcdProperties.PASSWORD_FILE + " go together: set both or neither");
        }
        byte[] password = passwordFile == null ? null : password(Path.of(passwordFile));
        return new EtcdSettings(list, prefix, ca, cert, key, user, password);
    }

    private static String readable(String name, String path) throws VarpdException {
        if (path != null && !Files.isReadable(Path.of(path))) {
            throw new VarpdException(Errno.EINVAL, name + ": " + path + " is not a readable file");
        }
        return path;
    }

    /** The first line of the file, which must be a regular file only its owner may read. */
    private static byte[] password(Path file) throws VarpdException {
        String name = EtcdProperties.PASSWORD_FILE + ": " + file;
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new VarpdException(
                        Errno.EINVAL,
                        name + " is not a regular file; allowed: a file of mode 0600"
                                + " or 0400 holding the password");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            perms.retainAll(NOT_OWNER);
            if (!perms.isEmpty()) {
                throw new VarpdException(
                        Errno.EINVAL,
                        name + " may be read by others (mode "
                                + java.nio.file.attribute.PosixFilePermissions.toString(
                                        Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS))
                                + "); refused: allowed: readable by its owner only (chmod 600 " + file + ")");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                throw new VarpdException(Errno.EINVAL, name + " is empty; allowed: the password on its first line");
            }
            return line.getBytes(StandardCharsets.UTF_8);
        } catch (IOException | UnsupportedOperationException e) {
            throw new VarpdException(
                    Errno.EINVAL, name + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
    }

    boolean tls() {
        return endpoints.get(0).startsWith("https:");
    }

    @Override
    public String toString() {
        return "etcd " + String.join(",", endpoints) + " prefix " + prefix + (user == null ? "" : " user " + user);
    }
}
