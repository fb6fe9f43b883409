// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.PropertyView;
import io.varpd.api.admin.VarpdAdmin;
import io.varpd.api.device.CacheEntry;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One overlay's page: status sentence and since when, its traffic chart and counters with rates, the picture of where
 * its traffic goes, the target table with its actions, the lookup box, and every property including the device
 * settings; and its refresh ({@code overlay.json}).
 *
 * <p>The actions (set, remove, flush a target) are buttons that {@code varpd.js} turns into same-origin POSTs to
 * {@code action.json}; the lookup box asks {@code lookup.json}, a GET, because a lookup changes nothing (see the
 * package theory).
 */
final class OverlayView {
    /** Rows of the target table rendered at most; a search narrows a larger table. */
    static final int MAX_TARGET_ROWS = 1000;

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final VarpdAdmin admin;
    private final History history;
    private final ZoneId zone;

    OverlayView(VarpdAdmin admin, History history, ZoneId zone) {
        this.admin = admin;
        this.history = history;
        this.zone = zone;
    }

    /** The page of an overlay that does not exist. */
    String missing(Links links, String link) {
        StringBuilder sb = new StringBuilder(512);
        Chrome.open(sb, links, "missing", null);
        sb.append("<p id=\"varpd-missing\" data-testid=\"missing\">No overlay is named <b>")
                .append(Html.escape(link))
                .append("</b>. <a href=\"")
                .append(Html.escape(links.root()))
                .append("\">All overlays</a></p>\n");
        Chrome.close(sb, links);
        return sb.toString();
    }

    String html(Links links, InstanceInfo i, String search) {
        StringBuilder sb = new StringBuilder(8192);
        Chrome.open(sb, links, "overlay", i.link());
        sb.append("<p><a id=\"varpd-back\" data-testid=\"back\" href=\"")
                .append(Html.escape(links.root()))
                .append("\">&larr; all overlays</a></p>\n");
        sb.append("<h2 id=\"varpd-overlay-title\">Overlay ")
                .append(Html.escape(i.link()))
                .append(' ');
        Chrome.badge(sb, i.status(), "status-badge");
        sb.append("</h2>\n");
        status(sb, i);
        List<PropertyView> properties = new ArrayList<>();
        String propertiesProblem = null;
        try {
            properties = admin.properties(i.link());
        } catch (VarpdException e) {
            propertiesProblem = e.toString();
        }
        pluginState(sb, i);
        sb.append(
                "<h3>Traffic</h3>\n<div id=\"varpd-overlay-chart\" class=\"varpd-chart\" data-testid=\"overlay-chart\">"
                        + "</div>\n");
        counters(sb, i);
        List<CacheEntry> targets = null;
        String targetsProblem = null;
        try {
            targets = admin.targets(i.link());
        } catch (VarpdException e) {
            targetsProblem = e.toString();
        }
        sb.append("<h3>Where traffic goes</h3>\n");
        if (targets != null) {
            TrafficMap.svg(sb, i.link(), targets);
        } else {
            sb.append("<p id=\"varpd-traffic-map\" data-testid=\"traffic-map\">")
                    .append(Html.escape(targetsProblem))
                    .append("</p>\n");
        }
        targetTable(sb, targets, targetsProblem, search);
        lookupBox(sb);
        propertyTable(sb, links, i, properties, propertiesProblem);
        Chrome.close(sb, links);
        return sb.toString();
    }

    private void status(StringBuilder sb, InstanceInfo i) {
        String sentence = i.detail().isEmpty()
                ? ("ONLINE".equals(i.status()) ? "Running; nothing to report." : i.status())
                : i.detail();
        sb.append("<p id=\"varpd-status-sentence\" class=\"varpd-sentence\" data-testid=\"status-sentence\">")
                .append(Html.escape(sentence))
                .append("</p>\n");
        sb.append("<p id=\"varpd-status-since\" data-testid=\"status-since\">")
                .append(Html.escape(sinceText(i)))
                .append("</p>\n");
    }

    /** "ONLINE since ..." from the page's memory; core keeps no timestamp (see {@link History}). */
    String sinceText(InstanceInfo i) {
        History.Since s = history.since(i.link());
        if (s == null || !s.status().equals(i.status())) {
            return i.status() + " (not yet sampled by this page)";
        }
        String at = TIME.format(Instant.ofEpochMilli(s.millis()).atZone(zone));
        return s.observed()
                ? i.status() + " since " + at
                : i.status() + " since at least " + at + " (when this page began watching; varpd keeps no time of"
                        + " status changes)";
    }

