// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.direct.internal;

import io.varpd.api.DestinationType;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;

/**
 * The state of one {@code direct} instance: the destination type the device needs (fixed at create) and the destination
 * IP and port (each unset until set). Thread-safe: the IP and port are read and written under one lock, so
 * {@link #destination()} always sees a pair that was set.
 */
public final class DirectState {
    /** A consistent view of the destination; {@code ip} null and {@code port} 0 mean unset. */
    record Destination(InetAddress ip, int port) {}

    private final Set<DestinationType> destinationType;
    private final Object lock = new Object();
    private InetAddress ip;
    private int port;

    DirectState(Set<DestinationType> destinationType) {
        this.destinationType = Set.copyOf(destinationType);
    }

    /** The destination type of the device, as given at create or restore. */
    Set<DestinationType> destinationType() {
        return destinationType;
    }

    /** Whether the device needs a port, so that {@code direct/dest_port} exists and is required. */
    boolean needsPort() {
        return destinationType.contains(DestinationType.PORT);
    }

    Optional<InetAddress> ip() {
        synchronized (lock) {
            return Optional.ofNullable(ip);
        }
    }

    /** The port, empty when unset. */
    Optional<Integer> port() {
        synchronized (lock) {
            return port == 0 ? Optional.empty() : Optional.of(port);
        }
    }

    /** Sets the IP; null unsets it. The value must already satisfy the plugin's rules. */
    void setIp(InetAddress value) {
        synchronized (lock) {
            ip = value;
        }
    }

    /** Sets the port; 0 unsets it. The value must already satisfy the plugin's rules. */
    void setPort(int value) {
        synchronized (lock) {
            port = value;
        }
    }

    Destination destination() {
        synchronized (lock) {
            return new Destination(ip, port);
        }
    }

    @Override
    public String toString() {
        Destination d = destination();
        return "direct " + destinationType + " -> " + (d.ip() == null ? "(no ip)" : DirectProperties.text(d.ip()))
                + (needsPort() ? ":" + (d.port() == 0 ? "(no port)" : d.port()) : "");
    }
}
