// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.ScriptedVarpdAdmin;
import io.varpd.http.internal.jakarta.OverlayApiServlet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, section 2: {@code GET /overlays/{link}} carries what the plugin says it is doing
 * ({@code VarpdAdmin.pluginState}; for svp its server connection) as {@code pluginState}, in the plugin's order, and an
 * overlay whose plugin cannot say is still shown, with the reason.
 */
class OverlayPluginStateApiTest {
    private final ScriptedVarpdAdmin admin = new ScriptedVarpdAdmin();
    private final OverlayApiServlet servlet = new OverlayApiServlet(admin);

    private JsonObject show(String link) throws Exception {
        HttpFakes.Response resp = new HttpFakes.Response();
        servlet.service(new HttpFakes.Request("GET", "/overlays/" + link).build(), resp.build());
        assertEquals(200, resp.status, resp.body());
        return JsonParser.parseString(resp.body()).getAsJsonObject();
    }

    @Test
    void anOverlayShowsItsPluginsStateInThePluginsOrder() throws Exception {
        admin.put("svp0", InstanceState.ACTIVE, false, "");
        Map<String, String> said = new LinkedHashMap<>();
        said.put("server", "portolan.example:1296");
        said.put("state", "connected");
        said.put("connection 192.0.2.9", "connected, 2 queries in flight");
        said.put("last answer", "2024-05-01T12:00:03Z (4 s ago)");
        admin.describes("svp0", said);

        JsonObject state = show("svp0").getAsJsonObject("pluginState");

        assertEquals(List.copyOf(said.keySet()), List.copyOf(state.keySet()));
        assertEquals(
                "connected, 2 queries in flight",
                state.get("connection 192.0.2.9").getAsString());
    }

    @Test
    void anOverlayWhosePluginCannotSayIsShownWithTheReason() throws Exception {
        admin.put("wait0", InstanceState.WAITING, false, "plugin 'svp' is not registered");

        JsonObject o = show("wait0");

        assertEquals("wait0", o.get("link").getAsString(), "the overlay is still shown");
        assertTrue(o.get("pluginState").isJsonNull(), o.toString());
        JsonObject error = o.getAsJsonObject("pluginStateError");
        assertEquals("EAGAIN", error.get("error").getAsString(), error.toString());
        assertEquals(
                "wait0: the overlay is not active (WAITING: plugin 'svp' is not registered)",
                error.get("message").getAsString());
    }
}
