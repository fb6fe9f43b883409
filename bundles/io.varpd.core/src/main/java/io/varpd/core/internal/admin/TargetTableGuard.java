// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.device.OverlayDevice;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a diagnostic lookup from changing the target table. A plugin may install a destination out of band before it
 * answers (svp's ARP answer installs the MAC's underlay destination through {@code injectTarget}, which on Linux is a
 * kernel FDB entry), and nothing in the answer says which query caused it. So the table is read before the plugin is
 * asked, and once the answer names the MAC, that MAC's entry is put back as it was, on the answering thread, right
 * after the plugin's own write. A real miss that installed the same MAC in that instant loses its entry and asks again:
 * the table is a cache, a missing entry costs one more miss, a planted one would be a change the operator never asked
 * for.
 */
final class TargetTableGuard {
    private static final Logger LOG = LoggerFactory.getLogger(TargetTableGuard.class);

    private final String link;
    private final OverlayDevice device;
    private final Map<MacAddress, CacheEntry> before;

    private TargetTableGuard(String link, OverlayDevice device, Map<MacAddress, CacheEntry> before) {
        this.link = link;
        this.device = device;
        this.before = before;
    }

    /** Reads the whole table (the MAC is not known before the plugin answers an address). */
    static TargetTableGuard ofTable(String link, OverlayDevice device) throws VarpdException {
        Map<MacAddress, CacheEntry> m = new HashMap<>();
        for (CacheEntry e : device.cacheEntries()) {
            m.put(e.mac(), e);
        }
        return new TargetTableGuard(link, device, m);
    }

    /** Reads the entry of one MAC. */
    static TargetTableGuard ofMac(String link, OverlayDevice device, MacAddress mac) throws VarpdException {
        Map<MacAddress, CacheEntry> m = new HashMap<>();
        device.cacheGet(mac).ifPresent(e -> m.put(mac, e));
        return new TargetTableGuard(link, device, m);
    }

    /** Puts the entry of {@code mac} back as it was read; failures are logged (the cache asks again). */
    void restore(MacAddress mac) {
        CacheEntry was = before.get(mac);
        try {
            Optional<CacheEntry> now = device.cacheGet(mac);
            if (Objects.equals(now.orElse(null), was)) {
                return;
            }
            if (was == null) {
                device.cacheRemove(mac);
            } else {
                device.cacheSet(was);
            }
            LOG.debug("{}: the plugin changed the entry of {} during a diagnostic lookup; put back", link, mac);
        } catch (VarpdException e) {
            if (e.errno() != Errno.ENOENT) {
                LOG.warn(
                        "{}: could not put back the target entry of {} after a diagnostic lookup: {}",
                        link,
                        mac,
                        e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "{}: could not put back the target entry of {} after a diagnostic lookup: {}",
                    link,
                    mac,
                    e.toString());
        }
    }
}
