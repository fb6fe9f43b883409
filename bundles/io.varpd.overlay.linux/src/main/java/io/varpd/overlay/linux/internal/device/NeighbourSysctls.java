// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Writes the per-device neighbour sysctls that turn host-originated resolution into app probes: {@code app_solicit}
 * (how many times userspace is asked) and {@code mcast_solicit} (broadcast solicitations). Must run inside the device's
 * namespace: {@code /proc/sys/net} shows the namespace of the thread that opens the file.
 */
final class NeighbourSysctls {
    private static final String[] FAMILIES = {"ipv4", "ipv6"};

    private NeighbourSysctls() {}

    /**
     * Sets {@code app_solicit} for both families, and {@code mcast_solicit} to 0 when {@code silenceBroadcast}. IPv6
     * may be disabled on the device: its files are then absent, which is fine.
     *
     * @return the families that were set
     */
    static int apply(String device, int appSolicit, boolean silenceBroadcast) throws IOException {
        int set = 0;
        for (String family : FAMILIES) {
            Path dir = Path.of("/proc/sys/net", family, "neigh", device);
            try {
                Files.writeString(dir.resolve("app_solicit"), Integer.toString(appSolicit), StandardCharsets.US_ASCII);
                if (silenceBroadcast) {
                    Files.writeString(dir.resolve("mcast_solicit"), "0", StandardCharsets.US_ASCII);
                }
                set++;
            } catch (NoSuchFileException e) {
                // no such family on this device
            }
        }
        return set;
    }
}
