// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The {@code etcd} lookup plugin: overlay MACs mapped to underlay destinations by keys in etcd.
 *
 * <h2>Theory</h2>
 *
 * <p><b>What it does.</b> Fleets keep their network state in etcd; this DYNAMIC plugin answers varpd's questions from
 * it. Each overlay reads the keys under {@code <etcd/prefix>/v1/vnet/<vnetid>/} (schema version 1, documented for users
 * in {@code docs/etcd.md}): {@code mac/<mac>} to an underlay address and port, {@code ipv4/<address>} and
 * {@code ipv6/<address>} to the MAC that owns them, {@code dhcp/<mac>} to a DHCP proxy, and {@code host/<name>} for the
 * hosts carrying the network. Values are JSON objects; anyone may write them.
 * {@link io.varpd.plugin.etcd.internal.KeySchema} reads one key and value;
 * {@link io.varpd.plugin.etcd.internal.EtcdCopy} holds what the keys say (the MACs in one compact table of about 44
 * bytes a MAC, read without locking; addresses and the rest in concurrent maps), so a lookup, an ARP, NDP or DHCP
 * question is one hash probe and never waits on etcd.
 *
 * <p><b>Keeping the copy current.</b> At start, one consistent range read of the network's prefix (page by page, every
 * page at the revision of the first, each page's range guessed to hold about one page because etcd 3.4 counts a whole
 * range to answer a page of it: {@link io.varpd.plugin.etcd.internal.RangePages}), then a watch from the next revision.
 * Each watch event is applied as it comes: a MAC whose destination changed or went away is removed from the device's
 * cache, an address that moved is announced (gratuitous ARP, unsolicited neighbour advertisement), exactly as a
 * files-plugin reload does. A watch cancelled because etcd compacted the revisions it needed, or any other watch
 * failure, starts a new full read, whose difference to the copy is applied the same way; answers keep coming from the
 * copy meanwhile.
 *
 * <p><b>When etcd is away.</b> Once a second the instance asks etcd a linearizable read of one key. When that fails (no
 * member answers, or no quorum), the instance goes DEGRADED naming the endpoints and the error, keeps answering from
 * its copy (a key it does not hold answers DROP), and reads everything again once etcd answers; it is ONLINE again only
 * after that read, with a watch from its revision, so ONLINE always means caught up.
 *
 * <p><b>Bad data.</b> A key outside the schema, a key in a non-canonical spelling, a value that is not one strict JSON
 * object, has the wrong types, or is over 4096 bytes, is skipped and counted; the instance is DEGRADED naming up to
 * three of them until none is left. A key whose value goes bad holds nothing from then on (what a fresh read would
 * conclude). Bad data never stops the watch.
 *
 * <p><b>Inside the bundle.</b> The client is jetcd with grpc, netty and vert.x, embedded whole and private (nothing
 * exported; imports limited to a whitelist). Every call into it is made on the instance's own thread, which clears
 * netty's thread-locals when it ends, so updating or removing the bundle leaves no class loader pinned.
 */
package io.varpd.plugin.etcd.internal;
