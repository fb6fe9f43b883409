// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import io.varpd.api.MacAddress;
import io.varpd.api.device.CacheEntry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The picture of where an overlay's traffic goes: the overlay on the left, one box per underlay host its cached
 * destinations point to on the right, each line labelled with how many MACs go there, and the drop entries as a box of
 * their own. Drawn as SVG from the target table, on the server, so it needs no script; every label is escaped.
 */
final class TrafficMap {
    /** Hosts drawn; the rest are counted in one last box. */
    static final int MAX_HOSTS = 24;

    private static final int ROW = 34;
    private static final int WIDTH = 640;

    private TrafficMap() {}

    static void svg(StringBuilder sb, String link, List<CacheEntry> targets) {
        Map<String, Integer> hosts = new TreeMap<>();
        int drops = 0;
        boolean point = false;
        for (CacheEntry e : targets) {
            if (e.drop()) {
                drops++;
                continue;
            }
            point |= e.mac().equals(MacAddress.ZERO);
            String host = e.target()
                    .ip()
                    .map(ip -> {
                        String h = io.varpd.api.IpAddresses.format(ip);
                        return e.target().port() == 0
                                ? h
                                : (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":"
                                        + e.target().port();
                    })
                    .orElse(e.target().toString());
            hosts.merge(host, 1, Integer::sum);
        }
        if (hosts.isEmpty() && drops == 0) {
            sb.append("<p id=\"varpd-traffic-map\" data-testid=\"traffic-map\">The target table is empty: no"
                    + " destination is cached yet, so there is nothing to draw.</p>\n");
            return;
        }
        int boxes = Math.min(hosts.size(), MAX_HOSTS) + (hosts.size() > MAX_HOSTS ? 1 : 0) + (drops > 0 ? 1 : 0);
        int height = Math.max(ROW * boxes + 20, 60);
        sb.append("<svg id=\"varpd-traffic-map\" data-testid=\"traffic-map\" class=\"varpd-map\" role=\"img\""
                        + " xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\">")
                .append("<title>Where the traffic of ")
                .append(Html.escape(link))
                .append(" goes</title>");
        int cy = height / 2;
        sb.append("<rect class=\"varpd-map-overlay\" x=\"10\" y=\"")
                .append(cy - 18)
                .append("\" width=\"150\" height=\"36\" rx=\"6\"/>")
                .append("<text x=\"85\" y=\"")
                .append(cy + 5)
                .append("\" text-anchor=\"middle\">")
                .append(Html.escape(link))
                .append("</text>");
        int row = 0;
        for (Map.Entry<String, Integer> h : hosts.entrySet()) {
            if (row == MAX_HOSTS) {
                break;
            }
            String label = point ? "every frame" : h.getValue() + (h.getValue() == 1 ? " MAC" : " MACs");
            host(sb, row++, cy, "varpd-map-host", h.getKey(), label);
        }
        if (hosts.size() > MAX_HOSTS) {
            int rest = hosts.size() - MAX_HOSTS;
            host(sb, row++, cy, "varpd-map-more", "and " + rest + " more hosts", "");
        }
        if (drops > 0) {
            host(sb, row, cy, "varpd-map-drop", "drop", drops + (drops == 1 ? " MAC" : " MACs"));
        }
        sb.append("</svg>\n");
    }

    private static void host(StringBuilder sb, int row, int cy, String cls, String name, String edge) {
        int y = 10 + row * ROW + 17;
        sb.append("<g class=\"")
                .append(cls)
                .append("\" data-testid=\"map-host\">")
                .append("<line x1=\"160\" y1=\"")
                .append(cy)
                .append("\" x2=\"400\" y2=\"")
                .append(y)
                .append("\"/>")
                .append("<text class=\"varpd-map-edge\" x=\"290\" y=\"")
                .append((cy + y) / 2 - 4)
                .append("\" text-anchor=\"middle\">")
                .append(Html.escape(edge))
                .append("</text>")
                .append("<rect x=\"400\" y=\"")
                .append(y - 13)
                .append("\" width=\"230\" height=\"26\" rx=\"4\"/>")
                .append("<text x=\"515\" y=\"")
                .append(y + 4)
                .append("\" text-anchor=\"middle\">")
                .append(Html.escape(name))
                .append("</text></g>");
    }
}
