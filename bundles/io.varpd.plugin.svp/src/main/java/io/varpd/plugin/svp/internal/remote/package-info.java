// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The SVP client: remotes, their connections, DNS, degradation and shootdowns.
 *
 * <h2>Theory</h2>
 *
 * <p><b>Threads and confinement.</b> The plugin's {@link io.varpd.plugin.svp.internal.remote.RemoteRegistry} owns a few
 * {@link io.varpd.plugin.svp.internal.remote.EventLoop}s (one thread and one {@link java.nio.channels.Selector} each)
 * and a small DNS executor. Every remote is bound to one loop, and its connections, timers, health and shootdown state
 * are touched only by that loop's thread: none of it is locked. Other threads reach a remote only by submitting a task;
 * the exceptions are the map of attached instances (a concurrent map, written under the registry's lock) and the name
 * resolution, which blocks and so runs on the DNS executor and posts its result back.
 *
 * <p><b>A query's life.</b> {@link io.varpd.plugin.svp.internal.remote.Attachment#vl2} builds a request, takes an id
 * from the plugin-wide id space and submits it to the remote's loop, which picks the next ACTIVE connection round
 * robin; if there is none, the query fails at once with EHOSTUNREACH and the last trouble seen (the frame is dropped,
 * not queued: the kernel asks again on the next frame). The connection queues it; at the end of the loop iteration
 * every query queued in it is encoded into one buffer and written with as few system calls as the socket allows, so a
 * burst of lookups is pipelined. A query awaits its ack once its last byte is written (judged by the cumulative write
 * offset). The {@link io.varpd.plugin.svp.internal.remote.FrameReader} cuts the incoming stream into acks and matches
 * each to its query by id; the callback then runs on the loop.
 *
 * <p><b>Faults.</b> A connection that sees an I/O error, end of stream, a CRC mismatch, a bad version, op, size or id,
 * an ack larger than its read buffer (which it could never complete), or whose oldest query has had no answer for the
 * query timeout (3 s), resets: that oldest query fails (it is the likeliest culprit: portolan crashes on what it cannot
 * parse, and resending it would crash it again), every other query goes back to the remote for another ACTIVE
 * connection (or fails with the same {@link io.varpd.plugin.svp.internal.remote.Failure}), and the connection
 * reconnects at once, unless it never delivered an ack since it connected (then it backs off like a failed connect, so
 * a server that accepts and drops connections is not hammered). A timed-out query fails with ETIME, every other failure
 * is EHOSTUNREACH; each names the server and the error. A failed connect (refused, unreachable, or not done within 5 s)
 * backs off 1, 2, 4, 8, 16, 32, 32, ... s; the connection counts as degraded from the first failure.
 *
 * <p><b>DNS.</b> The host is resolved when the remote opens and every 30 s: one connection per address (IPv4-mapped
 * addresses folded to IPv4, duplicates collapsed); a new address gets a connection that connects after 1 s; an address
 * that disappears winds its connection down (no new queries; closed once its queries are answered, or at its next
 * error); the others are kept. A name that does not resolve sets DNS_FAIL and keeps the existing connections. A
 * temporary resolver failure (EAI_AGAIN) is retried with a doubling backoff, not in a tight loop as in the original,
 * and sets DNS_FAIL only once it has persisted for a few attempts.
 *
 * <p><b>Degradation</b> ({@link io.varpd.plugin.svp.internal.remote.RemoteHealth}, docs/architecture.md#the-svp-client,
 * extended so the status tells the truth within seconds). Four flags, most severe first: DNS_FAIL ("failed to resolve
 * or find entries for hostname &lt;host&gt;"); REMOTE_FAIL ("svp server &lt;host&gt; port &lt;port&gt; is unreachable:
 * &lt;error&gt;", set by the first failed connect once every connection has failed, cleared when one becomes ACTIVE);
 * NO_ANSWER ("... accepts connections but does not answer: ...", set by the first timed-out query, or by a reset before
 * any answer while a query was waiting, cleared by the next ack); LOG_FAIL (LOG_REQ answered FATAL: the server does not
 * know {@code svp/underlay_ip}, so shootdowns never arrive; cleared by a LOG_REQ answered OK). Every instance attached
 * to the remote is degraded with the most severe flag's sentence, once (the WARN is logged then, not at every retry),
 * and restored when none is left. The original degraded only after its backoff table (about 63 s), never for a silent
 * server or a refused log. Other departures: a connection becoming ACTIVE clears REMOTE_FAIL (the original cleared it
 * only when a degraded one reconnected while all were degraded, so a new address could serve while the instance stayed
 * DEGRADED); an instance attaching to a degraded remote is degraded at once, and one detaching from it is restored.
 *
 * <p><b>Shootdowns</b> ({@link io.varpd.plugin.svp.internal.remote.Shootdown}, docs/architecture.md#the-svp-client).
 * Each remote polls the server's log for this node every 5-10 s, applies VL2 records (remove the MAC from the device's
 * cache) and VL3 records (look the IP up, announce it with a gratuitous ARP), and acknowledges what it applied with
 * LOG_RM, going round again after 1 s while there is work.
 *
 * <p><b>Timing</b> is one value, {@link io.varpd.plugin.svp.internal.remote.SvpTiming}, with the original's constants
 * by default except the connect (5 s) and query (3 s) timeouts, so tests run the same machinery in milliseconds.
 */
package io.varpd.plugin.svp.internal.remote;
