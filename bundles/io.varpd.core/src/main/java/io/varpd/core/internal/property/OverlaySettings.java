// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.property;

import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.OverlayConfig;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One overlay instance's configuration, read from its factory configuration: the common settings parsed and checked,
 * and every module-prefixed property ({@code direct/dest_ip}, {@code linux/netns}) kept raw until the instance knows
 * its plugin and device.
 *
 * @param pid the configuration PID
 * @param plugin the plugin name, from the factory PID
 * @param link the link name
 * @param vnetid the virtual network id
 * @param device the kind of device
 * @param listenIp the encapsulation's listen address, may be null
 * @param listenPort the encapsulation's port
 * @param named module-prefixed properties by name, raw (String from files, typed from forms)
 */
public record OverlaySettings(
        String pid,
        String plugin,
        String link,
        long vnetid,
        String device,
        InetAddress listenIp,
        int listenPort,
        Map<String, Object> named) {

    public OverlaySettings {
        Objects.requireNonNull(pid, "pid");
        named = Collections.unmodifiableMap(new TreeMap<>(named));
    }

    /**
     * These settings without the settings of other device kinds ({@code linux/adopt} on a memory overlay): a form that
     * offers every kind's settings saves them all, and they matter only once {@code device} names that kind, so they
     * are neither applied nor refused.
     */
    public OverlaySettings withoutSettingsOf(java.util.Set<String> deviceKinds) {
        Map<String, Object> kept = new TreeMap<>(named);
        kept.keySet().removeIf(k -> {
            String module = k.substring(0, k.indexOf('/'));
            return !module.equals(device) && !module.equals(plugin) && deviceKinds.contains(module);
        });
        return kept.size() == named.size()
                ? this
                : new OverlaySettings(pid, plugin, link, vnetid, device, listenIp, listenPort, kept);
    }

    /**
     * The configuration properties these settings were read from, in the types the instance store keeps (String, Long,
     * Boolean, lists of them; anything else as its text), so that {@link #read} gives these settings back.
     */
    public Map<String, Object> toProperties() {
        Map<String, Object> p = new TreeMap<>();
        p.put(OverlayConfig.LINK, link);
        p.put(OverlayConfig.VNETID, vnetid);
        p.put(OverlayConfig.DEVICE, device);
        if (listenIp != null) {
            p.put(OverlayConfig.LISTEN_IP, listenIp.getHostAddress());
        }
        p.put(OverlayConfig.LISTEN_PORT, (long) listenPort);
        named.forEach((k, v) -> p.put(k, storable(v)));
        return p;
    }

    private static Object storable(Object v) {
        if (v instanceof String || v instanceof Long || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Object[] a) {
            return java.util.Arrays.stream(a).map(OverlaySettings::storable).toList();
        }
        if (v instanceof java.util.Collection<?> c) {
            return c.stream().map(OverlaySettings::storable).toList();
        }
        return String.valueOf(v);
    }

    /** Whether {@code other} needs a new device or plugin instance (anything but plugin properties changed). */
    public boolean sameShape(OverlaySettings other) {
        return plugin.equals(other.plugin)
                && link.equals(other.link)
                && vnetid == other.vnetid
                && device.equals(other.device)
                && Objects.equals(listenIp, other.listenIp)
                && listenPort == other.listenPort;
    }

    /**
     * Reads a configuration. Keys the framework or tools add ({@code service.*}, {@code felix.*}, ...) are ignored;
     * unknown keys without a module prefix are ignored with a warning by the caller (see {@link #unknownKeys}).
     *
     * @throws VarpdException EINVAL naming the first bad setting and what is allowed
     */
    public static OverlaySettings read(String pid, String factoryPid, Dictionary<String, ?> props)
            throws VarpdException {
        if (factoryPid == null || !factoryPid.startsWith(OverlayConfig.FACTORY_PID_PREFIX)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    "configuration " + pid + " is not an overlay configuration; " + "allowed factory PIDs: "
                            + OverlayConfig.FACTORY_PID_PREFIX + "<plugin>");
        }
        String plugin = factoryPid.substring(OverlayConfig.FACTORY_PID_PREFIX.length());
        if (!CommonProperties.isValidModuleName(plugin)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    "'" + plugin + "' (from factory PID " + factoryPid
                            + ") is not a plugin name; allowed: lowercase letters, digits and '_', starting with a letter");
        }
        Object rawLink = PropertyValues.parse(CommonProperties.LINK, props.get(OverlayConfig.LINK));
        if (rawLink == null) {
            throw new VarpdException(Errno.EINVAL, "link: missing; every overlay configuration names its link");
        }
        String link = ((String) rawLink).trim();
        if (!CommonProperties.isValidLinkName(link)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    "link: '" + link + "' is not a valid link name; allowed: letters, "
                            + "digits and '_', starting with a letter and ending with a digit, at most 31 characters "
                            + "(15 on device linux, a kernel limit)");
        }
        Long vnetid = (Long) PropertyValues.parse(CommonProperties.VNETID, props.get(OverlayConfig.VNETID));
        if (vnetid == null) {
            throw new VarpdException(Errno.EINVAL, "vnetid: missing; allowed: 0-" + OverlayConfig.MAX_VNETID);
        }
        String device = (String) orDefault(
                PropertyValues.parse(CommonProperties.DEVICE, props.get(OverlayConfig.DEVICE)),
                OverlayConfig.DEFAULT_DEVICE);
        if (!CommonProperties.isValidModuleName(device)) {
            throw new VarpdException(
                    Errno.EINVAL, "device: '" + device + "' is not a device kind; allowed: memory, linux");
        }
        InetAddress listenIp =
                (InetAddress) PropertyValues.parse(CommonProperties.LISTEN_IP, props.get(OverlayConfig.LISTEN_IP));
        long listenPort = (Long) orDefault(
                PropertyValues.parse(CommonProperties.LISTEN_PORT, props.get(OverlayConfig.LISTEN_PORT)),
                (long) OverlayConfig.DEFAULT_LISTEN_PORT);
        Object encap = PropertyValues.parse(CommonProperties.ENCAP, props.get(OverlayConfig.ENCAP));
        if (encap != null && !CommonProperties.ENCAP_VXLAN.equals(encap)) {
            throw new VarpdException(Errno.EINVAL, "encap: '" + encap + "' is not supported; allowed: vxlan");
        }

        Map<String, Object> named = new TreeMap<>();
        for (var keys = props.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            if (key.indexOf('/') > 0
                    && !key.equals(OverlayConfig.LISTEN_IP)
                    && !key.equals(OverlayConfig.LISTEN_PORT)) {
                named.put(key, props.get(key));
            }
        }
        return new OverlaySettings(pid, plugin, link, vnetid, device, listenIp, (int) listenPort, named);
    }

    /**
     * Refuses keys without a module prefix that varpd does not know (a typo such as {@code devce} would otherwise be
     * ignored, and the overlay run on the default).
     *
     * @throws VarpdException EINVAL naming the keys and the ones allowed
     */
    public static void checkKnownKeys(Dictionary<String, ?> props) throws VarpdException {
        java.util.List<String> unknown = unknownKeys(props);
        if (!unknown.isEmpty()) {
            throw new VarpdException(
                    Errno.EINVAL,
                    "unknown configuration key" + (unknown.size() == 1 ? " " : "s ")
                            + String.join(", ", unknown) + "; allowed: " + OverlayConfig.LINK + ", "
                            + OverlayConfig.VNETID
                            + ", " + OverlayConfig.DEVICE + ", " + OverlayConfig.ENCAP + ", " + OverlayConfig.LISTEN_IP
                            + ", "
                            + OverlayConfig.LISTEN_PORT + ", and <plugin>/<name> or <device>/<name> properties");
        }
    }

    /** Keys of {@code props} without a module prefix that varpd does not know. */
    public static java.util.List<String> unknownKeys(Dictionary<String, ?> props) {
        java.util.List<String> unknown = new java.util.ArrayList<>();
        for (var keys = props.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            if (key.indexOf('/') < 0 && !isKnownPlainKey(key)) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    private static boolean isKnownPlainKey(String key) {
        return key.equals(OverlayConfig.LINK)
                || key.equals(OverlayConfig.VNETID)
                || key.equals(OverlayConfig.DEVICE)
                || key.equals(OverlayConfig.ENCAP)
                || key.startsWith("service.")
                || key.startsWith("felix.")
                || key.startsWith("component.")
                || key.startsWith("webconsole.")
                || key.startsWith(":")
                || key.startsWith(".");
    }

    private static Object orDefault(Object v, Object d) {
        return v == null ? d : v;
    }
}
