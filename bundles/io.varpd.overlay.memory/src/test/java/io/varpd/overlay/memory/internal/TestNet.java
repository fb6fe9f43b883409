// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.device.DeviceSettings;
import io.varpd.overlay.memory.MemoryDevice;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/** Addresses, settings and devices for the tests. */
final class TestNet {
    static final long VNETID = 4242;

    private TestNet() {}

    /** The locally administered MAC 02:00:00:00:xx:xx. */
    static MacAddress mac(int n) {
        return MacAddress.of(0x0200_0000_0000L | n);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no name service involved
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** The underlay destination 192.0.2.n:4789. */
    static TargetPoint target(int n) {
        return TargetPoint.of(ip("192.0.2." + n), 4789);
    }

    static DeviceSettings settings(String link, long vnetid) {
        return new DeviceSettings(link, vnetid, null, 4789, Map.of());
    }

    static DeviceSettings settings(String link, long vnetid, String host, String listenIp) {
        return new DeviceSettings(link, vnetid, ip(listenIp), 4789, Map.of(MemoryDeviceProvider.HOST, host));
    }

    /** A device on a fresh provider, associated as a DYNAMIC instance. */
    static MemoryDevice dynamicDevice(RecordingListener listener) throws VarpdException {
        MemoryDevice d = new MemoryDeviceProvider().open(settings("ovl0", VNETID), listener);
        d.associate(1, PluginMode.DYNAMIC, null);
        return d;
    }

    /** A device on a fresh provider, associated as a POINT instance sending to {@code point}. */
    static MemoryDevice pointDevice(RecordingListener listener, TargetPoint point) throws VarpdException {
        MemoryDevice d = new MemoryDeviceProvider().open(settings("ovl0", VNETID), listener);
        d.associate(1, PluginMode.POINT, point);
        return d;
    }

    /** A frame sent to an underlay target, by the id {@link EthernetFrameBuilder} put in it. */
    record Hit(TargetPoint target, int id) {}

    /** What {@code d} sent so far, as hits, oldest first. */
    static List<Hit> hits(MemoryDevice d) {
        return d.transmitted().stream()
                .map(t -> new Hit(t.target(), EthernetFrameBuilder.idOf(t.frame())))
                .toList();
    }

    /** Runs {@code call}, expecting a VarpdException with {@code errno} and a message. */
    static VarpdException assertErrno(Errno errno, Executable call) {
        VarpdException e = assertThrows(VarpdException.class, call);
        assertEquals(errno, e.errno(), e.getMessage());
        assertFalse(e.getMessage().isBlank(), "the exception says what was wrong");
        return e;
    }
}
