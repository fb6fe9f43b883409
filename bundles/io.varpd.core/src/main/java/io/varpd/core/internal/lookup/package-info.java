// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * Query handles and proxies: how a device miss reaches a plugin and its answer gets back.
 *
 * <h2>Theory</h2>
 *
 * <p>Every miss becomes a handle that is answered exactly once: {@link io.varpd.core.internal.lookup.OnceAnswer} lets
 * the first answer claim it and refuses (and logs) any later one, from whatever thread. A
 * {@link io.varpd.core.internal.lookup.LookupHandle} passes its answer to the device's miss; when the plugin hands it
 * to a proxy, the proxy takes it over: {@link io.varpd.core.internal.lookup.FrameProxies} copies and checks the frame,
 * asks the plugin's {@code arp} or {@code dhcp} op through a {@link io.varpd.core.internal.lookup.ResolveHandle}, whose
 * answer injects the reply frame and finally drops the original. A miss that no frame caused (a Linux neighbour miss, a
 * diagnostic lookup) is a {@link io.varpd.core.internal.lookup.SyntheticLookup}. Nothing here locks; counters are
 * striped adders. See docs/architecture.md#lookups-exactly-once and docs/architecture.md#proxy-arp-ndp-and-dhcp.
 */
package io.varpd.core.internal.lookup;
