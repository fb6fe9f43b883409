// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.netlink;

/**
 * Kernel messages captured on kernel 6.18 (linux-vxlan-misses.md sections 2.1-2.3, 3.4): the bytes as printed there,
 * with the NDA_CACHEINFO payload (elided in the note as "...") filled in with plausible clock_t values, which nothing
 * here reads.
 */
final class KernelVectors {
    private static final String CACHEINFO = "14 00 03 00 10 00 00 00 20 00 00 00 30 00 00 00 00 00 00 00";

    /** vxlan L3 miss from a bridged guest's ARP for 10.42.0.2 on ifindex 3 (section 2.2). */
    static final byte[] L3_MISS_V4 = Hex.bytes("40 00 00 00 1e 00 00 00 00 00 00 00 00 00 00 00 |"
            + " 02 00 00 00 03 00 00 00 04 00 00 01 | 08 00 01 00 0a 2a 00 02 | 08 00 07 00 00 00 00 01 |" + CACHEINFO);

    /** vxlan L3 miss from a guest's NS for fd42::2 (section 2.2, IPv6): AF_INET6, 16-byte NDA_DST. */
    static final byte[] L3_MISS_V6 = Hex.bytes("4c 00 00 00 1e 00 00 00 00 00 00 00 00 00 00 00 |"
            + " 0a 00 00 00 03 00 00 00 04 00 00 01 |"
            + " 14 00 01 00 fd 42 00 00 00 00 00 00 00 00 00 00 00 00 00 02 | 08 00 07 00 00 00 00 01 |" + CACHEINFO);

    /** vxlan L2 miss for 02:42:0a:2a:00:02: AF_INET (not AF_BRIDGE), NDA_LLADDR, NDA_VNI 0 (section 2.3). */
    static final byte[] L2_MISS = Hex.bytes("44 00 00 00 1e 00 00 00 00 00 00 00 00 00 00 00 |"
            + " 02 00 00 00 03 00 00 00 04 00 00 01 | 0a 00 02 00 02 42 0a 2a 00 02 00 00 | 08 00 07 00 00 00 00 00 |"
            + CACHEINFO);

    /** App probe (app_solicit) for 10.42.0.2: NLM_F_REQUEST, INCOMPLETE, NDA_PROBES 3 (section 2.1). */
    static final byte[] APP_PROBE_V4 = Hex.bytes("40 00 00 00 1e 00 01 00 00 00 00 00 00 00 00 00 |"
            + " 02 00 00 00 03 00 00 00 01 00 00 01 | 08 00 01 00 0a 2a 00 02 | 08 00 04 00 03 00 00 00 |" + CACHEINFO);

    /** App probe for fd42::2 (section 2.8). */
    static final byte[] APP_PROBE_V6 = Hex.bytes("4c 00 00 00 1e 00 01 00 00 00 00 00 00 00 00 00 |"
            + " 0a 00 00 00 03 00 00 00 01 00 00 01 |"
            + " 14 00 01 00 fd 42 00 00 00 00 00 00 00 00 00 00 00 00 00 02 | 08 00 04 00 01 00 00 00 |" + CACHEINFO);

    /** Revalidation app probe: PROBE state, carrying the old NDA_LLADDR as well as NDA_DST (section 2.6). */
    static final byte[] APP_PROBE_REVALIDATE = Hex.bytes("4c 00 00 00 1e 00 01 00 00 00 00 00 00 00 00 00 |"
            + " 02 00 00 00 03 00 00 00 10 00 00 01 | 08 00 01 00 0a 2a 00 02 | 0a 00 02 00 02 42 0a 2a 00 02 00 00 |"
            + " 08 00 04 00 03 00 00 00 |" + CACHEINFO);

    /** The neighbour going FAILED after host-originated resolution without app_solicit (section 2.1). */
    static final byte[] NEIGH_FAILED = Hex.bytes("40 00 00 00 1c 00 00 00 00 00 00 00 00 00 00 00 |"
            + " 02 00 00 00 03 00 00 00 20 00 00 01 | 08 00 01 00 0a 2a 00 02 | 08 00 04 00 06 00 00 00 |" + CACHEINFO);

    /** Bridge learning on port ifindex 5 of br0 (ifindex 4): AF_BRIDGE, NTF_MASTER, NDA_MASTER (section 2.2). */
    static final byte[] BRIDGE_LEARNED = Hex.bytes("38 00 00 00 1c 00 00 00 00 00 00 00 00 00 00 00 |"
            + " 07 00 00 00 05 00 00 00 02 00 04 00 | 0a 00 02 00 02 42 0a 2a 00 01 00 00 | 08 00 09 00 04 00 00 00 |"
            + " 08 00 03 00 00 00 00 00");

    /** A vxlan FDB add notification (ours, pid 0): AF_BRIDGE, NTF_SELF, permanent, NDA_DST. */
    static final byte[] FDB_ADDED = Hex.bytes("30 00 00 00 1c 00 00 00 00 00 00 00 00 00 00 00 |"
            + " 07 00 00 00 03 00 00 00 c0 00 02 00 | 0a 00 02 00 02 42 0a 2a 00 09 00 00 | 08 00 01 00 c0 00 02 09");

    private KernelVectors() {}
}
