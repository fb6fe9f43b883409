// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api;

/** The destination address type of a lookup (the kernel's {@code otl_dsttype}). */
public enum MacAddressType {
    UNICAST,
    MULTICAST,
    BROADCAST
}
