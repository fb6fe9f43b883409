// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.MacAddress;
import java.net.InetAddress;

/**
 * One remote of the vxlan's own FDB ({@code NTF_SELF}) as a dump shows it.
 *
 * @param port the remote's UDP port, the device's when the kernel omits it
 */
record FdbEntry(MacAddress mac, InetAddress destination, int port, boolean permanent) {
    /** A destination of 0.0.0.0 or :: makes the kernel drop the frames: varpd's drop entry. */
    boolean drops() {
        return destination.isAnyLocalAddress();
    }
}
