// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The MAC varpd gives a vxlan it creates, the same every time the device is made again, so that a mapping that names
 * the host's own vxlan MAC (and every peer's neighbour entry for the host's overlay address) stays right across
 * re-creation and reboots. It is a hash of what tells this vxlan apart from every other one in the overlay: the machine
 * ({@code /etc/machine-id}), the namespace name, the link name, the VNI and the listen address (two "hosts" that are
 * namespaces of one machine differ in their listen addresses). Locally administered and unicast.
 */
final class StableMac {
    private static final List<Path> MACHINE_ID =
            List.of(Path.of("/etc/machine-id"), Path.of("/var/lib/dbus/machine-id"));
    private static final String MACHINE = readMachineId();

    private StableMac() {}

    /**
     * The MAC of vxlan {@code link} of {@code vni} in {@code netns} (null: the daemon's) listening on {@code listen}.
     */
    static MacAddress of(String netns, String link, long vni, InetAddress listen) {
        return derive(MACHINE, netns, link, vni, listen);
    }

    /** {@link #of} for a given machine id (tests). */
    static MacAddress derive(String machineId, String netns, String link, long vni, InetAddress listen) {
        String key = String.join(
                "\n",
                "varpd vxlan mac 1",
                machineId,
                netns == null ? "" : netns,
                link,
                Long.toString(vni),
                listen == null ? "" : IpAddresses.format(listen));
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java has SHA-256", e);
        }
        h[0] = (byte) ((h[0] & 0xfc) | 0x02); // unicast, locally administered
        return MacAddress.of(h, 0);
    }

    private static String readMachineId() {
        for (Path p : MACHINE_ID) {
            try {
                String id = Files.readString(p, StandardCharsets.US_ASCII).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            } catch (IOException | RuntimeException e) {
                // try the next one; without any, the other inputs still tell devices apart
            }
        }
        return "";
    }
}
