// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.admin.VarpdAdmin;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The varpd page of the web console without the servlet API: it takes a method, a path below the page ({@code ""},
 * {@code /overlay/<link>}, {@code /overview.json}, ...), parameters and headers, and returns an {@link Answer}. Servlet
 * adapters (Web Console 5 on jakarta.servlet; Web Console 4 on javax.servlet) only translate. See the package theory
 * for the routes.
 */
public final class Dashboard {
    /** The header the page's own script sends with every POST (see {@link #post}). */
    public static final String ACTION_HEADER = "X-Varpd-Console";

    private final VarpdAdmin admin;
    private final History history;
    private final OverviewView overview;
    private final OverlayView overlay;

    public Dashboard(VarpdAdmin admin) {
        this(admin, Clock.systemDefaultZone());
    }

    Dashboard(VarpdAdmin admin, Clock clock) {
        this.admin = admin;
        this.history = new History(clock);
        this.overview = new OverviewView(admin, history);
        this.overlay =
                new OverlayView(admin, history, clock.getZone() == null ? ZoneId.systemDefault() : clock.getZone());
    }

    /** Takes a sample of every overlay's counters and status (the adapter's timer calls it). */
    public void tick() {
        history.sample(admin.instances());
    }

    /** Answers a GET (or HEAD) of {@code path} below the page. */
    public Answer get(Links links, String path, Map<String, String> query) {
        String p = path == null || path.equals("/") ? "" : path;
        switch (p) {
            case "":
                return overviewPage(links);
            case "/overview.json": {
                List<InstanceInfo> instances = admin.instances();
                long t = history.sample(instances);
                return Answer.json(overview.json(instances, t, "1".equals(query.get("history"))));
            }
            case "/overlay.json":
                return overlayJson(query.get("link"), "1".equals(query.get("history")));
            case "/lookup.json":
                return lookup(query.get("link"), query.get("q"));
            default:
                if (p.startsWith("/overlay/") && p.indexOf('/', "/overlay/".length()) < 0) {
                    return overlayPage(links, percentDecode(p.substring("/overlay/".length())), query.get("q"));
                }
                return new Answer(
                        404,
                        Answer.HTML,
                        "<p id=\"varpd-missing\">The varpd page has nothing at " + Html.escape(p) + ".</p>",
                        true);
        }
    }

    private Answer overviewPage(Links links) {
        List<InstanceInfo> instances = admin.instances();
        history.sample(instances);
        return Answer.page(overview.html(links, instances, admin.strayDevices(), admin.plugins()));
    }

    private Answer overlayPage(Links links, String link, String search) {
        history.sample(admin.instances());
        Optional<InstanceInfo> i = admin.instance(link);
        if (i.isEmpty()) {
            return new Answer(404, Answer.HTML, overlay.missing(links, link), true);
        }
        return Answer.page(overlay.html(links, i.get(), search));
    }

    private Answer overlayJson(String link, boolean withHistory) {
        if (link == null || link.isEmpty()) {
            return Answer.error(400, "EINVAL: the parameter link is missing; it names the overlay");
        }
        long t = history.sample(admin.instances());
        return admin.instance(link)
                .map(i -> Answer.json(overlay.json(i, t, withHistory)))
                .orElseGet(() -> Answer.error(404, "ENOENT: no overlay named " + link));
    }