    /**
     * What the plugin says it is doing ({@code VarpdAdmin.pluginState}): for svp the mapping server's connection
     * (server, addresses, connected / backoff / degraded with the reason, queries in flight, last answer, shootdown
     * log). A plugin that tells nothing gets no section, except svp, whose section then says why it cannot be read.
     * Kept fresh by {@code varpd.js} from {@code overlay.json}'s {@code "p"}.
     */
    private void pluginState(StringBuilder sb, InstanceInfo i) {
        Map<String, String> state;
        String problem = null;
        try {
            state = admin.pluginState(i.link());
        } catch (VarpdException e) {
            state = Map.of();
            problem = e.toString();
        }
        boolean svp = "svp".equals(i.plugin());
        if (state.isEmpty() && !svp) {
            return;
        }
        sb.append("<h3>").append(svp ? "Mapping server" : "Plugin state").append("</h3>\n");
        if (problem != null || state.isEmpty()) {
            sb.append("<p id=\"varpd-plugin-state\" data-testid=\"plugin-state\">")
                    .append(Html.escape(
                            problem != null
                                    ? "The connection state cannot be read: " + problem
                                    : "The plugin reports nothing."))
                    .append("</p>\n");
            return;
        }
        sb.append("<table id=\"varpd-plugin-state\" class=\"nicetable varpd-table\" data-testid=\"plugin-state\">"
                + "<tbody>\n");
        for (Map.Entry<String, String> e : state.entrySet()) {
            sb.append("<tr data-label=\"")
                    .append(Html.escape(e.getKey()))
                    .append("\"><th>")
                    .append(Html.escape(e.getKey()))
                    .append("</th><td data-testid=\"plugin-state-value\">")
                    .append(Html.escape(e.getValue()))
                    .append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    private void counters(StringBuilder sb, InstanceInfo i) {
        sb.append("<h3>Counters</h3>\n");
        if (i.counters().isEmpty()) {
            sb.append(
                    "<p id=\"varpd-counters\" data-testid=\"counters\">No counters: the overlay is not running.</p>\n");
            return;
        }
        Map<String, Double> rates = history.allRates(i.link());
        sb.append("<table id=\"varpd-counters\" class=\"nicetable varpd-table\" data-testid=\"counters\">\n")
                .append("<thead><tr><th>Counter</th><th class=\"varpd-num\">Total</th>")
                .append("<th class=\"varpd-num\">per second</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<String, Long> c : i.counters().entrySet()) {
            String name = Html.escape(c.getKey());
            sb.append("<tr data-counter=\"")
                    .append(name)
                    .append("\"><td>")
                    .append(name)
                    .append("</td><td class=\"varpd-num\" data-testid=\"counter-total\">")
                    .append(c.getValue())
                    .append("</td><td class=\"varpd-num\" data-testid=\"counter-rate\">")
                    .append(Json.number(rates.getOrDefault(c.getKey(), 0.0)))
                    .append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    private static void targetTable(StringBuilder sb, List<CacheEntry> targets, String problem, String search) {
        sb.append("<h3>Target table</h3>\n");
        if (targets == null) {
            sb.append("<p id=\"varpd-targets\" data-testid=\"targets\">")
                    .append(Html.escape(problem))
                    .append("</p>\n");
            return;
        }
        String q = search == null ? "" : search.trim().toLowerCase(Locale.ROOT);
        sb.append("<form id=\"varpd-target-search-form\" method=\"get\"><input id=\"varpd-target-search\""
                        + " data-testid=\"target-search\" type=\"search\" name=\"q\" placeholder=\"search MAC or destination\""
                        + " aria-label=\"search the target table\" value=\"")
                .append(Html.escape(search == null ? "" : search))
                .append("\"></form>\n");
        sb.append("<table id=\"varpd-targets\" class=\"nicetable varpd-table\" data-testid=\"targets\">\n")
                .append("<thead><tr><th>MAC</th><th>Destination</th><th></th></tr></thead>\n<tbody>\n");
        int shown = 0;
        int matching = 0;
        for (CacheEntry e : targets) {
            String mac = e.mac().toString();
            String dest = e.destinationText();
            if (!q.isEmpty()
                    && !mac.contains(q)
                    && !dest.toLowerCase(Locale.ROOT).contains(q)) {
                continue;
            }
            matching++;
            if (shown == MAX_TARGET_ROWS) {
                continue;
            }
            shown++;
            sb.append("<tr data-testid=\"target-row\" data-mac=\"")
                    .append(Html.escape(mac))
                    .append("\"><td>")
                    .append(Html.escape(mac))
                    .append("</td><td>")
                    .append(Html.escape(dest))
                    .append("</td><td><button type=\"button\" class=\"varpd-remove\" data-testid=\"target-remove\""
                            + " data-mac=\"")
                    .append(Html.escape(mac))
                    .append("\">delete</button></td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n<p id=\"varpd-targets-count\" data-testid=\"targets-count\">")
                .append(targets.size())
                .append(targets.size() == 1 ? " entry" : " entries");
        if (!q.isEmpty()) {
            sb.append(", ").append(matching).append(" matching");
        }
        if (matching > shown) {
            sb.append("; showing the first ").append(shown).append(": search to narrow");
        }
        sb.append(".</p>\n");
        sb.append("<form id=\"varpd-target-set\" class=\"varpd-form\" data-testid=\"target-set\">"
                + "<label>MAC <input name=\"mac\" id=\"varpd-target-mac\" data-testid=\"target-mac\" required"
                + " placeholder=\"de:ad:be:ef:0:1\"></label> "
                + "<label>destination <input name=\"value\" id=\"varpd-target-value\" data-testid=\"target-value\""
                + " required placeholder=\"[mac][,ip][:port] or drop\"></label> "
                + "<button type=\"submit\" data-testid=\"target-set-submit\">set</button> "
                + "<button type=\"button\" id=\"varpd-target-flush\" data-testid=\"target-flush\">flush all</button>"
                + "</form>\n<p id=\"varpd-action-result\" class=\"varpd-result\" data-testid=\"action-result\""
                + " role=\"status\"></p>\n");
    }

    private static void lookupBox(StringBuilder sb) {
        sb.append("<h3>Lookup</h3>\n<p>Asks the plugin where frames for a MAC go, or which MAC an IP address is at"
                + " and where its frames go. Nothing is sent and nothing is added to the target table.</p>\n"
                + "<form id=\"varpd-lookup\" class=\"varpd-form\" data-testid=\"lookup\"><input name=\"q\""
                + " id=\"varpd-lookup-query\" data-testid=\"lookup-query\" required"
                + " placeholder=\"de:ad:be:ef:0:1 or 10.0.0.5\" aria-label=\"MAC or IP address\"> "
                + "<button type=\"submit\" data-testid=\"lookup-submit\">look up</button></form>\n"
                + "<p id=\"varpd-lookup-result\" class=\"varpd-result\" data-testid=\"lookup-result\""
                + " role=\"status\"></p>\n");
    }

    private static void propertyTable(
            StringBuilder sb, Links links, InstanceInfo i, List<PropertyView> properties, String problem) {
        sb.append("<h3>Properties</h3>\n<p>");
        if (i.configPid() != null && !i.configPid().isEmpty()) {
            Chrome.link(sb, links.config(i.configPid(), false), "Change them in the configuration form", "config-link");
            sb.append(" (the link name cannot be changed once the overlay exists).");
        }
        sb.append("</p>\n");
        if (problem != null) {
            sb.append("<p id=\"varpd-properties\" data-testid=\"properties\">The plugin is not running, so its"
                            + " properties cannot be read: ")
                    .append(Html.escape(problem))
                    .append("</p>\n");
            return;
        }
        sb.append("<table id=\"varpd-properties\" class=\"nicetable varpd-table\" data-testid=\"properties\">\n")
                .append("<thead><tr><th>Property</th><th>Value</th><th>Default</th><th>Allowed</th>")
                .append("<th>Description</th></tr></thead>\n<tbody>\n");
        for (PropertyView p : properties) {
            sb.append("<tr data-property=\"")
                    .append(Html.escape(p.description().name()))
                    .append("\">");
            Chrome.cell(sb, p.description().name());
            Chrome.cell(sb, p.valueText());
            Chrome.cell(sb, p.defaultText());
            Chrome.cell(sb, p.description().possibleValues());
            Chrome.cell(sb, p.description().description());
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    /**
     * The refresh of an overlay's page: {@code {"t","l","s","d","since":{"text"},"c":[[name,total,rate],...],
     * "p":[[label,text],...]}} ({@code "p"} the plugin's state, left out when it cannot be read), with
     * {@code withHistory} also {@code "h"}, its rates over the kept minutes.
     */
    String json(InstanceInfo i, long sampleMillis, boolean withHistory) {
        Json j = new Json(1024);
        j.beginObject()
                .key("t")
                .value(sampleMillis / 1000)
                .key("l")
                .value(i.link())
                .key("s")
                .value(i.status())
                .key("d")
                .value(i.detail())
                .key("since")
                .value(sinceText(i))
                .key("c")
                .beginArray();
        Map<String, Double> rates = history.allRates(i.link());
        for (Map.Entry<String, Long> c : i.counters().entrySet()) {
            j.beginArray()
                    .value(c.getKey())
                    .value(c.getValue())
                    .value(rates.getOrDefault(c.getKey(), 0.0))
                    .endArray();
        }
        j.endArray();
        try {
            Map<String, String> state = admin.pluginState(i.link());
            j.key("p").beginArray();
            for (Map.Entry<String, String> e : state.entrySet()) {
                j.beginArray().value(e.getKey()).value(e.getValue()).endArray();
            }
            j.endArray();
        } catch (VarpdException e) {
            // Not active: the page's section already says so, and the status tells why.
        }
        if (withHistory) {
            j.key("h");
            OverviewView.points(j, history.points(i.link()));
        }
        return j.endObject().toString();
    }
}
