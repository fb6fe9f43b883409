// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package com.example.varpd.table;

import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A parsed {@code table/entries} value: overlay MAC to underlay IP, in the order written.
 * Immutable. {@link #text()} is the canonical spelling, which {@code getProperty} shows and
 * {@code save} stores.
 */
final class TableEntries {
    static final String PROPERTY = "table/entries";
    private static final String ALLOWED = "allowed: MAC=IP entries separated by commas or spaces,"
            + " such as 02:00:00:00:00:02=192.0.2.12, 02:00:00:00:00:03=2001:db8::13"
            + " (unicast MACs, each listed once)";

    private final Map<MacAddress, InetAddress> entries;

    private TableEntries(Map<MacAddress, InetAddress> entries) {
        this.entries = entries;
    }

    /**
     * Reads a value such as {@code "02:00:00:00:00:02=192.0.2.12, 02:00:00:00:00:03=2001:db8::13"}.
     *
     * @throws VarpdException EINVAL naming the property, the entry that is wrong and what is allowed
     */
    static TableEntries parse(String text) throws VarpdException {
        Map<MacAddress, InetAddress> entries = new LinkedHashMap<>();
        for (String entry : text.trim().split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw refused("'" + entry + "' is not MAC=IP");
            }
            MacAddress mac = mac(entry, entry.substring(0, equals));
            Optional<InetAddress> ip = IpAddresses.parse(entry.substring(equals + 1));
            if (ip.isEmpty()) {
                throw refused("'" + entry + "': '" + entry.substring(equals + 1) + "' is not an IP address");
            }
            if (entries.putIfAbsent(mac, ip.get()) != null) {
                throw refused(mac + " is listed twice");
            }
        }
        if (entries.isEmpty()) {
            throw refused("no entries");
        }
        return new TableEntries(Collections.unmodifiableMap(entries));
    }

    private static MacAddress mac(String entry, String text) throws VarpdException {
        MacAddress mac;
        try {
            mac = MacAddress.parse(text);
        } catch (VarpdException e) {
            throw refused("'" + entry + "': '" + text + "' is not a MAC address");
        }
        if (mac.isMulticast()) {
            // Broadcast and multicast frames are never looked up one destination at a time.
            throw refused("'" + entry + "': " + mac + " is a broadcast or multicast MAC");
        }
        return mac;
    }

    private static VarpdException refused(String what) {
        return new VarpdException(Errno.EINVAL, PROPERTY + ": " + what + "; " + ALLOWED);
    }

    /** The underlay address of {@code mac}, if the table has it. */
    Optional<InetAddress> get(MacAddress mac) {
        return Optional.ofNullable(entries.get(mac));
    }

    int size() {
        return entries.size();
    }

    /** The canonical text: {@code MAC=IP} entries joined by ", ", in the order written. */
    String text() {
        StringJoiner text = new StringJoiner(", ");
        entries.forEach((mac, ip) -> text.add(mac + "=" + IpAddresses.format(ip)));
        return text.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
