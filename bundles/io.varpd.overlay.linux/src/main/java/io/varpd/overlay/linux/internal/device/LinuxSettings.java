// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.api.device.DeviceSettings;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import io.varpd.overlay.linux.internal.netlink.Links;
import io.varpd.overlay.linux.internal.socket.NetworkNamespace;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of one Linux device, checked: the common ones from {@link DeviceSettings} and the provider's own
 * {@code linux/*} ones.
 *
 * @param name the vxlan's interface name (the link name)
 * @param local the vxlan's source address, null to let the kernel choose
 * @param underlay the underlay device name, null for none
 * @param netns the named network namespace, null for the JVM's own
 * @param mtu 0 to keep the kernel's choice
 * @param adopt use an existing vxlan instead of creating one
 * @param appSolicit {@code net.ipv{4,6}.neigh.NAME.app_solicit}, 0 to leave the sysctls alone
 * @param bridge a bridge the created vxlan joins, null for none
 * @param announce a bridge to announce resolved addresses into, null for none
 */
public record LinuxSettings(
        String name,
        long vni,
        InetAddress local,
        int port,
        String underlay,
        String netns,
        int mtu,
        boolean adopt,
        int appSolicit,
        String bridge,
        String announce) {

    public static final String UNDERLAY = "linux/underlay";
    public static final String NETNS = "linux/netns";
    public static final String MTU = "linux/mtu";
    public static final String ADOPT = "linux/adopt";
    public static final String APP_SOLICIT = "linux/app_solicit";
    public static final String BRIDGE = "linux/bridge";
    public static final String ANNOUNCE = "linux/announce";

    /** Three asks, one second apart, before the kernel gives up on a neighbour; see the package theory. */
    public static final long DEFAULT_APP_SOLICIT = 3;

    public static final long MAX_VNI = 16_777_215L;
    private static final Pattern IFNAME = Pattern.compile("[^/:\\s]{1," + Links.MAX_NAME_LENGTH + "}");

    public static final List<PropertyDescription> DESCRIPTIONS = List.of(
            PropertyDescription.builder(UNDERLAY, PropertyType.STRING)
                    .description("The underlay device the vxlan sends through (ip link ... dev NAME); empty: routed.")
                    .build(),
            PropertyDescription.builder(NETNS, PropertyType.STRING)
                    .description("The named network namespace (/var/run/netns/NAME) the vxlan lives in; empty: the"
                            + " daemon's own.")
                    .build(),
            PropertyDescription.builder(MTU, PropertyType.UINT)
                    .range(68, 65535)
                    .description("The vxlan's MTU; unset: the kernel's choice (underlay MTU less 50).")
                    .build(),
            PropertyDescription.builder(ADOPT, PropertyType.STRING)
                    .options("true", "false")
                    .defaultValue("false")
                    .description("true: use an existing vxlan of this name and VNI instead of creating one; it is left"
                            + " in place on close, only the entries varpd installed are removed.")
                    .build(),
            PropertyDescription.builder(APP_SOLICIT, PropertyType.UINT)
                    .range(0, 32)
                    .defaultValue(DEFAULT_APP_SOLICIT)
                    .description("How many times the kernel asks varpd (app probes, 1 s apart) to resolve a neighbour"
                            + " for traffic the host itself sends over the vxlan; 0 leaves the sysctls alone.")
                    .build(),
            PropertyDescription.builder(BRIDGE, PropertyType.STRING)
                    .description("An existing bridge the created vxlan joins as a port (guests behind the bridge).")
                    .build(),
            PropertyDescription.builder(ANNOUNCE, PropertyType.STRING)
                    .description("A bridge into which each resolved address is announced (broadcast ARP reply,"
                            + " unsolicited NA) so a waiting guest resolves at once; also where inject() delivers.")
                    .build());

    private static final Set<String> KNOWN = Set.of(UNDERLAY, NETNS, MTU, ADOPT, APP_SOLICIT, BRIDGE, ANNOUNCE);

    /** Checks {@code s}; EINVAL names the setting and what is allowed. */
    public static LinuxSettings of(DeviceSettings s) throws VarpdException {
        String name = s.linkName();
        if (!validInterfaceName(name)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    "link name '" + name + "' cannot be a Linux interface name; allowed: 1-" + Links.MAX_NAME_LENGTH
                            + " characters, no '/', ':' or white space, not '.' or '..'");
        }
        if (s.vnetid() < 0 || s.vnetid() > MAX_VNI) {
            throw new VarpdException(
                    Errno.EINVAL, name + ": vnetid " + s.vnetid() + " is out of range; allowed: 0-" + MAX_VNI);
        }
        if (s.listenPort() < 1 || s.listenPort() > 65535) {
            throw new VarpdException(
                    Errno.EINVAL, name + ": listen port " + s.listenPort() + " is out of range; allowed: 1-65535");
        }
        for (String key : s.extra().keySet()) {
            if (!KNOWN.contains(key)) {
                throw new VarpdException(
                        Errno.EINVAL,
                        name + ": unknown setting '" + key + "' for a linux device; allowed: "
                                + String.join(", ", new java.util.TreeSet<>(KNOWN)));
            }
        }
        Map<String, Object> x = s.extra();
        String underlay = interfaceName(name, x, UNDERLAY);
        String bridge = interfaceName(name, x, BRIDGE);
        String announce = interfaceName(name, x, ANNOUNCE);
        String netns = text(name, x, NETNS);
        if (netns != null && !NetworkNamespace.validName(netns)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    name + ": " + NETNS + " '" + netns + "' is not a namespace name; allowed:"
                            + " letters, digits, '_', '.', '-', not starting with '.' or '-'");
        }
        long mtu = number(name, x, MTU, 0, 68, 65535);
        String adopt = text(name, x, ADOPT);
        if (adopt != null && !adopt.equals("true") && !adopt.equals("false")) {
            throw new VarpdException(Errno.EINVAL, name + ": " + ADOPT + " '" + adopt + "'; allowed: true, false");
        }
        long solicit = number(name, x, APP_SOLICIT, DEFAULT_APP_SOLICIT, 0, 32);
        return new LinuxSettings(
                name,
                s.vnetid(),
                s.listenIp(),
                s.listenPort(),
                underlay,
                netns,
                (int) mtu,
                "true".equals(adopt),
                (int) solicit,
                bridge,
                announce);
    }

    /**
     * Why {@code next} cannot be applied to a live vxlan made with these settings, or null when it can: the namespace,
     * the underlay device, the listen address and port and the adopt flag are fixed when the vxlan is made, and an MTU
     * set back to "the kernel's choice" has no request that restores it.
     */
    public String needsNewDevice(LinuxSettings next) {
        if (!name.equals(next.name) || vni != next.vni) {
            return "the link name or vnetid changed";
        }
        if (!java.util.Objects.equals(netns, next.netns)) {
            return NETNS + " changed";
        }
        if (!java.util.Objects.equals(underlay, next.underlay)) {
            return UNDERLAY + " changed";
        }
        if (!java.util.Objects.equals(local, next.local) || port != next.port) {
            return "the listen address or port changed";
        }
        if (adopt != next.adopt) {
            return ADOPT + " changed";
        }
        if (mtu != 0 && next.mtu == 0) {
            return MTU + " was unset (the kernel's choice is made when the vxlan is)";
        }
        return null;
    }

    /** What the kernel's {@code dev_valid_name} accepts. */
    public static boolean validInterfaceName(String n) {
        return n != null && IFNAME.matcher(n).matches() && !n.equals(".") && !n.equals("..");
    }

    private static String text(String link, Map<String, Object> x, String key) throws VarpdException {
        Object v = x.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String)) {
            throw new VarpdException(Errno.EINVAL, link + ": " + key + " must be a string, not " + v);
        }
        String t = ((String) v).trim();
        return t.isEmpty() ? null : t;
    }

    private static String interfaceName(String link, Map<String, Object> x, String key) throws VarpdException {
        String n = text(link, x, key);
        if (n != null && !validInterfaceName(n)) {
            throw new VarpdException(
                    Errno.EINVAL,
                    link + ": " + key + " '" + n + "' is not an interface name; allowed: 1-" + Links.MAX_NAME_LENGTH
                            + " characters, no '/', ':' or white space");
        }
        return n;
    }

    private static long number(String link, Map<String, Object> x, String key, long dflt, long min, long max)
            throws VarpdException {
        Object v = x.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Long) || (Long) v < min || (Long) v > max) {
            throw new VarpdException(
                    Errno.EINVAL, link + ": " + key + " " + v + " is out of range; allowed: " + min + "-" + max);
        }
        return (Long) v;
    }
}
