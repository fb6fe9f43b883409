// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.OverlayConfig;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.admin.VarpdAdmin;
import java.util.List;

/**
 * The overview: one row per overlay (status badge, plugin, vnetid, device, key properties, the three rates and a
 * sparkline), the devices without an overlay, and the plugins; and its refresh, a JSON document of at most a few
 * hundred bytes per overlay (status, detail, since, rates).
 *
 * <p>The HTML carries no data for the charts and no script of its own: {@code res/varpd.js} asks for
 * {@code overview.json?history=1} once, draws the charts, and then polls {@code overview.json} for the latest point
 * only, so a refresh stays small however long the history is. Element ids and {@code data-testid} attributes are stable
 * names for scripts and browser tests (see the package theory).
 */
final class OverviewView {
    /** A detail longer than this is cut in the refresh (the overlay's page has it whole). */
    static final int REFRESH_DETAIL_CHARS = 240;

    private final VarpdAdmin admin;
    private final History history;

    OverviewView(VarpdAdmin admin, History history) {
        this.admin = admin;
        this.history = history;
    }

    String html(Links links, List<InstanceInfo> instances, List<StrayDevice> stray, List<PluginInfo> plugins) {
        StringBuilder sb = new StringBuilder(2048 + instances.size() * 900);
        Chrome.open(sb, links, "overview", null);
        statusLine(sb, instances, stray, plugins);
        sb.append("<h2>Traffic of all overlays</h2>\n")
                .append("<div id=\"varpd-total-chart\" class=\"varpd-chart\" data-testid=\"total-chart\"></div>\n");
        instanceTable(sb, links, instances);
        strayTable(sb, stray);
        pluginTable(sb, links, plugins);
        Chrome.close(sb, links);
        return sb.toString();
    }

    private static void statusLine(
            StringBuilder sb, List<InstanceInfo> instances, List<StrayDevice> stray, List<PluginInfo> plugins) {
        int[] byStatus = new int[4];
        for (InstanceInfo i : instances) {
            byStatus[Chrome.statusIndex(i.status())]++;
        }
        sb.append("<p id=\"varpd-statline\" class=\"statline\" data-testid=\"statline\">")
                .append(instances.size())
                .append(instances.size() == 1 ? " overlay" : " overlays");
        String[] words = {"online", "degraded", "waiting", "in error"};
        for (int k = 0; k < words.length; k++) {
            if (byStatus[k] > 0) {
                sb.append(", ").append(byStatus[k]).append(' ').append(words[k]);
            }
        }
        if (!stray.isEmpty()) {
            sb.append("; ")
                    .append(stray.size())
                    .append(stray.size() == 1 ? " device" : " devices")
                    .append(" without an overlay");
        }
        sb.append("; ")
                .append(plugins.size())
                .append(plugins.size() == 1 ? " plugin" : " plugins")
                .append(". <span id=\"varpd-live\" class=\"varpd-live\" data-testid=\"live\">")
                .append("Live figures need JavaScript.</span></p>\n");
    }

