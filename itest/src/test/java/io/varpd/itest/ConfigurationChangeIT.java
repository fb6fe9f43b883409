// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.device.CacheEntry;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;

/**
 * Changes written straight into Configuration Admin, as a {@code .cfg} file through FileInstall or the web console's
 * form write them, on the real Felix stack: each is applied to the running overlay or refused with the overlay running
 * as before and the refusal in its status.
 */
class ConfigurationChangeIT {
    private static final MacAddress HOST_A = mac("de:ad:be:ef:00:01");

    private static MacAddress mac(String text) {
        try {
            return MacAddress.parse(text);
        } catch (io.varpd.api.VarpdException e) {
            throw new AssertionError(e);
        }
    }

    @RegisterExtension
    final FelixHarness felix = FelixHarness.standard();

    @TempDir
    Path dir;

    private static Map<String, Object> direct(long vnetid, String destIp) {
        Map<String, Object> p = new HashMap<>();
        p.put("vnetid", vnetid);
        p.put("direct/dest_ip", destIp);
        p.put("direct/dest_port", 4789L);
        return p;
    }

    private InstanceInfo awaitRefused(String link, String... mentions) {
        return felix.awaitInstance(
                link,
                i -> i.state() == InstanceState.ACTIVE
                        && "DEGRADED".equals(i.status())
                        && i.detail().startsWith("configuration change refused")
                        && List.of(mentions).stream().allMatch(i.detail()::contains),
                "refused change naming " + List.of(mentions));
    }

    private List<CacheEntry> pointAt(String ip) throws Exception {
        return List.of(CacheEntry.to(MacAddress.ZERO, TargetPoint.of(InetAddress.getByName(ip), 4789)));
    }

    @Test
    void aBadVnetidSavedLikeTheConsoleFormKeepsTheOverlayRunningAndSaysWhy() throws Exception {
        Configuration c = felix.createOverlay("direct", "form0", direct(7, "192.0.2.10"));
        long id = felix.awaitInstance("form0", InstanceState.ACTIVE).id();

        felix.updateConfiguration(c, Map.of("vnetid", 99999999L));

        InstanceInfo refused = awaitRefused("form0", "vnetid", "99999999");
        assertEquals(id, refused.id());
        assertEquals(7, refused.vnetid(), "still running its previous vnetid");
        assertEquals(pointAt("192.0.2.10"), felix.admin().targets("form0"));
    }

    @Test
    void aNonsenseDestinationKeepsThePreviousDestinationAndAGoodOneMovesTraffic() throws Exception {
        Configuration c = felix.createOverlay("direct", "form0", direct(7, "192.0.2.10"));
        felix.awaitInstance("form0", InstanceState.ACTIVE);

        felix.updateConfiguration(c, Map.of("direct/dest_ip", "nonsense"));
        awaitRefused("form0", "direct/dest_ip", "nonsense");
        assertEquals(pointAt("192.0.2.10"), felix.admin().targets("form0"));

        felix.updateConfiguration(c, Map.of("direct/dest_ip", "192.0.2.20"));
        felix.awaitInstance("form0", i -> "ONLINE".equals(i.status()), "ONLINE again");
        assertEquals(pointAt("192.0.2.20"), felix.admin().targets("form0"));
    }

    @Test
    void aNewMappingFileIsLoadedAtOnceAndABrokenOneIsRefused() throws Exception {
        Path first = Files.writeString(
                dir.resolve("first.json"), "{\"de:ad:be:ef:00:01\": {\"ip\": \"192.0.2.11\", \"port\": 4789}}");
        Path second = Files.writeString(
                dir.resolve("second.json"), "{\"de:ad:be:ef:00:01\": {\"ip\": \"192.0.2.22\", \"port\": 4789}}");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"de:ad:be:ef:00:01\": {\"ip\": ");
        Configuration c =
                felix.createOverlay("files", "files0", Map.of("vnetid", 77L, "files/config", first.toString()));
        felix.awaitInstance("files0", InstanceState.ACTIVE);
        assertEquals("192.0.2.11", destination(felix.admin().lookup("files0", HOST_A)));

        felix.updateConfiguration(c, Map.of("files/config", second.toString()));
        FelixHarness.await(
                "lookup answered from the new file",
                () -> destination(felix.admin().lookup("files0", HOST_A)),
                "192.0.2.22"::equals);

        felix.updateConfiguration(c, Map.of("files/config", broken.toString()));
        awaitRefused("files0", "broken.json");
        assertEquals(
                "192.0.2.22", destination(felix.admin().lookup("files0", HOST_A)), "the running file still answers");
    }

    private static String destination(LookupResult r) {
        return r.destination()
                .flatMap(TargetPoint::ip)
                .map(InetAddress::getHostAddress)
                .orElse("drop");
    }

    @Test
    void aRenameThroughConfigurationAdminIsRefusedAndTheNameStaysUsable() throws Exception {
        Configuration c = felix.createOverlay("direct", "name0", direct(7, "192.0.2.10"));
        felix.awaitInstance("name0", InstanceState.ACTIVE);

        felix.updateConfiguration(c, Map.of("link", "name1"));

        awaitRefused("name0", "read-only");
        assertTrue(felix.admin().instance("name1").isEmpty());
    }
}
