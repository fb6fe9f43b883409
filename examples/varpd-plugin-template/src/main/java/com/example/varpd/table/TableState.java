// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package com.example.varpd.table;

import io.varpd.api.DestinationType;
import java.util.Set;

/**
 * One overlay instance's state: its settings as one immutable snapshot that a change replaces
 * whole, so a lookup never sees half of a change and needs no lock.
 */
final class TableState {
    /** What a state is set to; {@code entries} is null while unset. */
    record Settings(TableEntries entries, int port) {
    }

    private final boolean needsPort;
    private volatile Settings settings = new Settings(null, TablePlugin.DEFAULT_PORT);

    TableState(Set<DestinationType> destination) {
        this.needsPort = destination.contains(DestinationType.PORT);
    }

    Settings settings() {
        return settings;
    }

    /** Property changes may race each other (core calls from any thread): one at a time. */
    synchronized void setEntries(TableEntries entries) {
        settings = new Settings(entries, settings.port());
    }

    synchronized void setPort(int port) {
        settings = new Settings(settings.entries(), port);
    }

    /** Whether the device wants a port with each destination (VXLAN does). */
    boolean needsPort() {
        return needsPort;
    }
}
