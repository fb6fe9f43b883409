// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import static io.varpd.plugin.svp.internal.SvpProperties.HOST;
import static io.varpd.plugin.svp.internal.SvpProperties.PORT;
import static io.varpd.plugin.svp.internal.SvpProperties.UNDERLAY_IP;
import static io.varpd.plugin.svp.internal.SvpProperties.UNDERLAY_PORT;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.LookupQuery;
import io.varpd.api.plugin.PluginOps;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.ProviderHandle;
import io.varpd.api.plugin.ResolveQuery;
import io.varpd.plugin.svp.internal.remote.Attachment;
import io.varpd.plugin.svp.internal.remote.HostResolver;
import io.varpd.plugin.svp.internal.remote.RemoteRegistry;
import io.varpd.plugin.svp.internal.remote.SvpTiming;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code svp} lookup plugin (DYNAMIC mode): answers target-cache misses and proxy ARP/NDP questions by asking an
 * SVP (portolan) server, and applies the server's shootdowns. See the package documentation for the theory.
 *
 * <p>Contract beyond {@link PluginOps}: {@code create} refuses (ENOTSUP; {@code restore}: EINVAL) any destination type
 * but exactly IP+PORT; {@code setProperty} refuses (EINVAL) IPv4-compatible, IPv6 multicast, 6to4 and IPv4 multicast
 * underlay addresses and ports outside 1-65535, and unsets a property when given null; {@code start} refuses with
 * EAGAIN while a required property is unset (naming each) and with EEXIST when another instance already uses the vnetid
 * with the same server, port and underlay address. There is no {@code dhcp}: broadcast DHCP is dropped.
 */
@Component(
        service = PluginOps.class,
        property = {PluginOps.NAME + "=" + SvpProperties.PLUGIN_NAME, PluginOps.MODE + "=DYNAMIC"})
public final class SvpPlugin implements PluginOps<SvpInstance> {
    private static final Logger LOG = LoggerFactory.getLogger(SvpPlugin.class);
    private static final long IPV6_MULTICAST_PREFIX = 0x3333L;

    /** How long {@link #describe} waits for a busy event loop: a page must not hang on it. */
    private static final long DESCRIBE_WAIT_MS = 1000;

    private final RemoteRegistry registry;

