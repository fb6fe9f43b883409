// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.OverlaySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

/**
 * Issue 12: a failed create left a "ghost" configuration in 4 of 69 tries, with FileInstall present: FileInstall's
 * listener answers the create's update event with {@code getConfiguration(pid, "?")}, and when the failed create had
 * deleted the configuration by then, that call made a new one, without factory PID, that blocked the link for good.
 * Here in the real stack (Felix Configuration Admin, FileInstall, core, the files plugin).
 */
class FailedCreateIT {
    private static final String LINK = "ghost0";
    private static final String MAPPING = "{\"de:ad:be:ef:00:01\": {\"ip\": \"192.0.2.50\", \"port\": 4789}}";

    @RegisterExtension
    final FelixHarness felix = FelixHarness.standard().withFileInstall();

    private static OverlaySpec files(Path mapping) {
        return new OverlaySpec(LINK, "files", 7, Map.of("files/config", mapping.toString()));
    }

    /** Every configuration in varpd's PID namespace, whatever its factory PID, with its properties' link. */
    private List<String> ourConfigurations() throws Exception {
        Configuration[] found = felix.configAdmin().listConfigurations("(service.pid=io.varpd.overlay.*)");
        List<String> out = new ArrayList<>();
        if (found != null) {
            for (Configuration c : found) {
                try {
                    out.add(c.getPid() + " (factory " + c.getFactoryPid() + ")");
                } catch (IllegalStateException deletedMeanwhile) {
                    // gone since it was listed
                }
            }
        }
        return out;
    }

    @Test
    void fiftyFailedCreatesLeaveNoConfigurationBehindAndTheLinkCanThenBeCreated() throws Exception {
        // Configuration Admin tells its listeners on one thread, in turn. A listener that takes a
        // while, as on a loaded host, makes FileInstall read each update after the failed create
        // has deleted the configuration: the race that was seen 4 times in 69, here every time.
        Hashtable<String, Object> ranking = new Hashtable<>();
        ranking.put(org.osgi.framework.Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        felix.context()
                .registerService(
                        ConfigurationListener.class,
                        event -> {
                            if (event.getType() == ConfigurationEvent.CM_UPDATED
                                    && event.getPid().endsWith("~" + LINK)) {
                                try {
                                    Thread.sleep(30);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        },
                        ranking);
        Path dir = Files.createTempDirectory("failed-create-");
        Path missing = dir.resolve("missing.json");
        for (int attempt = 0; attempt < 50; attempt++) {
            int n = attempt;
            VarpdException e =
                    assertThrows(VarpdException.class, () -> felix.admin().create(files(missing)), "attempt " + n);
            assertTrue(
                    e.getMessage().startsWith(LINK + ": ") && e.getMessage().contains(missing.toString()),
                    "attempt " + n + ": the error names the link and the missing file: " + e.getMessage());
            assertTrue(
                    e.errno() != Errno.EEXIST && !e.getMessage().contains("vanished"),
                    "attempt " + n + ": no earlier attempt is in the way: " + e);
        }

        Files.writeString(missing, MAPPING);
        InstanceInfo created = felix.admin().create(files(missing));
        assertEquals(InstanceState.ACTIVE, created.state(), created.detail());

        // FileInstall may still be answering the last events: give it time to leave its mark.
        Thread.sleep(1000);
        Set<String> listed =
                felix.admin().instances().stream().map(InstanceInfo::configPid).collect(Collectors.toSet());
        List<String> ours = ourConfigurations();
        assertEquals(
                List.of("io.varpd.overlay.files~" + LINK + " (factory io.varpd.overlay.files)"),
                ours,
                "exactly the created overlay's configuration exists; listed by the admin API: " + listed);
        assertEquals(Set.of("io.varpd.overlay.files~" + LINK), listed);
    }
}
