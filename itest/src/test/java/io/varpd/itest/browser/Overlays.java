// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest.browser;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.varpd.itest.process.RuntimeProcess;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** What the browser tests check besides the page: the runtime's state through its HTTP API. */
final class Overlays {
    private Overlays() {}

    /** GET /overlays/{link}: the overlay, or null when there is none (404). */
    static JsonObject find(RuntimeProcess varpd, String link) throws Exception {
        HttpResponse<String> r = varpd.get("/overlays/" + link);
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /overlays/" + link + ": " + r.statusCode() + " " + r.body());
        }
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** The links of every overlay the runtime has. */
    static List<String> links(RuntimeProcess varpd) throws Exception {
        HttpResponse<String> r = varpd.get("/overlays");
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /overlays: " + r.statusCode() + " " + r.body());
        }
        JsonArray all = JsonParser.parseString(r.body()).getAsJsonArray();
        return all.asList().stream()
                .map(e -> e.getAsJsonObject().get("link").getAsString())
                .toList();
    }

    /** Polls the API (up to 20 s) until overlay {@code link} exists and {@code done} holds. */
    static JsonObject await(RuntimeProcess varpd, String link, String what, Predicate<JsonObject> done)
            throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonObject last = null;
        while (System.nanoTime() - deadline < 0) {
            last = find(varpd, link);
            if (last != null && done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                link + ": " + what + " not seen through the API; last " + last + "\nruntime log:\n" + varpd.log());
    }

    /** The value of property {@code name} of an overlay as GET /overlays/{link} shows it. */
    static String property(JsonObject overlay, String name) {
        for (JsonElement p : overlay.getAsJsonArray("properties")) {
            JsonObject o = p.getAsJsonObject();
            if (o.get("name").getAsString().equals(name)) {
                return o.get("value").isJsonNull() ? null : o.get("value").getAsString();
            }
        }
        throw new AssertionError("no property " + name + " in " + overlay);
    }

    /**
     * The text of the row of the varpd console page that names {@code link} in one of its cells (or null): what an
     * operator reads about that overlay.
     */
    static String consoleRow(Browser browser, String link) {
        List<WebElement> rows = browser.driver().findElements(By.xpath("//tr[td[normalize-space(.)='" + link + "']]"));
        return rows.isEmpty() ? null : rows.get(rows.size() - 1).getText();
    }
}