    /** A MAC is looked up, an IP address resolved first, as {@code varpd:lookup} does. */
    private Answer lookup(String link, String q) {
        if (link == null || link.isEmpty() || q == null || q.isBlank()) {
            return Answer.error(
                    400,
                    "EINVAL: lookup needs the parameters link (the overlay) and q"
                            + " (a MAC such as de:ad:be:ef:0:1, or an IP address such as 10.0.0.5 or 2001:db8::5)");
        }
        String query = q.trim();
        try {
            LookupResult r;
            String asked;
            Optional<InetAddress> ip = IpAddresses.parse(query);
            if (ip.isPresent()) {
                asked = IpAddresses.format(ip.get());
                r = admin.resolve(link, ip.get());
            } else {
                MacAddress mac;
                try {
                    mac = MacAddress.parse(query);
                } catch (VarpdException e) {
                    return Answer.error(
                            400,
                            "EINVAL: '" + query + "' is neither a MAC (de:ad:be:ef:0:1,"
                                    + " DE-AD-BE-EF-00-01, dead.beef.0001) nor an IP address (10.0.0.5, 2001:db8::5)");
                }
                asked = mac.toString();
                r = admin.lookup(link, mac);
            }
            return Answer.json(new Json(256)
                    .beginObject()
                    .key("ok")
                    .value(true)
                    .key("query")
                    .value(asked)
                    .key("answered")
                    .value(r.answered())
                    .key("mac")
                    .value(r.mac() == null ? "--" : r.mac().toString())
                    .key("destination")
                    .value(r.destination().map(Object::toString).orElse("drop"))
                    .key("detail")
                    .value(r.detail())
                    .endObject()
                    .toString());
        } catch (VarpdException e) {
            return failure(e);
        }
    }

    /**
     * Answers a POST: the target table's actions at {@code /action.json}, form fields {@code link}, {@code action}
     * ({@code set}, {@code remove}, {@code flush}), {@code mac} and {@code value}. Only the page's own script may post:
     * it sends {@value #ACTION_HEADER}{@code : 1}, which an HTML form of another site cannot send and a script of
     * another origin cannot send without a CORS permission that nothing grants; a browser that says
     * {@code Sec-Fetch-Site} must say {@code same-origin}. Anything else is refused with 403 before anything is done.
     */
    public Answer post(String path, Map<String, String> form, Function<String, String> header) {
        if (!"1".equals(header.apply(ACTION_HEADER))) {
            return Answer.error(
                    403,
                    "refused: changes are accepted only from the varpd page itself (header " + ACTION_HEADER
                            + " missing)");
        }
        String site = header.apply("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            return Answer.error(403, "refused: the request came from another site (Sec-Fetch-Site: " + site + ")");
        }
        if (!"/action.json".equals(path)) {
            return Answer.error(404, "ENOENT: nothing to post to at " + path + "; allowed: /action.json");
        }
        String link = form.get("link");
        String action = form.get("action");
        if (link == null || link.isEmpty()) {
            return Answer.error(400, "EINVAL: the field link is missing; it names the overlay");
        }
        try {
            String done;
            if ("flush".equals(action)) {
                admin.flushTargets(link);
                done = "flushed the target table of " + link;
            } else if ("remove".equals(action)) {
                MacAddress mac = MacAddress.parse(required(form, "mac"));
                admin.removeTarget(link, mac);
                done = "removed " + mac + " from the target table of " + link;
            } else if ("set".equals(action)) {
                MacAddress mac = MacAddress.parse(required(form, "mac"));
                String value = required(form, "value").trim();
                admin.setTarget(link, mac, value);
                done = "set " + mac + " to " + value + " in the target table of " + link;
            } else {
                return Answer.error(400, "EINVAL: unknown action '" + action + "'; allowed: set, remove, flush");
            }
            return Answer.json(new Json(128)
                    .beginObject()
                    .key("ok")
                    .value(true)
                    .key("message")
                    .value(done)
                    .endObject()
                    .toString());
        } catch (VarpdException e) {
            return failure(e);
        }
    }

    private static String required(Map<String, String> form, String name) throws VarpdException {
        String v = form.get(name);
        if (v == null || v.isBlank()) {
            throw new VarpdException(Errno.EINVAL, "the field " + name + " is missing");
        }
        return v;
    }

    private static Answer failure(VarpdException e) {
        int status;
        switch (e.errno()) {
            case ENOENT:
                status = 404;
                break;
            case EINVAL:
                status = 400;
                break;
            default:
                status = 409;
        }
        return Answer.error(status, e.toString());
    }

    /** Decodes %XX escapes (UTF-8) of a path segment; a malformed escape is kept as it is. */
    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int plain = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '%'
                    && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.writeBytes(s.substring(plain, i).getBytes(StandardCharsets.UTF_8));
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
                plain = i + 1;
            }
        }
        out.writeBytes(s.substring(plain).getBytes(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
