// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

/**
 * The URLs of the page, its resources and the console pages it links to, under the console root the request came
 * through ({@code /system/console} by default). Path segments are percent-encoded; callers still escape the result for
 * HTML.
 */
public final class Links {
    /** The page's label: its path under the console root. */
    public static final String LABEL = "varpd";

    private final String appRoot;

    /** @param appRoot the console root, a path without a trailing slash */
    public Links(String appRoot) {
        this.appRoot = appRoot;
    }

    public String root() {
        return appRoot + "/" + LABEL;
    }

    String overlay(String link) {
        return root() + "/overlay/" + Html.urlSegment(link);
    }

    String resource(String name) {
        return root() + "/res/" + name;
    }

    /** The console's configuration page for {@code pid}; for a factory, its "new" dialog. */
    String config(String pid, boolean factoryCreate) {
        return appRoot + "/configMgr/" + Html.urlSegment(pid) + (factoryCreate ? "?factoryCreate=true" : "");
    }

    String bundle(String symbolicName) {
        return appRoot + "/bundles/" + Html.urlSegment(symbolicName);
    }
}
