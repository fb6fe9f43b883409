// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.PluginMode;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.api.device.CacheEntry;
import io.varpd.core.internal.testing.FakeDevices;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: the diagnostic lookup ({@code varpd:lookup}, {@code GET .../lookup}) must change nothing, must name the MAC
 * it found, and must tell "could not find out" from "not found".
 */
class DiagnosticLookupTest {
    private static final MacAddress GUEST = MacAddress.of(0x02_00_00_00_00_05L);
    private static final TargetPoint WHERE = TargetPoint.of(ip("192.0.2.50"), 4789);

    private final InjectingPlugin plugin = new InjectingPlugin();
    private final FakeDevices devices = new FakeDevices();
    private final AdminHarness h =
            new AdminHarness().plugin("svpish", PluginMode.DYNAMIC, plugin).device("memory", devices);

    DiagnosticLookupTest() throws Exception {
        h.admin.create(new OverlaySpec("diag0", "svpish", 5, Map.of()));
    }

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private List<CacheEntry> table() throws VarpdException {
        return h.admin.targets("diag0");
    }

    @Test
    void aDiagnosticResolveAddsNothingToTheTargetTableThoughThePluginInstallsBeforeAnswering() throws Exception {
        plugin.arpMac = GUEST;
        plugin.target = WHERE;

        LookupResult r = h.admin.resolve("diag0", ip("10.0.0.5"));

        assertTrue(r.answered(), r.detail());
        assertEquals(GUEST, r.mac());
        assertEquals(WHERE, r.target());
        assertEquals(List.of(), table());
    }

    @Test
    void aDiagnosticResolvePutsBackAnEntryThePluginReplaced() throws Exception {
        CacheEntry old = CacheEntry.to(GUEST, TargetPoint.of(ip("192.0.2.40"), 4789));
        h.admin.setTarget("diag0", GUEST, "192.0.2.40:4789");
        plugin.arpMac = GUEST;
        plugin.target = WHERE;

        h.admin.resolve("diag0", ip("10.0.0.5"));

        assertEquals(List.of(old), table());
    }

    @Test
    void anAddressWhoseMacHasNoDestinationStillNamesTheMac() throws Exception {
        plugin.arpMac = GUEST;

        LookupResult r = h.admin.resolve("diag0", ip("10.0.0.5"));

        assertFalse(r.answered());
        assertEquals(GUEST, r.mac(), r.detail());
        assertTrue(r.detail().contains(GUEST.toString()), r.detail());
    }

    @Test
    void aLookupThePluginFailsThrowsItsErrnoAndReasonInsteadOfDrop() {
        plugin.failLookup = Errno.EHOSTUNREACH;

        VarpdException e = assertThrows(VarpdException.class, () -> h.admin.lookup("diag0", GUEST));

        assertEquals(Errno.EHOSTUNREACH, e.errno());
        assertTrue(e.getMessage().startsWith("diag0: "), e.getMessage());
        assertTrue(e.getMessage().contains(plugin.reason), e.getMessage());
    }

    @Test
    void aResolutionThePluginFailsThrowsItsErrnoAndReason() {
        plugin.failArp = Errno.ETIME;
        plugin.reason = "svp server 192.0.2.9:1296 did not answer within 5 s";

        VarpdException e = assertThrows(VarpdException.class, () -> h.admin.resolve("diag0", ip("10.0.0.5")));

        assertEquals(Errno.ETIME, e.errno());
        assertTrue(e.getMessage().startsWith("diag0: "), e.getMessage());
        assertTrue(e.getMessage().contains(plugin.reason), e.getMessage());
    }

    @Test
    void aResolutionWhoseDestinationLookupFailsThrowsThatFailure() {
        plugin.arpMac = GUEST;
        plugin.failLookup = Errno.EHOSTUNREACH;

        VarpdException e = assertThrows(VarpdException.class, () -> h.admin.resolve("diag0", ip("10.0.0.5")));

        assertEquals(Errno.EHOSTUNREACH, e.errno());
        assertTrue(e.getMessage().contains(GUEST.toString()) && e.getMessage().contains(plugin.reason), e.getMessage());
    }

    @Test
    void aFailedTrafficLookupIsDroppedAndCountedAsAnErrorNotADrop() throws Exception {
        plugin.failLookup = Errno.EHOSTUNREACH;
        FakeDevices.Device d = devices.open.get("diag0");

        FakeDevices.Miss miss = d.miss(MacAddress.of(0x02_00_00_00_00_01L), GUEST, 0x0800, null);

        assertEquals(List.of("DROP"), miss.answers);
        Map<String, Long> counters = h.admin.instance("diag0").orElseThrow().counters();
        assertEquals(1L, counters.get("errors"), counters.toString());
        assertEquals(0L, counters.get("drop"), counters.toString());
    }
}
