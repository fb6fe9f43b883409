// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query of {@code GET /overlays/{link}/lookup}: exactly one of {@code mac} (a MAC in any spelling
 * {@link MacAddress#parse} takes), which asks where frames for that MAC go, or {@code ip} (an IPv4 or IPv6 literal,
 * {@link IpAddresses#parse}), which asks which MAC the address is at and where its frames go. Exactly one of the two
 * fields is non-null.
 *
 * <p>Checked as strictly as bodies are: an unknown or repeated parameter, neither or both, or a value that is not a MAC
 * or IP literal is a 400 naming what is allowed, before core is asked. Names are never resolved:
 * {@code ip=host.example} is refused, not looked up in DNS.
 */
record LookupParameters(MacAddress mac, InetAddress ip) {
    static final String MAC = "mac";
    static final String IP = "ip";

    /** What every refusal of the parameters ends with. */
    static final String ALLOWED =
            "allowed: exactly one of mac=<mac> (de:ad:be:ef:0:1) or ip=<ip>" + " (192.0.2.1, 2001:db8::1)";

    /**
     * Reads the parameters as the servlet container gives them (name to values).
     *
     * @throws ApiError 400 EINVAL naming the problem and the allowed parameters
     */
    static LookupParameters parse(Map<String, String[]> parameters) throws ApiError {
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(Set.of(MAC, IP));
        if (!unknown.isEmpty()) {
            StringBuilder names = new StringBuilder();
            for (String n : unknown) {
                names.append(names.length() == 0 ? "" : ", ")
                        .append('\'')
                        .append(RequestBodies.clip(n))
                        .append('\'');
            }
            throw ApiError.badRequest(
                    "unknown query parameter" + (unknown.size() > 1 ? "s " : " ") + names + "; " + ALLOWED);
        }
        Optional<String> mac = single(parameters, MAC);
        Optional<String> ip = single(parameters, IP);
        if (mac.isPresent() && ip.isPresent()) {
            throw ApiError.badRequest("mac and ip cannot be given together; " + ALLOWED);
        }
        if (mac.isPresent()) {
            return new LookupParameters(mac(mac.get()), null);
        }
        if (ip.isPresent()) {
            return new LookupParameters(null, ip(ip.get()));
        }
        throw ApiError.badRequest("missing query parameter; " + ALLOWED);
    }

    /** The query as canonical text: the MAC colon-separated, the address dotted or in RFC 5952 form. */
    String query() {
        return mac != null ? mac.toString() : IpAddresses.format(ip);
    }

    private static Optional<String> single(Map<String, String[]> parameters, String name) throws ApiError {
        String[] values = parameters.get(name);
        if (values == null || values.length == 0) {
            return Optional.empty();
        }
        if (values.length > 1) {
            throw ApiError.badRequest(
                    "query parameter '" + name + "' is given " + values.length + " times; " + ALLOWED);
        }
        return Optional.of(values[0]);
    }

    private static MacAddress mac(String text) throws ApiError {
        try {
            return MacAddress.parse(text);
        } catch (VarpdException e) {
            // MacAddress's own message would echo the whole text; client text is clipped here.
            throw ApiError.badRequest("query parameter mac: '" + RequestBodies.clip(text) + "' is not a MAC"
                    + " address; allowed: six hex octets separated by ':' or '-' (de:ad:be:ef:0:1) or three"
                    + " dotted groups (dead.beef.0001)"
                    + (IpAddresses.parse(text).isPresent() ? "; an IP address goes in ip=" : ""));
        }
    }

    private static InetAddress ip(String text) throws ApiError {
        Optional<InetAddress> address = IpAddresses.parse(text);
        if (address.isEmpty()) {
            throw ApiError.badRequest("query parameter ip: '" + RequestBodies.clip(text) + "' is not an IP"
                    + " address; allowed: an IPv4 or IPv6 literal (192.0.2.1, 2001:db8::1), without brackets"
                    + " or zone" + (isMac(text) ? "; a MAC address goes in mac=" : ""));
        }
        return address.get();
    }

    private static boolean isMac(String text) {
        try {
            MacAddress.parse(text);
            return true;
        } catch (VarpdException e) {
            return false;
        }
    }
}