    /** The OSGi component: the original's timing, the JDK resolver, one or two event loops. */
    @Activate
    public SvpPlugin() {
        this(RemoteRegistry.start(
                SvpTiming.DEFAULT,
                HostResolver.SYSTEM,
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2))));
    }

    /** With a given registry (tests: short timings, a fake resolver). */
    SvpPlugin(RemoteRegistry registry) {
        this.registry = registry;
    }

    /** Closes every remote and stops the plugin's threads; core has stopped the instances by now. */
    @Deactivate
    void deactivate() {
        registry.close();
    }

    @Override
    public SvpInstance create(ProviderHandle provider, Set<DestinationType> destination) throws VarpdException {
        SvpProperties.checkDestination(destination, Errno.ENOTSUP);
        return new SvpInstance(provider, registry);
    }

    @Override
    public void start(SvpInstance state) throws VarpdException {
        state.start();
        LOG.debug("svp instance started: {}", state);
    }

    @Override
    public void stop(SvpInstance state) {
        state.stop();
    }

    @Override
    public void destroy(SvpInstance state) {
        // Core stops before destroying; stopping again is harmless and guarantees the remote is released.
        state.stop();
    }

    /**
     * How a lookup is answered (docs/svp.md, "What a lookup answers"), in order: ARP to proxy ARP; a 33:33 destination
     * to proxy NDP when IPv6, else DROP; any other broadcast or multicast DROP; a unicast destination is asked with a
     * VL2 request and answered with the server's underlay address and port, DROP when the server does not know it, or
     * FAIL (EHOSTUNREACH, ETIME) when the server gave no answer.
     */
    @Override
    public void lookup(SvpInstance state, LookupQuery query) {
        LookupRequest request = query.request();
        if (request.sap() == LookupRequest.ETHERTYPE_ARP) {
            query.proxyArp();
            return;
        }
        MacAddress destination = request.destination();
        if ((destination.toLong() >>> 32) == IPV6_MULTICAST_PREFIX) {
            if (request.sap() == LookupRequest.ETHERTYPE_IPV6) {
                query.proxyNdp();
            } else {
                query.drop();
            }
            return;
        }
        if (destination.isMulticast()) {
            // Broadcast included: no broadcast or multicast delivery, as in the original.
            query.drop();
            return;
        }
        Attachment a = state.attachment();
        if (a == null) {
            query.drop();
            return;
        }
        a.vl2(destination, (ack, failure) -> {
            if (failure != null) {
                // The server gave no answer: not the same as "not found" (docs/svp.md).
                query.fail(failure.errno(), failure.reason());
                return;
            }
            TargetPoint target = !ack.ok() ? null : underlay(ack.address(), ack.port(), destination);
            if (target == null) {
                query.drop();
            } else {
                query.reply(target);
            }
        });
    }

    /**
     * Asks the server which MAC owns {@code target} (VL3); when found, first installs that MAC's underlay destination
     * in the device, then answers with the MAC.
     */
    @Override
    public void arp(SvpInstance state, ResolveQuery query, InetAddress target) {
        Attachment a = state.attachment();
        if (a == null || target == null) {
            query.drop();
            return;
        }
        a.vl3(target, (ack, failure) -> {
            if (failure != null) {
                query.fail(failure.errno(), failure.reason());
                return;
            }
            if (!ack.ok()) {
                query.drop();
                return;
            }
            MacAddress mac = ack.mac();
            if (mac.isMulticast() || mac.equals(MacAddress.ZERO)) {
                LOG.warn(
                        "svp {}: the server says {} is at {}, which cannot own an address; dropped",
                        a.key(),
                        IpAddresses.format(target),
                        mac);
                query.drop();
                return;
            }
            TargetPoint where = underlay(ack.address(), ack.port(), mac);
            if (where != null) {
                try {
                    state.provider().injectTarget(mac, where);
                } catch (RuntimeException e) {
                    LOG.error("svp {}: injecting {} -> {} failed: {}", a.key(), mac, where, e.toString(), e);
                }
            }
            query.reply(mac);
        });
    }

    /** The underlay destination of an ack, or null (logged) when it cannot be one. */
    private static TargetPoint underlay(InetAddress ip, int port, MacAddress mac) {
        if (port == 0 || ip.isAnyLocalAddress() || ip.isMulticastAddress()) {
            LOG.warn(
                    "svp: the server placed {} at {} port {}, which is not a destination; dropped",
                    mac,
                    IpAddresses.format(ip),
                    port);
            return null;
        }
        return TargetPoint.of(ip, port);
    }

    /**
     * The connection to the server as an operator needs it (issue 13's overlay page, the HTTP API's
     * {@code plugin_state}): server, overall state (connected, connecting, backoff, or degraded with the reason),
     * resolved addresses and each one's connection with its backoff, queries in flight, the last answer, and the
     * shootdown log's polling and last LOG_REQ result. Read on the remote's event loop, waited for
     * {@value #DESCRIBE_WAIT_MS} ms at most.
     */
    @Override
    public Map<String, String> describe(SvpInstance state) {
        return state.describe(java.time.Duration.ofMillis(DESCRIBE_WAIT_MS));
    }

    @Override
    public List<PropertyDescription> properties(SvpInstance state) {
        return SvpProperties.ALL;
    }

    @Override
    public Optional<Object> getProperty(SvpInstance state, String name) throws VarpdException {
        if (name != null) {
            switch (name) {
                case HOST:
                    return state.host().map(Object.class::cast);
                case PORT:
                    return state.port().map(Long::valueOf);
                case UNDERLAY_IP:
                    return state.underlayIp().map(Object.class::cast);
                case UNDERLAY_PORT:
                    return state.underlayPort().map(Long::valueOf);
                default:
                    break;
            }
        }
        throw unknownProperty(name);
    }

    @Override
    public void setProperty(SvpInstance state, String name, Object value) throws VarpdException {
        if (HOST.equals(name)) {
            if (value == null || value instanceof String) {
                // Any string: it is resolved (and judged) only when the instance starts, as in the original.
                state.setHost((String) value);
            } else {
                throw wrongType(name, "a string (a host name or an IP literal)", value);
            }
        } else if (PORT.equals(name)) {
            state.setPort(value == null ? 0 : SvpProperties.checkPort(name, portNumber(name, value)));
        } else if (UNDERLAY_PORT.equals(name)) {
            state.setUnderlayPort(value == null ? 0 : SvpProperties.checkPort(name, portNumber(name, value)));
        } else if (UNDERLAY_IP.equals(name)) {
            if (value == null) {
                state.setUnderlayIp(null);
            } else if (value instanceof InetAddress ip) {
                state.setUnderlayIp(SvpProperties.checkUnderlayIp(ip));
            } else {
                throw wrongType(name, "an IP address", value);
            }
        } else {
            throw unknownProperty(name);
        }
    }

    private static long portNumber(String name, Object value) throws VarpdException {
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return ((Number) value).longValue();
        }
        throw wrongType(name, "an unsigned integer", value);
    }

    /**
     * The original's keys and types: {@code svp/host} (String) and {@code svp/underlay_ip} (IPv6 text, IPv4 as
     * {@code ::ffff:a.b.c.d}) when set, the ports (Integer, the original's uint16) when not 0.
     */
    @Override
    public Map<String, Object> save(SvpInstance state) {
        Map<String, Object> saved = new LinkedHashMap<>();
        state.host().ifPresent(h -> saved.put(HOST, h));
        state.port().ifPresent(p -> saved.put(PORT, p));
        state.underlayIp().ifPresent(ip -> saved.put(UNDERLAY_IP, SvpProperties.ipv6Text(ip)));
        state.underlayPort().ifPresent(p -> saved.put(UNDERLAY_PORT, p));
        return saved;
    }

    /**
     * Create plus the saved values. A missing port keeps its default (as after create); a missing host or underlay IP
     * stays unset; a value that cannot be read is EINVAL.
     */
    @Override
    public SvpInstance restore(Map<String, Object> saved, ProviderHandle provider, Set<DestinationType> destination)
            throws VarpdException {
        SvpProperties.checkDestination(destination, Errno.EINVAL);
        SvpInstance state = new SvpInstance(provider, registry);
        Map<String, Object> values = saved == null ? Map.of() : saved;
        Object host = values.get(HOST);
        if (host != null) {
            if (!(host instanceof String)) {
                throw new VarpdException(Errno.EINVAL, "saved " + HOST + " '" + host + "' is not a string");
            }
            state.setHost((String) host);
        }
        Object port = values.get(PORT);
        if (port != null) {
            state.setPort(SvpProperties.checkPort(PORT, savedPort(PORT, port)));
        }
        Object ip = values.get(UNDERLAY_IP);
        if (ip != null) {
            Optional<InetAddress> parsed =
                    ip instanceof String text ? IpAddresses.parse(text.trim()) : Optional.empty();
            if (parsed.isEmpty()) {
                throw new VarpdException(
                        Errno.EINVAL,
                        "saved " + UNDERLAY_IP + " '" + ip + "' is not an IP address;"
                                + " allowed: IPv6 text (::ffff:192.0.2.1, 2001:db8::1) or IPv4 text");
            }
            state.setUnderlayIp(SvpProperties.checkUnderlayIp(parsed.get()));
        }
        Object underlayPort = values.get(UNDERLAY_PORT);
        if (underlayPort != null) {
            state.setUnderlayPort(SvpProperties.checkPort(UNDERLAY_PORT, savedPort(UNDERLAY_PORT, underlayPort)));
        }
        return state;
    }

    /** Reads a saved port, tolerating the number types a store may hand back. */
    private static long savedPort(String name, Object saved) throws VarpdException {
        if (saved instanceof Long || saved instanceof Integer || saved instanceof Short) {
            return ((Number) saved).longValue();
        }
        if (saved instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= SvpProperties.MAX_PORT + 1) {
            return (long) n.doubleValue();
        }
        if (saved instanceof String s && s.trim().matches("[0-9]{1,10}")) {
            return Long.parseLong(s.trim());
        }
        throw new VarpdException(
                Errno.EINVAL,
                "saved " + name + " '" + saved + "' is not a port number;" + " allowed: an integer 1-65535");
    }

    private static VarpdException unknownProperty(String name) {
        return new VarpdException(
                Errno.EINVAL,
                "unknown property '" + name + "'; the svp plugin has: " + HOST + ", " + PORT + ", " + UNDERLAY_IP + ", "
                        + UNDERLAY_PORT);
    }

    private static VarpdException wrongType(String name, String expected, Object value) {
        return new VarpdException(
                Errno.EINVAL,
                name + ": expected " + expected + ", got " + value.getClass().getSimpleName() + " '" + value + "'");
    }
}