    private void instanceTable(StringBuilder sb, Links links, List<InstanceInfo> instances) {
        sb.append("<h2>Overlays</h2>\n");
        if (instances.isEmpty()) {
            sb.append("<p id=\"varpd-no-overlays\">No overlay is configured. Create one from a plugin below.</p>\n");
            return;
        }
        sb.append("<p><input id=\"varpd-overlay-filter\" data-testid=\"overlay-filter\" type=\"search\""
                + " placeholder=\"filter overlays\" aria-label=\"filter overlays\"></p>\n");
        sb.append("<table id=\"varpd-overlays\" class=\"nicetable varpd-table\" data-testid=\"overlays\">\n")
                .append("<thead><tr><th>Link</th><th>Status</th><th>Plugin</th><th>VNET ID</th><th>Device</th>")
                .append("<th>Key properties</th><th class=\"varpd-num\">lookups/s</th>")
                .append("<th class=\"varpd-num\">drops/s</th><th class=\"varpd-num\">errors/s</th>")
                .append("<th>Last ")
                .append(History.CAPACITY * 5 / 60)
                .append(" minutes</th>")
                .append("<th>Configuration</th></tr></thead>\n<tbody>\n");
        for (InstanceInfo i : instances) {
            String link = Html.escape(i.link());
            sb.append("<tr id=\"varpd-row-")
                    .append(link)
                    .append("\" data-link=\"")
                    .append(link)
                    .append("\" data-testid=\"overlay-row\" class=\"varpd-row\">");
            sb.append("<td><a class=\"varpd-overlay-link\" data-testid=\"overlay-link\" href=\"")
                    .append(Html.escape(links.overlay(i.link())))
                    .append("\">")
                    .append(link)
                    .append("</a></td>");
            sb.append("<td>");
            Chrome.badge(sb, i.status(), "status-badge");
            sb.append("<div class=\"varpd-detail\" data-testid=\"status-detail\">")
                    .append(Html.escape(i.detail()))
                    .append("</div></td>");
            Chrome.cell(sb, i.plugin());
            Chrome.cell(sb, i.vnetid());
            Chrome.cell(sb, i.device());
            Chrome.cell(sb, String.join(", ", keyProperties(i)));
            double[] r = history.rates(i.link());
            for (int k = 0; k < r.length; k++) {
                sb.append("<td class=\"varpd-num\" data-rate=\"")
                        .append(k)
                        .append("\" data-testid=\"rate-")
                        .append(History.RATE_COUNTERS.get(k))
                        .append("\">")
                        .append(Json.number(r[k]))
                        .append("</td>");
            }
            sb.append("<td><div class=\"varpd-spark\" data-testid=\"sparkline\"></div></td><td>");
            if (i.configPid() != null && !i.configPid().isEmpty()) {
                Chrome.link(sb, links.config(i.configPid(), false), "edit", "config-link");
            }
            sb.append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    /** The key properties of an active overlay; none when its properties cannot be read now. */
    private List<String> keyProperties(InstanceInfo i) {
        if (i.state() != io.varpd.api.admin.InstanceState.ACTIVE) {
            return List.of();
        }
        try {
            return KeyProperties.of(i.plugin(), admin.properties(i.link()));
        } catch (VarpdException | RuntimeException e) {
            return List.of();
        }
    }

    private static void strayTable(StringBuilder sb, List<StrayDevice> stray) {
        if (stray.isEmpty()) {
            return;
        }
        sb.append("<h2>Devices without an overlay</h2>\n<p>These devices exist but no overlay is configured"
                        + " for them (for example a vxlan whose configuration was deleted while varpd was down)."
                        + " Create the overlay again to take them over, or delete them.</p>\n")
                .append(
                        "<table id=\"varpd-stray-devices\" class=\"nicetable varpd-table\" data-testid=\"stray-devices\">\n")
                .append("<thead><tr><th>Link</th><th>Status</th><th>Device</th><th>VNET ID</th><th>Namespace</th>")
                .append("<th>Detail</th></tr></thead>\n<tbody>\n");
        for (StrayDevice d : stray) {
            sb.append("<tr data-testid=\"stray-row\">");
            Chrome.cell(sb, d.linkName());
            sb.append("<td>");
            Chrome.badge(sb, "DEGRADED", "status-badge");
            sb.append("</td>");
            Chrome.cell(sb, d.deviceType());
            Chrome.cell(sb, d.vnetid() < 0 ? "-" : d.vnetid());
            Chrome.cell(sb, d.location().isEmpty() ? "-" : d.location());
            Chrome.cell(sb, d.detail());
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    private static void pluginTable(StringBuilder sb, Links links, List<PluginInfo> plugins) {
        sb.append("<h2>Lookup plugins</h2>\n");
        if (plugins.isEmpty()) {
            sb.append("<p id=\"varpd-no-plugins\">No lookup plugin is registered. Install a plugin bundle"
                    + " (for example io.varpd.plugin.direct).</p>\n");
            return;
        }
        sb.append("<table id=\"varpd-plugins\" class=\"nicetable varpd-table\" data-testid=\"plugins\">\n<thead><tr>")
                .append("<th>Name</th><th>Mode</th><th>Bundle</th><th>State</th><th>Detail</th>")
                .append("<th>New overlay</th></tr></thead>\n<tbody>\n");
        for (PluginInfo p : plugins) {
            sb.append("<tr data-testid=\"plugin-row\" data-plugin=\"")
                    .append(Html.escape(p.name()))
                    .append("\">");
            Chrome.cell(sb, p.name());
            Chrome.cell(sb, p.mode());
            sb.append("<td>");
            String bundle = p.bundle() == null ? "" : p.bundle();
            int space = bundle.indexOf(' ');
            if (space > 0) {
                // "<symbolic name> <version>": the console's bundle page takes the symbolic name.
                Chrome.link(sb, links.bundle(bundle.substring(0, space)), bundle, "plugin-bundle");
            } else {
                sb.append(Html.escape(bundle));
            }
            sb.append("</td><td>");
            Chrome.badge(sb, p.active() ? "ACTIVE" : "REFUSED", "plugin-state");
            sb.append("</td>");
            Chrome.cell(sb, p.detail());
            sb.append("<td>");
            // A refused duplicate has no factory of its own; only the active one can be used.
            if (p.active()) {
                Chrome.link(
                        sb,
                        links.config(OverlayConfig.factoryPid(p.name()), true),
                        "create " + p.name() + " overlay",
                        "create-overlay");
            }
            sb.append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    /**
     * The refresh: {@code {"t":<epoch s>,"o":[{"l":link,"s":status,"d":detail,"since":<epoch s>,
     * "r":[lookups/s,drops/s,errors/s]},...],"tot":[...]}}; with {@code withHistory}, each overlay also has
     * {@code "h":{"t":[...],"v":[[...],[...],[...]]}} and the document {@code "th"}, the summed rates.
     */
    String json(List<InstanceInfo> instances, long sampleMillis, boolean withHistory) {
        Json j = new Json(64 + instances.size() * (withHistory ? 1800 : 140));
        j.beginObject().key("t").value(sampleMillis / 1000).key("o").beginArray();
        double[] tot = new double[History.RATE_COUNTERS.size()];
        for (InstanceInfo i : instances) {
            j.beginObject().key("l").value(i.link()).key("s").value(i.status());
            String d = i.detail();
            j.key("d").value(d.length() > REFRESH_DETAIL_CHARS ? d.substring(0, REFRESH_DETAIL_CHARS) + "\u2026" : d);
            History.Since since = history.since(i.link());
            if (since != null) {
                j.key("since").value(since.millis() / 1000);
            }
            double[] r = history.rates(i.link());
            j.key("r").beginArray();
            for (int k = 0; k < r.length; k++) {
                j.value(r[k]);
                tot[k] += r[k];
            }
            j.endArray();
            if (withHistory) {
                j.key("h");
                points(j, history.points(i.link()));
            }
            j.endObject();
        }
        j.endArray().key("tot").beginArray();
        for (double v : tot) {
            j.value(v);
        }
        j.endArray();
        if (withHistory) {
            j.key("th");
            points(j, history.totalPoints());
        }
        return j.endObject().toString();
    }

    static void points(Json j, History.Points p) {
        j.beginObject().key("t").beginArray();
        for (long t : p.times()) {
            j.value(t);
        }
        j.endArray().key("v").beginArray();
        for (double[] series : p.values()) {
            j.beginArray();
            for (double v : series) {
                j.value(v);
            }
            j.endArray();
        }
        j.endArray().endObject();
    }
}
