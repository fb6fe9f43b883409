// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.plugin.ProviderHandle;
import io.varpd.plugin.svp.internal.protocol.Vl2Ack;
import io.varpd.plugin.svp.internal.protocol.Vl2Request;
import io.varpd.plugin.svp.internal.protocol.Vl3Ack;
import io.varpd.plugin.svp.internal.protocol.Vl3Request;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance attached to a remote under its vnetid: the instance asks through it, and the remote reaches the
 * instance's device through it (degrade/restore, shootdowns). Given out by {@link RemoteRegistry#attach} and given back
 * to {@link RemoteRegistry#detach}.
 *
 * <p>Answers ({@link #vl2}, {@link #vl3}) arrive on the remote's event loop thread: the ack, or null and a
 * {@link Failure} when the server gave none (no ACTIVE connection, a reset, a timeout).
 */
public final class Attachment {
    private static final Logger LOG = LoggerFactory.getLogger(Attachment.class);

    private final Remote remote;
    private final long vnetid;
    private final ProviderHandle provider;
    /** The degrade message this remote last put on the instance, null if none. Loop-confined. */
    private String degradedWith;
    /** Whether a new state of the same overlay took this one's place on the remote. */
    private volatile boolean superseded;

    Attachment(Remote remote, long vnetid, ProviderHandle provider) {
        this.remote = remote;
        this.vnetid = vnetid;
        this.provider = provider;
    }

    /** Asks where {@code mac} lives in this instance's virtual network. */
    public void vl2(MacAddress mac, BiConsumer<Vl2Ack, Failure> done) {
        remote.submit(
                new Vl2Request(mac, vnetid),
                (r, why) ->
                        done.accept(r instanceof Vl2Ack a ? a : null, r instanceof Vl2Ack ? null : failure(r, why)));
    }

    /** Asks which MAC owns {@code ip} in this instance's virtual network. */
    public void vl3(InetAddress ip, BiConsumer<Vl3Ack, Failure> done) {
        remote.submit(
                Vl3Request.of(ip, vnetid),
                (r, why) ->
                        done.accept(r instanceof Vl3Ack a ? a : null, r instanceof Vl3Ack ? null : failure(r, why)));
    }

    /** The failure to report when no ack of the expected op came (the reader checks ops, so why is set). */
    private Failure failure(Object reply, Failure why) {
        return why != null ? why : Failure.unreachable(remote.server() + " answered with " + reply);
    }

    public long vnetid() {
        return vnetid;
    }

    public RemoteKey key() {
        return remote.key();
    }

    /** The remote's state for an operator ({@link Remote#describe}); completes on the remote's loop. */
    public java.util.concurrent.CompletableFuture<java.util.Map<String, String>> describe() {
        return remote.describe();
    }

    Remote remote() {
        return remote;
    }

    ProviderHandle provider() {
        return provider;
    }

    void supersede() {
        superseded = true;
    }

    boolean superseded() {
        return superseded;
    }

    // --- called on the remote's loop -------------------------------------------------------

    void degrade(String message) {
        degradedWith = message;
        try {
            provider.degrade(message);
        } catch (RuntimeException e) {
            LOG.error("svp {}: degrading {} failed: {}", remote.key(), provider.linkName(), e.toString(), e);
        }
    }

    void restore() {
        if (degradedWith == null) {
            return;
        }
        degradedWith = null;
        try {
            provider.restore();
        } catch (RuntimeException e) {
            LOG.error("svp {}: restoring {} failed: {}", remote.key(), provider.linkName(), e.toString(), e);
        }
    }

    /** A VL2 shootdown: the device must forget where {@code mac} lives. */
    void invalidate(MacAddress mac) {
        try {
            provider.injectTarget(mac, null);
        } catch (RuntimeException e) {
            LOG.error(
                    "svp {}: invalidating {} on {} failed: {}",
                    remote.key(),
                    mac,
                    provider.linkName(),
                    e.toString(),
                    e);
        }
    }

    /**
     * A VL3 shootdown: tell local guests that {@code ip} is now at {@code mac}, with a gratuitous ARP for IPv4 and an
     * unsolicited neighbour advertisement for IPv6 (the original announced IPv4 only, so IPv6 guests kept the old MAC
     * until their entry went stale).
     */
    void announce(int vlan, MacAddress mac, InetAddress ip) {
        if (vlan > 4094) {
            LOG.warn(
                    "svp {}: not announcing {} at {} on {}: VLAN {} is out of range; allowed: 0-4094",
                    remote.key(),
                    IpAddresses.format(ip),
                    mac,
                    provider.linkName(),
                    vlan);
            return;
        }
        try {
            if (ip instanceof Inet4Address v4) {
                provider.injectGratuitousArp(vlan, mac, v4, MacAddress.BROADCAST);
            } else {
                provider.injectUnsolicitedAdvertisement(vlan, mac, (Inet6Address) ip);
            }
        } catch (RuntimeException e) {
            LOG.error(
                    "svp {}: announcing {} on {} failed: {}",
                    remote.key(),
                    IpAddresses.format(ip),
                    provider.linkName(),
                    e.toString(),
                    e);
        }
    }

    @Override
    public String toString() {
        return "vnetid " + vnetid + " on " + remote.key();
    }
}
