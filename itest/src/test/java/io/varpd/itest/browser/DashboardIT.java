// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.itest.browser.guest.GuestTrafficActivator;
import io.varpd.itest.process.RuntimeProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Issue 13, sections 2 and 4: the varpd dashboard in a real browser, with traffic. The test creates {@code traffic1}, a
 * files overlay on the memory device whose mapping file places the guests' MACs behind three underlay hosts (every
 * tenth MAC is left out, so its lookup answers drop). A bundle dropped into the runtime's {@code deploy/} folder
 * ({@link GuestTrafficJar}) plays traffic1's guests: every frame goes to a new MAC, so core makes lookups and fills the
 * target table. The overview's charts are then drawn with that traffic in them (the lookups series shows in the canvas,
 * the row's lookups/s is above 0); traffic1's own page shows the target table with the entries the lookups made, its
 * search narrows it, and its lookup box answers.
 */
class DashboardIT {
    /** The lookups series' colour in the dashboard's charts ({@code res/varpd.js}): #2b6cb0. */
    private static final int[] LOOKUPS_RGB = {0x2b, 0x6c, 0xb0};

    @TempDir
    Path dir;

    /**
     * How many pixels of the canvas inside {@code selector} have the lookups series' colour: a series whose values are
     * all 0 lies under the others' lines (drawn after it), so the lookups colour shows only where lookups/s is above 0.
     * -1 when there is no canvas.
     */
    private static long lookupsPixels(WebDriver d, String selector) {
        Object n =
                ((JavascriptExecutor) d).executeScript("""
                const c = document.querySelector(arguments[0] + ' canvas');
                if (!c || c.width === 0 || c.height === 0) return -1;
                const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < px.length; i += 4) {
                  if (px[i + 3] > 200 && Math.abs(px[i] - arguments[1]) < 24
                      && Math.abs(px[i + 1] - arguments[2]) < 24 && Math.abs(px[i + 2] - arguments[3]) < 24) n++;
                }
                return n;""", selector, LOOKUPS_RGB[0], LOOKUPS_RGB[1], LOOKUPS_RGB[2]);
        return ((Number) n).longValue();
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Where the n-th guest MAC lives: one of three underlay hosts; every tenth has no entry. */
    private static String hostOf(int n) {
        return "192.0.2." + (21 + n % 3);
    }

    /** The mapping file of traffic1: every MAC the guest bundle sends to but every tenth. */
    private static Path mappingFile(Path dir) throws Exception {
        StringJoiner entries = new StringJoiner(",\n", "{\n", "\n}\n");
        for (int n = 0; n < GuestTrafficActivator.MAX_FRAMES; n++) {
            if (n % 10 != 0) {
                entries.add("\"" + GuestTrafficActivator.destination(n) + "\": {\"ip\": \"" + hostOf(n)
                        + "\", \"port\": 4789}");
            }
        }
        Path file = dir.resolve("traffic1.json");
        Files.writeString(file, entries.toString());
        return file;
    }

    @Test
    void theDashboardChartsTrafficAndAnOverlaysPageShowsItsTargetsAndLooksUp() throws Exception {
        Browser.assumeInstalled();
        String link = GuestTrafficActivator.LINK;
        try (RuntimeProcess varpd = RuntimeProcess.copyInto(dir)) {
            GuestTrafficJar.writeInto(varpd.home().resolve("deploy"));
            varpd.start();
            HttpResponse<String> created = varpd.post("/overlays", """
                    {"link": "%s", "plugin": "files", "vnetid": 7,
                     "properties": {"files/config": "%s", "device": "memory"}}""".formatted(link, mappingFile(dir)));
            assertEquals(201, created.statusCode(), created.body());
            Overlays.await(
                    varpd,
                    link,
                    "lookups made by the guest bundle's frames",
                    o -> o.getAsJsonObject("counters").get("lookups").getAsLong() > 0);

            try (Browser browser = Browser.start("DashboardIT")) {
                browser.logIn(varpd);
                browser.open(varpd, "/system/console/varpd");
                String row = "#varpd-overlays tr[data-link='" + link + "']";
                // The page samples the counters every 5 s and refreshes itself as often.
                browser.await(
                        link + "'s lookups/s above 0 on the overview",
                        d -> number(d.findElement(By.cssSelector(row + " [data-testid=rate-lookups]"))
                                        .getText())
                                > 0);
                browser.await(
                        "the lookups series drawn in the overview's chart of all overlays",
                        d -> lookupsPixels(d, "#varpd-total-chart") > 20);
                browser.await(
                        "the lookups series drawn in " + link + "'s sparkline",
                        d -> lookupsPixels(d, row + " [data-testid=sparkline]") > 5);
                // The same check on demo0, which has no traffic, finds no lookups drawn.
                assertEquals(
                        0,
                        lookupsPixels(
                                browser.driver(), "#varpd-overlays tr[data-link='demo0'] [data-testid=sparkline]"),
                        "demo0's sparkline (no traffic) shows no lookups");
                browser.screenshot("dashboard-1-overview-with-traffic");

                browser.driver()
                        .findElement(By.cssSelector(row + " a[href$='/overlay/" + link + "']"))
                        .click();
                List<WebElement> targets = browser.await(link + "'s page with its target table", d -> {
                    List<WebElement> rows = d.findElements(By.cssSelector("#varpd-targets [data-testid=target-row]"));
                    return rows.size() >= 2 ? rows : null;
                });
                String first = targets.get(0).getText();
                assertTrue(
                        first.matches("(?s).*192\\.0\\.2\\.2[123]:4789.*|(?s).*drop.*"),
                        "a target row names a host of the mapping file, or drop: " + first);
                browser.await(
                        "the lookups series drawn in " + link + "'s chart",
                        d -> lookupsPixels(d, "#varpd-overlay-chart") > 20);
                browser.screenshot("dashboard-2-overlay-page");

                // Search: only the rows naming the MAC stay visible. The MAC is one the table shows:
                // frames sent before the overlay was associated (a loaded machine) were never looked up.
                String mac = browser.driver()
                        .findElements(By.cssSelector("#varpd-targets [data-testid=target-row]"))
                        .get(0)
                        .getAttribute("data-mac");
                WebElement search = browser.driver().findElement(By.id("varpd-target-search"));
                search.sendKeys(mac);
                browser.await("the target table narrowed to " + mac, d -> {
                    List<String> shown =
                            d.findElements(By.cssSelector("#varpd-targets [data-testid=target-row]")).stream()
                                    .filter(WebElement::isDisplayed)
                                    .map(WebElement::getText)
                                    .toList();
                    return shown.size() == 1 && shown.get(0).contains(mac) ? shown : null;
                });

                // The lookup box: a MAC of the mapping file no guest has sent to yet.
                int later = GuestTrafficActivator.MAX_FRAMES - 1;
                WebElement query = browser.driver().findElement(By.id("varpd-lookup-query"));
                query.sendKeys(GuestTrafficActivator.destination(later));
                browser.driver()
                        .findElement(By.cssSelector("[data-testid=lookup-submit]"))
                        .click();
                String answer = browser.await("the lookup's answer", d -> {
                    String t = d.findElement(By.id("varpd-lookup-result")).getText();
                    return t.isEmpty() || t.startsWith("Looking up") ? null : t;
                });
                ((JavascriptExecutor) browser.driver())
                        .executeScript("document.getElementById('varpd-lookup').scrollIntoView({block: 'center'})");
                browser.screenshot("dashboard-3-target-search-and-lookup");
                assertTrue(
                        answer.contains(hostOf(later) + ":4789"),
                        "the lookup answers the mapping file's host " + hostOf(later) + ": " + answer);
                assertEquals(
                        List.of(),
                        browser.driver().findElements(By.cssSelector("#varpd-lookup-result.varpd-error")),
                        "the lookup is not shown as an error: " + answer);
            }
        }
    }
}
