// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.DestinationType;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The copy's MAC table on its own (no etcd): answers and what the device is told, against a plain map. */
class EtcdCopyTest {
    private static final long BASE = 0x0208_2000_0000L;

    private final FakeProvider provider = new FakeProvider();
    private final EtcdCopy copy = new EtcdCopy(provider, EnumSet.of(DestinationType.IP, DestinationType.PORT));

    private static String key(long mac) {
        return "mac/" + MacAddress.of(mac);
    }

    private static byte[] value(int host) {
        return ("{\"ip\": \"10.0." + (host / 250) + "." + (host % 250 + 1) + "\", \"port\": 4789}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static TargetPoint target(int host) throws Exception {
        return TargetPoint.of(InetAddress.getByName("10.0." + (host / 250) + "." + (host % 250 + 1)), 4789);
    }

    @Test
    void macsAreAnsweredAsAPlainMapWouldThroughGrowthChangesAndDeletes() throws Exception {
        Map<Long, Integer> model = new HashMap<>();
        Random random = new Random(15);
        long revision = 1;
        copy.beginFullRead();
        copy.endFullRead(revision);
        for (int op = 0; op < 60_000; op++) {
            // Few distinct MACs and hosts: slots collide, chains form and are shifted back on delete.
            long mac = BASE + random.nextInt(20_000);
            revision++;
            if (random.nextInt(4) == 0) {
                copy.delete(key(mac), revision);
                model.remove(mac);
            } else {
                int host = random.nextInt(300);
                copy.put(key(mac), value(host), revision, revision);
                model.put(mac, host);
            }
            if (op % 10_000 == 9_999) {
                for (int i = 0; i < 20_000; i++) {
                    Integer host = model.get(BASE + i);
                    assertEquals(host == null ? null : target(host), copy.target(BASE + i), "MAC " + (BASE + i));
                }
                assertEquals(model.size(), copy.size());
            }
        }
    }

    @Test
    void aChangedDeletedSpoiledOrNewMacIsForgottenByTheDeviceButAFirstFillTellsNothing() throws Exception {
        copy.beginFullRead();
        copy.fullReadPut(key(BASE + 1), value(1), 2);
        copy.fullReadPut(key(BASE + 2), value(2), 3);
        copy.fullReadPut(key(BASE + 3), value(1), 4);
        copy.endFullRead(4);
        assertEquals(List.of(), provider.events(), "a first fill tells the device nothing");

        copy.put(key(BASE + 4), value(4), 5, 5);
        assertEquals(
                List.of("inject 02:08:20:00:00:04 null"),
                provider.events(),
                "a new MAC may be held quiet after a DROP: forgotten");
        provider.clear();
        copy.put(key(BASE + 1), value(1), 6, 6); // same destination, new revision
        assertEquals(List.of(), provider.events());
        copy.put(key(BASE + 1), value(7), 7, 7);
        copy.delete(key(BASE + 2), 8);
        copy.put(key(BASE + 3), "{\"ip\": 1}".getBytes(StandardCharsets.UTF_8), 9, 9);
        assertEquals(
                List.of(
                        "inject 02:08:20:00:00:01 null",
                        "inject 02:08:20:00:00:02 null",
                        "inject 02:08:20:00:00:03 null"),
                provider.events());
        assertEquals(target(7), copy.target(BASE + 1));
        assertNull(copy.target(BASE + 2));
        assertNull(copy.target(BASE + 3), "a value gone bad holds nothing");
        assertEquals(1, copy.badCount());
        assertEquals(2, copy.size());
        assertTrue(copy.badKeys(5).get(0).startsWith("mac/02:08:20:00:00:03: \"ip\" is a number"));
    }

    @Test
    void aFullReadDeletesWhatItDidNotSeeAndKeepsWhatItDid() throws Exception {
        copy.beginFullRead();
        for (int i = 0; i < 5_000; i++) {
            copy.fullReadPut(key(BASE + i), value(i % 100), 10 + i);
        }
        copy.fullReadPut("ipv4/10.1.0.1", "{\"mac\": \"02:08:20:00:00:01\"}".getBytes(StandardCharsets.UTF_8), 9);
        copy.endFullRead(6_000);
        assertEquals(5_000, copy.size());

        // A resync that no longer finds the odd MACs nor the address, and one MAC moved.
        copy.beginFullRead();
        for (int i = 0; i < 5_000; i += 2) {
            copy.fullReadPut(key(BASE + i), i == 0 ? value(99 + 1) : value(i % 100), i == 0 ? 7_000 : 10 + i);
        }
        copy.endFullRead(7_000);
        Set<String> events = new HashSet<>(provider.events());
        for (int i = 1; i < 5_000; i += 2) {
            assertTrue(events.contains("inject " + MacAddress.of(BASE + i) + " null"), "MAC " + i + " forgotten");
            assertNull(copy.target(BASE + i));
        }
        assertTrue(events.contains("inject 02:08:20:00:00:00 null"), "the moved MAC forgotten");
        assertEquals(target(100), copy.target(BASE));
        assertEquals(target(2), copy.target(BASE + 2));
        assertNull(copy.owner(InetAddress.getByName("10.1.0.1")));
        assertEquals(2_500 + 1 + 1, provider.events().size(), "odd MACs, the moved one, the address's owner");
        assertEquals(2_500, copy.size());
        assertEquals(7_000, copy.revision());
    }
}
