// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package com.example.varpd.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.LookupRequest;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.RecordingLookupQuery;
import io.varpd.api.plugin.RecordingProviderHandle;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the table plugin does beyond what the conformance kit checks of every plugin. */
class TablePluginTest {
    private static final Set<DestinationType> VXLAN = EnumSet.of(DestinationType.IP, DestinationType.PORT);

    private final TablePlugin plugin = new TablePlugin();

    private TableState started(String entries) throws VarpdException {
        TableState state = plugin.create(new RecordingProviderHandle(1, 4242, "table0"), VXLAN);
        plugin.setProperty(state, TablePlugin.ENTRIES, entries);
        plugin.start(state);
        return state;
    }

    private RecordingLookupQuery lookup(TableState state, String mac) throws VarpdException {
        RecordingLookupQuery q = new RecordingLookupQuery(new LookupRequest(4242,
                MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse(mac), LookupRequest.ETHERTYPE_IPV4, 0, 14, 100));
        plugin.lookup(state, q);
        return q;
    }

    @Test
    void aMacInTheTableGetsItsAddressAndThePortAndAnyOtherMacIsDropped() throws Exception {
        TableState state = started("02:00:00:00:00:02=192.0.2.12 02:00:00:00:00:03=2001:db8::13");
        plugin.setProperty(state, TablePlugin.PORT, 4790L);

        RecordingLookupQuery known = lookup(state, "02:00:00:00:00:03");
        assertEquals(RecordingLookupQuery.Answer.REPLY, known.answer());
        assertEquals(TargetPoint.of(InetAddress.getByName("2001:db8::13"), 4790), known.target());
        assertEquals(RecordingLookupQuery.Answer.DROP, lookup(state, "02:00:00:00:00:09").answer());
    }

    @Test
    void entriesAreShownAndSavedInOneSpelling() throws Exception {
        TableState state = started(" 02:00:00:00:00:0A=192.0.2.12,02:00:00:00:00:0b=2001:DB8:0::13 ");
        String canonical = "02:00:00:00:00:0a=192.0.2.12, 02:00:00:00:00:0b=2001:db8::13";
        assertEquals(Optional.of(canonical), plugin.getProperty(state, TablePlugin.ENTRIES));
        assertEquals(Map.of(TablePlugin.ENTRIES, canonical, TablePlugin.PORT, 4789L), plugin.save(state));
    }

    @Test
    void aBadEntryIsRefusedNamingThePropertyTheEntryAndWhatIsAllowed() throws Exception {
        TableState state = plugin.create(new RecordingProviderHandle(1, 4242, "table0"), VXLAN);
        for (String[] bad : new String[][] {
                {"02:00:00:00:00:02", "'02:00:00:00:00:02' is not MAC=IP"},
                {"02:00:00:00:00:0g=192.0.2.1", "'02:00:00:00:00:0g' is not a MAC address"},
                {"ff:ff:ff:ff:ff:ff=192.0.2.1", "is a broadcast or multicast MAC"},
                {"02:00:00:00:00:02=192.0.2.1 02:00:00:00:00:02=192.0.2.2", "02:00:00:00:00:02 is listed twice"},
                {" , ", "no entries"}}) {
            VarpdException e = assertThrows(VarpdException.class,
                    () -> plugin.setProperty(state, TablePlugin.ENTRIES, bad[0]), bad[0]);
            assertEquals(Errno.EINVAL, e.errno());
            assertTrue(e.getMessage().startsWith(TablePlugin.ENTRIES + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
            assertTrue(e.getMessage().contains("allowed: MAC=IP entries"), e.getMessage());
        }
    }

    @Test
    void aPortFromAJsonStoreIsReadBackAndABadOneRefusedByName() throws Exception {
        RecordingProviderHandle handle = new RecordingProviderHandle(1, 4242, "table0");
        TableState restored = plugin.restore(Map.of(TablePlugin.ENTRIES, "02:00:00:00:00:02=192.0.2.12",
                TablePlugin.PORT, 4790.0), handle, VXLAN);
        assertEquals(Optional.of(4790L), plugin.getProperty(restored, TablePlugin.PORT));

        VarpdException e = assertThrows(VarpdException.class, () -> plugin.restore(
                Map.of(TablePlugin.PORT, 70000L), handle, VXLAN));
        assertEquals("saved table/port: 70000 is out of range; allowed: 1-65535", e.getMessage());
    }

    @Test
    void aDeviceWithoutAnIpDestinationIsRefused() {
        VarpdException e = assertThrows(VarpdException.class, () -> plugin.create(
                new RecordingProviderHandle(1, 4242, "table0"), EnumSet.of(DestinationType.ETHERNET)));
        assertEquals(Errno.ENOTSUP, e.errno());
        assertTrue(e.getMessage().contains("allowed: IP, or IP and PORT"), e.getMessage());
    }
}
