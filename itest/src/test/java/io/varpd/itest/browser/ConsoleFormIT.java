// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.varpd.itest.process.RuntimeProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 13, section 4: the operator's path through the web console in a real browser. The Configuration page's form for
 * the direct plugin creates an overlay that the varpd page then shows ONLINE (and the API ACTIVE); a bad value saved
 * through the same form is refused by core, and the varpd page shows the overlay still running on its last good
 * configuration (DEGRADED, with the refusal). One runtime (the assembled one, as a process) serves both tests; each
 * uses its own overlay.
 */
class ConsoleFormIT {
    @TempDir
    static Path dir;

    private static RuntimeProcess varpd;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeInstalled();
        varpd = RuntimeProcess.copyInto(dir);
        varpd.start();
        browser = Browser.start("ConsoleFormIT");
        browser.logIn(varpd);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (varpd != null) {
                varpd.close();
            }
        }
    }

    /** Replaces what the form's field {@code name} holds, as a person types it. */
    private static void type(String name, String value) {
        WebElement field = browser.await("the form's field " + name, d -> {
            WebElement f = d.findElement(By.name(name));
            return f.isDisplayed() ? f : null;
        });
        field.clear();
        field.sendKeys(value);
    }

    private static void save() {
        browser.driver()
                .findElement(By.xpath("//button[normalize-space(.)='Save']"))
                .click();
    }

    @Test
    void anOverlayCreatedThroughTheConsoleFormRunsOnTheVarpdPage() throws Exception {
        // From the varpd page, as an operator starts: its link opens the factory's empty form.
        browser.open(varpd, "/system/console/varpd");
        browser.await(
                        "the varpd page's link to create a direct overlay",
                        d -> d.findElement(By.linkText("create direct overlay")))
                .click();
        type("link", "web1");
        type("vnetid", "5101");
        type("direct/dest_ip", "192.0.2.51");
        type("direct/dest_port", "4789");
        browser.screenshot("console-form-1-create-filled");
        save();

        JsonObject web1 = Overlays.await(
                varpd,
                "web1",
                "ACTIVE and ONLINE",
                o -> o.get("state").getAsString().equals("ACTIVE")
                        && o.get("status").getAsString().equals("ONLINE"));
        assertEquals(5101, web1.get("vnetid").getAsLong(), web1.toString());
        assertEquals("192.0.2.51", Overlays.property(web1, "direct/dest_ip"));

        browser.open(varpd, "/system/console/varpd");
        // The page shows the status (ONLINE, DEGRADED, WAITING, ERROR); ACTIVE was checked above.
        String row = browser.await("web1's row on the varpd page, ONLINE", d -> {
            String r = Overlays.consoleRow(browser, "web1");
            return r != null && r.contains("ONLINE") ? r : null;
        });
        browser.screenshot("console-form-2-created-on-varpd-page");
        assertTrue(row.contains("5101") && row.contains("direct"), "web1's row names its plugin and vnetid: " + row);

        // The lookup that the overlay now answers: every MAC goes to the form's destination.
        HttpResponse<String> lookup = varpd.get("/overlays/web1/lookup?mac=02:00:00:00:51:01");
        assertEquals(200, lookup.statusCode(), lookup.body());
        assertEquals(
                "192.0.2.51:4789",
                JsonParser.parseString(lookup.body())
                        .getAsJsonObject()
                        .get("destination")
                        .getAsString());
    }

    @Test
    void aBadEditThroughTheConsoleFormIsRefusedAndTheOverlayKeepsRunning() throws Exception {
        // demo0, shipped with the runtime: direct plugin, vnetid 4242, destination 192.0.2.10.
        JsonObject before = Overlays.await(
                varpd, "demo0", "ONLINE", o -> o.get("status").getAsString().equals("ONLINE"));
        assertEquals(4242, before.get("vnetid").getAsLong(), before.toString());

        browser.open(varpd, "/system/console/configMgr/io.varpd.overlay.direct~demo0");
        type("vnetid", "99999999");
        browser.screenshot("console-form-3-bad-vnetid-typed");
        save();

        JsonObject refused = Overlays.await(
                varpd,
                "demo0",
                "the refusal of vnetid 99999999",
                o -> o.get("detail").getAsString().startsWith("configuration change refused"));
        assertEquals("ACTIVE", refused.get("state").getAsString(), refused.toString());
        assertEquals("DEGRADED", refused.get("status").getAsString(), refused.toString());
        assertEquals(4242, refused.get("vnetid").getAsLong(), "the last good vnetid runs: " + refused);
        assertTrue(refused.get("detail").getAsString().contains("vnetid"), refused.toString());
        HttpResponse<String> lookup = varpd.get("/overlays/demo0/lookup?mac=02:00:00:00:00:01");
        assertEquals(200, lookup.statusCode(), lookup.body());
        assertEquals(
                "192.0.2.10:4789",
                JsonParser.parseString(lookup.body())
                        .getAsJsonObject()
                        .get("destination")
                        .getAsString(),
                "demo0 still answers lookups as before");

        browser.open(varpd, "/system/console/varpd");
        String row = browser.await("demo0's row on the varpd page: DEGRADED with the refusal", d -> {
            String r = Overlays.consoleRow(browser, "demo0");
            return r != null
                            && r.contains("DEGRADED")
                            && r.contains("configuration change refused, previous configuration still running")
                    ? r
                    : null;
        });
        browser.screenshot("console-form-4-refused-on-varpd-page");
        assertTrue(row.contains("4242"), "the page shows the vnetid that runs: " + row);
    }
}
