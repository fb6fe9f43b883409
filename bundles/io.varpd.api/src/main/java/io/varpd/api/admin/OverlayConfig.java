// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.admin;

/**
 * The names used in an overlay instance's factory configuration. Each plugin has the factory PID
 * {@code io.varpd.overlay.<plugin>}; one factory configuration (named by its link) is one instance. Besides the keys
 * below, a configuration holds the plugin's properties by name ({@code direct/dest_ip}).
 */
public final class OverlayConfig {
    /** Prefix of every overlay factory PID; the plugin name follows. */
    public static final String FACTORY_PID_PREFIX = "io.varpd.overlay.";
    /** The overlay link name (required; letters, digits, '_', ending in a digit; at most 31). */
    public static final String LINK = "link";
    /** The virtual network id (required; VXLAN: 0-16777215). */
    public static final String VNETID = "vnetid";
    /** The kind of overlay device ({@code memory}, {@code linux}); default {@value #DEFAULT_DEVICE}. */
    public static final String DEVICE = "device";
    /** The encapsulation's listen address. */
    public static final String LISTEN_IP = "vxlan/listen_ip";
    /** The encapsulation's UDP port, default {@value #DEFAULT_LISTEN_PORT}. */
    public static final String LISTEN_PORT = "vxlan/listen_port";
    /** The encapsulation; only {@code vxlan} exists. */
    public static final String ENCAP = "encap";

    public static final String DEFAULT_DEVICE = "memory";
    public static final int DEFAULT_LISTEN_PORT = 4789;
    public static final long MAX_VNETID = 0xFF_FFFFL;

    private OverlayConfig() {}

    /** The factory PID of the plugin named {@code plugin}. */
    public static String factoryPid(String plugin) {
        return FACTORY_PID_PREFIX + plugin;
    }
}
