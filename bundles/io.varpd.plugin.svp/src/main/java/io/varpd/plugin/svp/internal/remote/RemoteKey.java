// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import io.varpd.api.IpAddresses;
import io.varpd.api.TargetPoint;
import java.net.InetAddress;
import java.util.Objects;

/**
 * What makes instances share a remote (docs/architecture.md#the-svp-client): the server's host name (as written,
 * compared exactly), its port, and this node's underlay IP (which the server keys shootdown logs by).
 */
public record RemoteKey(String host, int port, InetAddress underlayIp) {
    public RemoteKey {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range; allowed: 1-65535");
        }
        // ::ffff:a.b.c.d and a.b.c.d are one underlay address.
        underlayIp = TargetPoint.unmap(Objects.requireNonNull(underlayIp, "underlayIp"));
    }

    @Override
    public String toString() {
        return host + ":" + port + " (underlay " + IpAddresses.format(underlayIp) + ")";
    }
}
