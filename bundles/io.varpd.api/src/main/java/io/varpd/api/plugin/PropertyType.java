// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.plugin;

/** The type of a property value and the Java class that carries it. */
public enum PropertyType {
    /** A signed 64-bit integer, carried as {@link Long}. */
    INT(Long.class),
    /** An unsigned integer, carried as a non-negative {@link Long}. */
    UINT(Long.class),
    /** An IPv4 or IPv6 address, carried as {@link java.net.InetAddress}. */
    IP(java.net.InetAddress.class),
    /** A string of at most 255 UTF-8 bytes, carried as {@link String}. */
    STRING(String.class);

    private final Class<?> valueClass;

    PropertyType(Class<?> valueClass) {
        this.valueClass = valueClass;
    }

    /** The class every value of this type is an instance of. */
    public Class<?> valueClass() {
        return valueClass;
    }
}
