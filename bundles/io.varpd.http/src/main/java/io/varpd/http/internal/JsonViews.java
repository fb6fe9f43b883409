// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.TargetPoint;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.PropertyView;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.device.CacheEntry;
import io.varpd.api.plugin.HostedGuest;
import io.varpd.api.plugin.PropertyDescription;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The JSON form of each management record. Field names are the dladm column names in lower case; values that dladm
 * prints as {@code --} are JSON {@code null}; maps are sorted by key so answers are stable.
 */
final class JsonViews {
    private JsonViews() {}

    /** An overlay instance: id, link, plugin, vnetid, device, state, status, degraded, detail, configPid, counters. */
    static JsonObject instance(InstanceInfo i) {
        JsonObject o = new JsonObject();
        o.addProperty("id", i.id());
        o.addProperty("link", i.link());
        o.addProperty("plugin", i.plugin());
        o.addProperty("vnetid", i.vnetid());
        o.addProperty("device", i.device());
        o.addProperty("state", i.state().name());
        o.addProperty("status", i.status());
        o.addProperty("degraded", i.degraded());
        o.addProperty("detail", i.detail());
        o.addProperty("configPid", i.configPid());
        JsonObject counters = new JsonObject();
        new TreeMap<>(i.counters()).forEach(counters::addProperty);
        o.add("counters", counters);
        return o;
    }

    /** One property of {@code show-overlay}: name, type, perm, required, value, default, possible, description. */
    static JsonObject property(PropertyView v) {
        PropertyDescription d = v.description();
        JsonObject o = new JsonObject();
        o.addProperty("name", d.name());
        o.addProperty("type", d.type().name());
        o.addProperty("perm", d.permissions());
        o.addProperty("required", d.required());
        o.addProperty("value", v.value() == null ? null : PropertyView.format(v.value()));
        o.addProperty("default", d.defaultValue().map(PropertyView::format).orElse(null));
        JsonArray possible = new JsonArray();
        d.ranges().forEach(r -> possible.add(r.toString()));
        d.options().forEach(possible::add);
        o.add("possible", possible);
        o.addProperty("description", d.description());
        return o;
    }

    /** A target-table row: mac, destination (dladm's text, {@code drop} for drop entries), drop, ip, port. */
    static JsonObject target(CacheEntry e) {
        JsonObject o = new JsonObject();
        o.addProperty("mac", e.mac().toString());
        o.addProperty("destination", e.destinationText());
        o.addProperty("drop", e.drop());
        TargetPoint t = e.target();
        if (t != null) {
            o.addProperty("ip", t.ip().map(IpAddresses::format).orElse(null));
            o.addProperty("port", t.port() == 0 ? null : t.port());
            o.addProperty("destinationMac", t.mac().map(Object::toString).orElse(null));
        }
        return o;
    }

    /**
     * A diagnostic lookup: link, query (what was asked, canonical), answered, mac (looked up or resolved to; null when
     * an address resolved to none), destination (as in the target table: the text, or {@code drop}), ip and port (null
     * when dropped), detail (core's sentence).
     */
    static JsonObject lookup(String link, String query, LookupResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("link", link);
        o.addProperty("query", query);
        o.addProperty("answered", r.answered());
        o.addProperty("mac", r.mac() == null ? null : r.mac().toString());
        TargetPoint t = r.target();
        o.addProperty("destination", t == null ? "drop" : t.toString());
        o.addProperty("ip", t == null ? null : t.ip().map(IpAddresses::format).orElse(null));
        o.addProperty("port", t == null || t.port() == 0 ? null : t.port());
        o.addProperty("detail", r.detail());
        return o;
    }

    /**
     * A guest this host publishes: mac, destination (where the other hosts send its frames, as text), ip and port, and
     * its addresses (sorted).
     */
    static JsonObject guest(HostedGuest g) {
        JsonObject o = new JsonObject();
        o.addProperty("mac", g.mac().toString());
        o.addProperty("destination", g.at().toString());
        o.addProperty("ip", g.at().ip().map(IpAddresses::format).orElse(null));
        o.addProperty("port", g.at().port() == 0 ? null : g.at().port());
        JsonArray addresses = new JsonArray();
        g.addresses().stream().map(IpAddresses::format).sorted().forEach(addresses::add);
        o.add("addresses", addresses);
        return o;
    }

    /** {@code show-overlay -f}: link, status, detail. */
    static JsonObject status(InstanceInfo i) {
        JsonObject o = new JsonObject();
        o.addProperty("link", i.link());
        o.addProperty("status", i.status());
        o.addProperty("detail", i.detail());
        return o;
    }

    /** A device that exists without an instance: link, type, vnetid (-1 unknown), location, status, detail. */
    static JsonObject strayDevice(StrayDevice d) {
        JsonObject o = new JsonObject();
        o.addProperty("link", d.linkName());
        o.addProperty("type", d.deviceType());
        o.addProperty("vnetid", d.vnetid());
        o.addProperty("location", d.location());
        o.addProperty("status", "DEGRADED");
        o.addProperty("detail", d.detail());
        return o;
    }

    /** A registered plugin: name, mode, bundle, active, detail. */
    static JsonObject plugin(PluginInfo p) {
        JsonObject o = new JsonObject();
        o.addProperty("name", p.name());
        o.addProperty("mode", p.mode() == null ? null : p.mode().name());
        o.addProperty("bundle", p.bundle());
        o.addProperty("active", p.active());
        o.addProperty("detail", p.detail());
        return o;
    }

    /** The error answer: {@code {"error": errno name, "message": text}}. */
    static JsonObject error(Errno errno, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("error", errno.name());
        o.addProperty("message", message);
        return o;
    }

    static <T> JsonArray array(List<T> items, Function<T, JsonObject> view) {
        JsonArray a = new JsonArray();
        items.forEach(i -> a.add(view.apply(i)));
        return a;
    }
}
