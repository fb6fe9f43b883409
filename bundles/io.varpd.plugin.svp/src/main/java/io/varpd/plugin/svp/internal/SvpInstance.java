// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import static io.varpd.plugin.svp.internal.SvpProperties.HOST;
import static io.varpd.plugin.svp.internal.SvpProperties.PORT;
import static io.varpd.plugin.svp.internal.SvpProperties.UNDERLAY_IP;
import static io.varpd.plugin.svp.internal.SvpProperties.UNDERLAY_PORT;

import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.ProviderHandle;
import io.varpd.plugin.svp.internal.remote.Attachment;
import io.varpd.plugin.svp.internal.remote.RemoteKey;
import io.varpd.plugin.svp.internal.remote.RemoteRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The state of one {@code svp} instance: its four property values and, while started, its attachment to the shared
 * remote. Thread-safe: values and the attachment change under one lock; lookups read the attachment without locking.
 */
public final class SvpInstance {
    private final ProviderHandle provider;
    private final RemoteRegistry registry;
    private final Object lock = new Object();
    private String host;
    private int port = SvpProperties.DEFAULT_PORT;
    private InetAddress underlayIp;
    private int underlayPort = SvpProperties.DEFAULT_UNDERLAY_PORT;
    private volatile Attachment attachment;

    SvpInstance(ProviderHandle provider, RemoteRegistry registry) {
        this.provider = provider;
        this.registry = registry;
    }

    ProviderHandle provider() {
        return provider;
    }

    /** The attachment while started, else null. */
    Attachment attachment() {
        return attachment;
    }

    /**
     * Checks the required values and attaches to the remote for (host, port, underlay IP).
     *
     * @throws VarpdException EAGAIN naming every unset required property; EEXIST when another instance uses this vnetid
     *     on that remote; EINVAL for a vnetid beyond 32 bits
     */
    void start() throws VarpdException {
        synchronized (lock) {
            if (attachment != null) {
                return;
            }
            List<String> unset = new ArrayList<>();
            if (host == null) {
                unset.add(HOST);
            }
            if (port == 0) {
                unset.add(PORT);
            }
            if (underlayIp == null) {
                unset.add(UNDERLAY_IP);
            }
            if (underlayPort == 0) {
                unset.add(UNDERLAY_PORT);
            }
            if (!unset.isEmpty()) {
                throw new VarpdException(
                        Errno.EAGAIN,
                        "cannot start: unset required propert"
                                + (unset.size() == 1 ? "y: " : "ies: ") + String.join(", ", unset)
                                + "; set " + (unset.size() == 1 ? "it" : "them") + " first");
            }
            long vnetid = provider.vnetid();
            if (vnetid < 0 || vnetid > 0xFFFF_FFFFL) {
                throw new VarpdException(
                        Errno.EINVAL,
                        "vnetid " + vnetid + " does not fit SVP's 32-bit field;" + " allowed: 0-4294967295");
            }
            attachment = registry.attach(new RemoteKey(host, port, underlayIp), vnetid, provider);
        }
    }

    /** Detaches from the remote (the last instance on a remote closes it). Idempotent. */
    void stop() {
        Attachment a;
        synchronized (lock) {
            a = attachment;
            attachment = null;
        }
        if (a != null) {
            registry.detach(a);
        }
    }

    /**
     * What the instance is doing, for an operator: the remote's state ({@code Remote.describe}) while started, else
     * that it is not started. Waits for the remote's event loop at most {@code wait}: a loop that does not answer (the
     * plugin is stopping) is reported, not waited out.
     */
    Map<String, String> describe(Duration wait) {
        Attachment a = attachment;
        if (a == null) {
            Map<String, String> m = new LinkedHashMap<>();
            host().ifPresent(h -> m.put(
                    "server",
                    (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":"
                            + port().map(String::valueOf).orElse("(no port)")));
            m.put("state", "not started");
            return m;
        }
        try {
            return a.describe().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Map.of(
                    "server",
                    a.key().host() + ":" + a.key().port(),
                    "state",
                    "unknown: the svp client did not answer within " + wait.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of("state", "unknown: interrupted while asking the svp client");
        } catch (ExecutionException e) {
            throw new IllegalStateException("describing " + a + " failed", e.getCause());
        }
    }

    Optional<String> host() {
        synchronized (lock) {
            return Optional.ofNullable(host);
        }
    }

    /** The server port, empty when unset. */
    Optional<Integer> port() {
        synchronized (lock) {
            return port == 0 ? Optional.empty() : Optional.of(port);
        }
    }

    Optional<InetAddress> underlayIp() {
        synchronized (lock) {
            return Optional.ofNullable(underlayIp);
        }
    }

    /** The underlay port, empty when unset. */
    Optional<Integer> underlayPort() {
        synchronized (lock) {
            return underlayPort == 0 ? Optional.empty() : Optional.of(underlayPort);
        }
    }

    /** Sets the host; null unsets it. Takes effect at the next start. */
    void setHost(String value) {
        synchronized (lock) {
            host = value;
        }
    }

    /** Sets the server port (already checked); 0 unsets it. Takes effect at the next start. */
    void setPort(int value) {
        synchronized (lock) {
            port = value;
        }
    }

    /** Sets the underlay IP (already checked); null unsets it. Takes effect at the next start. */
    void setUnderlayIp(InetAddress value) {
        synchronized (lock) {
            underlayIp = value;
        }
    }

    /** Sets the underlay port (already checked); 0 unsets it. */
    void setUnderlayPort(int value) {
        synchronized (lock) {
            underlayPort = value;
        }
    }

    @Override
    public String toString() {
        Attachment a = attachment;
        synchronized (lock) {
            return "svp " + (host == null ? "(no host)" : host) + ":" + port + " underlay "
                    + (underlayIp == null ? "(no ip)" : SvpProperties.ipv6Text(underlayIp)) + ":" + underlayPort
                    + (a == null ? " (stopped)" : " (started, vnetid " + a.vnetid() + ")");
        }
    }
}
