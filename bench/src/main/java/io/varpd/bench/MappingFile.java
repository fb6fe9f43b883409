// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.bench;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated {@code files} mapping file (docs/mapping-file.md) in a temporary folder, deleted by {@link #close()}, and
 * the facts of each entry, so benchmarks know what the file says without reading it.
 *
 * <p>Entry {@code i} (0-based): key MAC {@code 02:00:00:00:00:00 + i} (locally administered unicast); {@code ip} one of
 * {@value #UNDERLAY_HOSTS} underlay hosts in 198.18.0.0/15 (the benchmarking range of RFC 2544), host {@code i % 1000};
 * {@code port} {@value #PORT}; {@code arp} {@code 100.64.0.0 + i} (100.64.0.0/10 holds 4,194,304 addresses); every
 * tenth entry also a {@code dhcp-proxy}. So a thousand MACs share each underlay host, as VMs share hypervisors.
 */
public final class MappingFile implements AutoCloseable {
    /** The MAC of entry 0. */
    public static final long FIRST_MAC = 0x02_00_00_00_00_00L;
    /** Distinct underlay destinations in the file. */
    public static final int UNDERLAY_HOSTS = 1000;
    /** The underlay port of every entry. */
    public static final int PORT = 4789;
    /** How many entries fit in the {@code arp} address range. */
    public static final int MAX_ENTRIES = 1 << 22;

    private static final int FIRST_ARP = (100 << 24) | (64 << 16);
    private static final String DHCP_PROXY = "02:ff:00:00:00:01";
    private static final TargetPoint[] TARGETS = underlayTargets();

    private final Path dir;
    private final Path file;
    private final int entries;

    private MappingFile(Path dir, Path file, int entries) {
        this.dir = dir;
        this.file = file;
        this.entries = entries;
    }

    /** Writes a file of {@code entries} entries into a new temporary folder. */
    public static MappingFile create(int entries) throws IOException {
        if (entries < 1 || entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("entries: " + entries + "; allowed: 1-" + MAX_ENTRIES);
        }
        Path dir = Files.createTempDirectory("varpd-bench");
        Path file = dir.resolve("mapping.json");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\n");
            StringBuilder line = new StringBuilder(160);
            for (int i = 0; i < entries; i++) {
                line.setLength(0);
                line.append('"')
                        .append(MacAddress.of(mac(i)))
                        .append("\": {\"ip\": \"")
                        .append(underlayIp(i))
                        .append("\", \"port\": ")
                        .append(PORT)
                        .append(", \"arp\": \"")
                        .append(dotted(arpAddress(i)))
                        .append('"');
                if (i % 10 == 0) {
                    line.append(", \"dhcp-proxy\": \"").append(DHCP_PROXY).append('"');
                }
                line.append(i + 1 < entries ? "},\n" : "}\n");
                out.append(line);
            }
            out.write("}\n");
        }
        return new MappingFile(dir, file, entries);
    }

    public Path path() {
        return file;
    }

    public int entries() {
        return entries;
    }

    /** The key MAC of entry {@code i}, as 48 bits. */
    public static long mac(int i) {
        return FIRST_MAC + i;
    }

    /** The {@code arp} address of entry {@code i}, as an IPv4 address in an int. */
    public static int arpAddress(int i) {
        return FIRST_ARP + i;
    }

    /** The destination the file gives entry {@code i}: one of {@value #UNDERLAY_HOSTS} shared objects. */
    public static TargetPoint target(int i) {
        return TARGETS[i % UNDERLAY_HOSTS];
    }

    private static String underlayIp(int i) {
        int host = i % UNDERLAY_HOSTS;
        return "198.18." + (host / 250) + "." + (host % 250 + 1);
    }

    private static TargetPoint[] underlayTargets() {
        TargetPoint[] t = new TargetPoint[UNDERLAY_HOSTS];
        try {
            for (int host = 0; host < UNDERLAY_HOSTS; host++) {
                t[host] = TargetPoint.of(InetAddress.getByName(underlayIp(host)), PORT);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a literal address did not parse", e);
        }
        return t;
    }

    static String dotted(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    /** Deletes the file and its folder. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
