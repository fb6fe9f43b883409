// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import static io.varpd.overlay.linux.internal.device.LinuxOverlayE2ETest.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.overlay.linux.internal.netlink.BridgePortEntry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the bridge's table and the guests' frames mean: who arrives, with which addresses, and who leaves. */
class LocalGuestsTest {
    private static final int VXLAN = 3;
    private static final int PORT = 7;
    private static final int OTHER_PORT = 8;
    private static final MacAddress A = MacAddress.of(0x02420a2a0001L);
    private static final MacAddress B = MacAddress.of(0x02420a2a0002L);

    private final List<String> reports = new ArrayList<>();
    private long now;
    private final LocalGuests guests = new LocalGuests(
            () -> VXLAN,
            new LocalGuests.Reports() {
                @Override
                public void arrived(MacAddress mac, Set<InetAddress> addresses) {
                    Set<String> sorted = new TreeSet<>();
                    addresses.forEach(a -> sorted.add(IpAddresses.format(a)));
                    reports.add("arrived " + mac + " " + sorted);
                }

                @Override
                public void left(MacAddress mac) {
                    reports.add("left " + mac);
                }
            },
            () -> now);

    private static BridgePortEntry learned(MacAddress mac, int port) {
        return new BridgePortEntry(false, mac, port, 0);
    }

    private static BridgePortEntry removed(MacAddress mac, int port) {
        return new BridgePortEntry(true, mac, port, 0);
    }

    private void seen(int port, MacAddress mac, String address) {
        guests.seen(port, new GuestFrame.Sighting(mac, ip(address)));
    }

    @Test
    void aGuestLearnedOnALocalPortArrivesAndLeavesWithItsEntry() {
        guests.reporting(true);
        guests.apply(learned(A, PORT));
        guests.apply(learned(A, PORT)); // refreshed: nothing new
        guests.apply(removed(A, PORT));
        assertEquals(List.of("arrived " + A + " []", "left " + A), reports);
    }

    @Test
    void aMacOnTheVxlanIsAnotherHostsGuestAndMovingThereIsLeaving() {
        guests.reporting(true);
        guests.apply(learned(B, VXLAN));
        guests.apply(learned(A, PORT));
        guests.apply(learned(A, VXLAN)); // the bridge moved A's entry: A answers from elsewhere now
        assertEquals(List.of("arrived " + A + " []", "left " + A), reports);
    }

    @Test
    void aGuestStaysWhileAnotherVlanStillHasItOnALocalPort() {
        guests.reporting(true);
        guests.apply(new BridgePortEntry(false, A, PORT, 10));
        guests.apply(new BridgePortEntry(false, A, OTHER_PORT, 20));
        guests.apply(new BridgePortEntry(true, A, PORT, 10));
        assertEquals(List.of("arrived " + A + " []"), reports);
        guests.apply(new BridgePortEntry(true, A, OTHER_PORT, 20));
        assertEquals(List.of("arrived " + A + " []", "left " + A), reports);
    }

    @Test
    void aLateRemovalForThePortAGuestLeftChangesNothing() {
        guests.reporting(true);
        guests.apply(learned(A, PORT));
        guests.apply(learned(A, OTHER_PORT)); // moved between local ports
        guests.apply(removed(A, PORT));
        assertEquals(List.of("arrived " + A + " []"), reports);
    }

    @Test
    void addressesFromTheGuestsOwnPortAreReportedWhenTheyChange() {
        guests.reporting(true);
        guests.apply(learned(A, PORT));
        seen(PORT, A, "10.42.0.1");
        seen(PORT, A, "10.42.0.1");
        seen(PORT, A, "fd42::1");
        seen(OTHER_PORT, A, "10.42.0.66"); // someone else using A's MAC on another port
        seen(PORT, B, "10.42.0.2"); // not a guest here
        assertEquals(
                List.of(
                        "arrived " + A + " []",
                        "arrived " + A + " [10.42.0.1]",
                        "arrived " + A + " [10.42.0.1, fd42::1]"),
                reports);
    }

    @Test
    void anAddressClaimedByAnotherLocalGuestMovesToIt() {
        guests.apply(learned(A, PORT));
        guests.apply(learned(B, OTHER_PORT));
        seen(PORT, A, "10.42.0.1");
        guests.reporting(true);
        seen(OTHER_PORT, B, "10.42.0.1");
        assertEquals(
                List.of(
                        "arrived " + A + " [10.42.0.1]",
                        "arrived " + B + " []",
                        "arrived " + A + " []",
                        "arrived " + B + " [10.42.0.1]"),
                reports);
    }

    @Test
    void nothingIsReportedUntilReportingStartsThenEverythingPresent() {
        guests.apply(learned(A, PORT));
        seen(PORT, A, "10.42.0.1");
        guests.apply(learned(B, PORT));
        guests.apply(removed(B, PORT));
        assertEquals(List.of(), reports);
        guests.reporting(true);
        assertEquals(List.of("arrived " + A + " [10.42.0.1]"), reports);
        guests.reporting(false);
        guests.apply(removed(A, PORT));
        assertEquals(List.of("arrived " + A + " [10.42.0.1]"), reports);
    }

    @Test
    void aDumpAfterLostNotificationsReportsOnlyTheDifference() {
        guests.reporting(true);
        guests.apply(learned(A, PORT));
        seen(PORT, A, "10.42.0.1");
        reports.clear();
        guests.replace(
                List.of(learned(A, PORT), learned(B, OTHER_PORT), learned(MacAddress.of(0x020000000009L), VXLAN)));
        assertEquals(List.of("arrived " + B + " []"), reports);
        guests.replace(List.of(learned(B, OTHER_PORT)));
        assertEquals(List.of("arrived " + B + " []", "left " + A), reports);
        assertEquals(Set.of(B), guests.present().keySet());
    }

    @Test
    void aGuestKeepsOnlyItsNewestAddresses() {
        guests.apply(learned(A, PORT));
        for (int i = 1; i <= LocalGuests.MAX_ADDRESSES + 2; i++) {
            seen(PORT, A, "10.42.1." + i);
        }
        Set<InetAddress> kept = guests.present().get(A);
        assertEquals(LocalGuests.MAX_ADDRESSES, kept.size());
        assertEquals(false, kept.contains(ip("10.42.1.1")) || kept.contains(ip("10.42.1.2")), kept.toString());
        assertEquals(true, kept.contains(ip("10.42.1." + (LocalGuests.MAX_ADDRESSES + 2))), kept.toString());
    }

    /**
     * The packet socket sees a guest's first ARP before the bridge's notification that it learned the guest from that
     * very frame arrives: the address still counts.
     */
    @Test
    void anAddressSeenJustBeforeTheBridgeLearnsTheGuestCounts() {
        guests.reporting(true);
        seen(PORT, A, "10.42.0.1");
        seen(OTHER_PORT, A, "10.42.0.66"); // not the port the bridge learns it on
        now += LocalGuests.PENDING_NANOS / 2;
        guests.apply(learned(A, PORT));
        assertEquals(List.of("arrived " + A + " [10.42.0.1]"), reports);
    }

    @Test
    void aSightingTooOldWhenTheBridgeLearnsTheGuestDoesNotCount() {
        guests.reporting(true);
        seen(PORT, A, "10.42.0.1");
        now += LocalGuests.PENDING_NANOS + 1;
        guests.apply(learned(A, PORT));
        assertEquals(List.of("arrived " + A + " []"), reports);
    }
}
