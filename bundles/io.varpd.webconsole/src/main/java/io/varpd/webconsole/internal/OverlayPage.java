package io.varpd.webconsole.internal;

import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.OverlayConfig;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.StrayDevice;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the content of the varpd console page (an HTML fragment: the console supplies the
 * surrounding document): a status line, the instance table ({@code dladm show-overlay -f} plus
 * plugin, vnetid, device and, when any instance has them, counters) and the plugin table with a
 * link to each plugin's creation form. Every value is escaped with {@link Html}.
 */
final class OverlayPage {
    private final String appRoot;

    /**
     * @param appRoot the console's root path ({@code /system/console} by default), used for
     *        links to its configuration page
     */
    OverlayPage(String appRoot) {
        this.appRoot = appRoot;
    }

    String render(List<InstanceInfo> instances, List<PluginInfo> plugins) {
        return render(instances, List.of(), plugins);
    }

    String render(List<InstanceInfo> instances, List<StrayDevice> stray, List<PluginInfo> plugins) {
        StringBuilder sb = new StringBuilder(4096);
        statusLine(sb, instances, plugins);
        instanceTable(sb, instances);
        strayTable(sb, stray);
        pluginTable(sb, plugins);
        return sb.toString();
    }

    /** Devices without an instance, only when there are some: each is degraded. */
    private static void strayTable(StringBuilder sb, List<StrayDevice> stray) {
        if (stray.isEmpty()) {
            return;
        }
        sb.append("<h2>Devices without an instance</h2>\n")
                .append("<table id=\"varpd-stray-devices\" class=\"nicetable\">\n<thead><tr>")
                .append("<th>Link</th><th>Device</th><th>VNET ID</th><th>Namespace</th><th>Status</th><th>Detail</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (StrayDevice d : stray) {
            sb.append("<tr class=\"varpd-degraded\">");
            cell(sb, d.linkName());
            cell(sb, d.deviceType());
            cell(sb, d.vnetid() < 0 ? "-" : d.vnetid());
            cell(sb, d.location().isEmpty() ? "-" : d.location());
            cell(sb, "DEGRADED");
            cell(sb, d.detail());
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    private static void statusLine(StringBuilder sb, List<InstanceInfo> instances, List<PluginInfo> plugins) {
        long notOnline = instances.stream().filter(i -> !i.status().equals("ONLINE")).count();
        sb.append("<p class=\"statline ui-state-highlight\">varpd: ")
                .append(instances.size()).append(instances.size() == 1 ? " overlay" : " overlays")
                .append(notOnline == 0 ? "" : ", " + notOnline + " not online")
                .append("; ").append(plugins.size()).append(plugins.size() == 1 ? " plugin" : " plugins")
                .append(".</p>\n");
    }

    private void instanceTable(StringBuilder sb, List<InstanceInfo> instances) {
        boolean counters = instances.stream().anyMatch(i -> !i.counters().isEmpty());
        sb.append("<h2>Overlay instances</h2>\n");
        if (instances.isEmpty()) {
            sb.append("<p>No overlay is configured. Create one from a plugin below.</p>\n");
            return;
        }
        sb.append("<table id=\"varpd-overlays\" class=\"nicetable\">\n<thead><tr>")
                .append("<th>Link</th><th>Plugin</th><th>VNET ID</th><th>Device</th><th>State</th>")
                .append("<th>Status</th><th>Detail</th>")
                .append(counters ? "<th>Counters</th>" : "")
                .append("<th>Configuration</th></tr></thead>\n<tbody>\n");
        for (InstanceInfo i : instances) {
            sb.append("<tr class=\"varpd-").append(Html.escape(i.status().toLowerCase(java.util.Locale.ROOT)))
                    .append("\">");
            cell(sb, i.link());
            cell(sb, i.plugin());
            cell(sb, i.vnetid());
            cell(sb, i.device());
            cell(sb, i.state().name());
            cell(sb, i.status());
            cell(sb, i.detail());
            if (counters) {
                cell(sb, countersText(i.counters()));
            }
            sb.append("<td>");
            if (i.configPid() != null && !i.configPid().isEmpty()) {
                link(sb, configLink(i.configPid(), false), "edit");
            }
            sb.append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    private void pluginTable(StringBuilder sb, List<PluginInfo> plugins) {
        sb.append("<h2>Lookup plugins</h2>\n");
        if (plugins.isEmpty()) {
            sb.append("<p>No lookup plugin is registered. Install a plugin bundle"
                    + " (for example io.varpd.plugin.direct).</p>\n");
            return;
        }
        sb.append("<table id=\"varpd-plugins\" class=\"nicetable\">\n<thead><tr>")
                .append("<th>Name</th><th>Mode</th><th>Bundle</th><th>Active</th><th>Detail</th>")
                .append("<th>New instance</th></tr></thead>\n<tbody>\n");
        for (PluginInfo p : plugins) {
            sb.append("<tr>");
            cell(sb, p.name());
            cell(sb, p.mode());
            cell(sb, p.bundle());
            cell(sb, p.active() ? "yes" : "no (refused)");
            cell(sb, p.detail());
            sb.append("<td>");
            // A refused duplicate has no factory of its own; only the active one can be used.
            if (p.active()) {
                link(sb, configLink(OverlayConfig.factoryPid(p.name()), true), "create " + p.name() + " overlay");
            }
            sb.append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    /** The console's configuration page for {@code pid}; for a factory, its "new" dialog. */
    String configLink(String pid, boolean factoryCreate) {
        return appRoot + "/configMgr/" + Html.urlSegment(pid) + (factoryCreate ? "?factoryCreate=true" : "");
    }

    private static void cell(StringBuilder sb, Object value) {
        sb.append("<td>").append(Html.escape(value)).append("</td>");
    }

    private static void link(StringBuilder sb, String href, String text) {
        sb.append("<a href=\"").append(Html.escape(href)).append("\">").append(Html.escape(text)).append("</a>");
    }

    private static String countersText(Map<String, Long> counters) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(counters).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }
}
