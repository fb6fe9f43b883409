// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.direct.internal;

import static io.varpd.plugin.direct.internal.DirectProperties.DEST_IP;
import static io.varpd.plugin.direct.internal.DirectProperties.DEST_PORT;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PluginOps;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.ProviderHandle;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code direct} lookup plugin (POINT mode): sends every frame of an overlay to the one destination given by
 * {@code direct/dest_ip} and {@code direct/dest_port}. See the package documentation for the theory.
 *
 * <p>Contract beyond {@link PluginOps}: {@code create}/{@code restore} refuse (ENOTSUP) a destination type that is not
 * a non-empty subset of {IP, PORT}; {@code setProperty} refuses (EINVAL) IPv4-compatible and 6to4 addresses and ports
 * outside 1-65535, and unsets a property when given null; {@code start} refuses (EAGAIN) while a required property is
 * unset, naming each.
 */
@Component(
        service = PluginOps.class,
        property = {PluginOps.NAME + "=" + DirectProperties.PLUGIN_NAME, PluginOps.MODE + "=POINT"})
public final class DirectPlugin implements PluginOps<DirectState> {
    private static final Logger LOG = LoggerFactory.getLogger(DirectPlugin.class);

    @Override
    public DirectState create(ProviderHandle provider, Set<DestinationType> destination) throws VarpdException {
        return new DirectState(DirectProperties.checkDestination(destination));
    }

    @Override
    public void start(DirectState state) throws VarpdException {
        DirectState.Destination d = state.destination();
        List<String> unset = new ArrayList<>();
        if (d.ip() == null) {
            unset.add(DEST_IP);
        }
        // The original tested the IP bit here; the port is required exactly when the device needs one.
        if (state.needsPort() && d.port() == 0) {
            unset.add(DEST_PORT);
        }
        if (!unset.isEmpty()) {
            throw new VarpdException(
                    Errno.EAGAIN,
                    "cannot start: unset required propert"
                            + (unset.size() == 1 ? "y: " : "ies: ") + String.join(", ", unset)
                            + "; set " + (unset.size() == 1 ? "it" : "them") + " first");
        }
        LOG.debug("direct instance started: {}", state);
    }

    @Override
    public void stop(DirectState state) {
        // Nothing runs between start and stop: the destination is handed out once, at activation.
    }

    @Override
    public void destroy(DirectState state) {
        // The state holds no resources.
    }

    @Override
    public Optional<TargetPoint> defaultTarget(DirectState state) throws VarpdException {
        DirectState.Destination d = state.destination();
        if (d.ip() == null || (state.needsPort() && d.port() == 0)) {
            // Only reachable if a value was unset after start; never hand out half a destination.
            throw new VarpdException(
                    Errno.EAGAIN,
                    "the destination is incomplete: " + DEST_IP + " and " + DEST_PORT + " must both be set");
        }
        return Optional.of(TargetPoint.of(d.ip(), state.needsPort() ? d.port() : 0));
    }

    @Override
    public List<PropertyDescription> properties(DirectState state) {
        return DirectProperties.forDestination(state.destinationType());
    }

    @Override
    public Optional<Object> getProperty(DirectState state, String name) throws VarpdException {
        if (DEST_IP.equals(name)) {
            return state.ip().map(Object.class::cast);
        }
        if (DEST_PORT.equals(name) && state.needsPort()) {
            return state.port().map(Long::valueOf);
        }
        throw unknownProperty(state, name);
    }

    @Override
    public void setProperty(DirectState state, String name, Object value) throws VarpdException {
        if (DEST_IP.equals(name)) {
            if (value == null) {
                state.setIp(null);
            } else if (value instanceof InetAddress ip) {
                state.setIp(DirectProperties.checkIp(ip));
            } else {
                throw wrongType(name, "an IP address", value);
            }
        } else if (DEST_PORT.equals(name) && state.needsPort()) {
            if (value == null) {
                state.setPort(0);
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                state.setPort(DirectProperties.checkPort(((Number) value).longValue()));
            } else {
                throw wrongType(name, "an unsigned integer", value);
            }
        } else {
            throw unknownProperty(state, name);
        }
    }

    @Override
    public Map<String, Object> save(DirectState state) {
        DirectState.Destination d = state.destination();
        Map<String, Object> saved = new LinkedHashMap<>();
        if (d.ip() != null) {
            saved.put(DEST_IP, DirectProperties.text(d.ip()));
        }
        if (d.port() != 0) {
            saved.put(DEST_PORT, Long.valueOf(d.port()));
        }
        return saved;
    }

    @Override
    public DirectState restore(Map<String, Object> saved, ProviderHandle provider, Set<DestinationType> destination)
            throws VarpdException {
        DirectState state = new DirectState(DirectProperties.checkDestination(destination));
        Map<String, Object> values = saved == null ? Map.of() : saved;
        // A missing key is tolerated: the instance then waits for the value, as after create.
        Object ip = values.get(DEST_IP);
        if (ip != null) {
            state.setIp(DirectProperties.checkIp(readIp(ip)));
        }
        Object port = values.get(DEST_PORT);
        if (port != null) {
            if (state.needsPort()) {
                state.setPort(DirectProperties.checkPort(readPort(port)));
            } else {
                LOG.warn(
                        "ignoring saved {}={}: the device's destination type {} has no port",
                        DEST_PORT,
                        port,
                        destination);
            }
        }
        return state;
    }

    private static InetAddress readIp(Object saved) throws VarpdException {
        if (saved instanceof String text) {
            Optional<InetAddress> ip = IpAddresses.parse(text.trim());
            if (ip.isPresent()) {
                return ip.get();
            }
        }
        throw new VarpdException(
                Errno.EINVAL,
                "saved " + DEST_IP + " '" + saved + "' is not an IP address;"
                        + " allowed: IPv4 (192.0.2.1) or IPv6 (2001:db8::1) text");
    }

    /** Reads a saved port, tolerating the number types a store may hand back (JSON gives doubles). */
    private static long readPort(Object saved) throws VarpdException {
        if (saved instanceof Long || saved instanceof Integer || saved instanceof Short) {
            return ((Number) saved).longValue();
        }
        if (saved instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= DirectProperties.MAX_PORT + 1) {
            return (long) n.doubleValue();
        }
        if (saved instanceof String s && s.trim().matches("[0-9]{1,10}")) {
            return Long.parseLong(s.trim());
        }
        throw new VarpdException(
                Errno.EINVAL,
                "saved " + DEST_PORT + " '" + saved + "' is not a port number;" + " allowed: an integer 1-65535");
    }

    private static VarpdException unknownProperty(DirectState state, String name) {
        List<String> names = DirectProperties.forDestination(state.destinationType()).stream()
                .map(PropertyDescription::name)
                .toList();
        return new VarpdException(
                Errno.EINVAL, "unknown property '" + name + "'; this direct instance has: " + String.join(", ", names));
    }

    private static VarpdException wrongType(String name, String expected, Object value) {
        return new VarpdException(
                Errno.EINVAL,
                name + ": expected " + expected + ", got " + value.getClass().getSimpleName() + " '" + value + "'");
    }
}
