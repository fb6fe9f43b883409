// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import java.util.Locale;

/** The parts every view shares: the frame with its styles and scripts, badges, cells and links. */
final class Chrome {
    /** The chart library and its style, shipped in the bundle (see NOTICE). */
    static final String UPLOT_JS = "uplot/uPlot.iife.min.js";

    static final String UPLOT_CSS = "uplot/uPlot.min.css";
    static final String PAGE_JS = "varpd.js";
    static final String PAGE_CSS = "varpd.css";

    private Chrome() {}

    /**
     * Opens the page's root element, which tells {@code varpd.js} where it is: {@code data-root} (the page's URL),
     * {@code data-page} ({@code overview} or {@code overlay}) and, on an overlay's page, {@code data-link}.
     */
    static void open(StringBuilder sb, Links links, String page, String link) {
        sb.append("<link rel=\"stylesheet\" href=\"")
                .append(Html.escape(links.resource(UPLOT_CSS)))
                .append("\">\n")
                .append("<link rel=\"stylesheet\" href=\"")
                .append(Html.escape(links.resource(PAGE_CSS)))
                .append("\">\n")
                .append("<div id=\"varpd\" class=\"varpd\" data-root=\"")
                .append(Html.escape(links.root()))
                .append("\" data-page=\"")
                .append(page)
                .append('"');
        if (link != null) {
            sb.append(" data-link=\"").append(Html.escape(link)).append('"');
        }
        sb.append(">\n");
    }

    static void close(StringBuilder sb, Links links) {
        sb.append("</div>\n<script src=\"")
                .append(Html.escape(links.resource(UPLOT_JS)))
                .append("\"></script>\n")
                .append("<script src=\"")
                .append(Html.escape(links.resource(PAGE_JS)))
                .append("\"></script>\n");
    }

    /** 0 ONLINE, 1 DEGRADED, 2 WAITING, 3 ERROR (and anything else). */
    static int statusIndex(String status) {
        switch (status) {
            case "ONLINE":
                return 0;
            case "DEGRADED":
                return 1;
            case "WAITING":
                return 2;
            default:
                return 3;
        }
    }

    /** A coloured badge with the word: ONLINE green, DEGRADED amber, WAITING grey, ERROR red. */
    static void badge(StringBuilder sb, String status, String testId) {
        sb.append("<span class=\"varpd-badge varpd-badge-")
                .append(Html.escape(status.toLowerCase(Locale.ROOT)))
                .append("\" data-testid=\"")
                .append(testId)
                .append("\">")
                .append(Html.escape(status))
                .append("</span>");
    }

    static void cell(StringBuilder sb, Object value) {
        sb.append("<td>").append(Html.escape(value)).append("</td>");
    }

    static void link(StringBuilder sb, String href, String text, String testId) {
        sb.append("<a href=\"")
                .append(Html.escape(href))
                .append("\" data-testid=\"")
                .append(testId)
                .append("\">")
                .append(Html.escape(text))
                .append("</a>");
    }
}
