// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.LookupResult;
import io.varpd.api.admin.OverlaySpec;
import io.varpd.api.admin.PropertyView;
import io.varpd.api.admin.VarpdAdmin;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The varpd HTTP API: dladm's overlay commands as JSON resources under {@code /varpd/api} (see the package theory for
 * the request flow and {@link ApiRoute} for the paths), written once for both servlet APIs; each registers a servlet
 * that hands every request here.
 *
 * <p>Registered only in the API's own servlet context ({@link ApiDoor}), so every request it sees has passed
 * authentication. Stateless and thread-safe; every answer comes from {@link VarpdAdmin}.
 */
public final class OverlayApi {
    private static final Logger LOG = LoggerFactory.getLogger(OverlayApi.class);

    /** Methods that carry a body, and so must say it is JSON (the CSRF rule). */
    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private final VarpdAdmin admin;

    public OverlayApi(VarpdAdmin admin) {
        this.admin = admin;
    }

    /** Answers one request that passed the context's login; never throws past an answer. */
    public void serve(HttpExchange req) throws IOException {
        HttpExchange resp = req;
        try {
            handle(req, resp);
        } catch (ApiError e) {
            if (e.allow() != null) {
                resp.setHeader("Allow", e.allow());
            }
            JsonResponses.writeError(resp, e.status(), e.errno(), e.getMessage());
        } catch (VarpdException e) {
            ApiError a = ApiError.from(e);
            JsonResponses.writeError(resp, a.status(), a.errno(), a.getMessage());
        } catch (RuntimeException e) {
            // A bug in core or here: answer, log with the stack, keep serving. The client gets a
            // reference to the log line, never the exception's text.
            String reference = Long.toHexString(
                    java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 32);
            LOG.error("{} {} failed (reference {})", req.method(), req.pathInfo(), reference, e);
            JsonResponses.writeError(
                    resp, 500, Errno.EIO, "internal error (reference " + reference + " in varpd's log)");
        }
    }

    private void handle(HttpExchange req, HttpExchange resp) throws IOException, ApiError, VarpdException {
        String method = req.method();
        ApiRoute route = ApiRoute.parse(req.pathInfo());
        if (!route.resource().methods().contains(method)) {
            throw ApiError.methodNotAllowed(
                    method, req.pathInfo(), route.resource().allow());
        }
        JsonObject body = null;
        if (METHODS_WITH_BODY.contains(method)) {
            if (!RequestBodies.isJson(req.contentType())) {
                throw new ApiError(
                        415,
                        Errno.EINVAL,
                        method + " requires Content-Type: application/json" + " (got "
                                + (req.contentType() == null ? "none" : req.contentType()) + ")");
            }
            body = RequestBodies.parseObject(RequestBodies.readText(req.body()));
        }
        switch (route.resource()) {
            case OVERLAYS:
                if (method.equals("GET")) {
                    JsonResponses.write(resp, 200, JsonViews.array(admin.instances(), JsonViews::instance));
                } else {
                    OverlaySpec spec = RequestBodies.overlaySpec(body);
                    InstanceInfo created = change(() -> admin.create(spec));
                    resp.setHeader("Location", req.basePath() + "/overlays/" + created.link());
                    JsonResponses.write(resp, 201, JsonViews.instance(created));
                }
                break;
            case OVERLAY:
                overlay(method, route.link(), body, resp);
                break;
            case STATUS:
                JsonResponses.write(resp, 200, JsonViews.status(existing(route.link())));
                break;
            case TARGETS:
                if (method.equals("GET")) {
                    JsonResponses.write(resp, 200, JsonViews.array(admin.targets(route.link()), JsonViews::target));
                } else {
                    admin.flushTargets(route.link());
                    JsonResponses.noContent(resp);
                }
                break;
            case TARGET:
                MacAddress mac = MacAddress.parse(route.mac());
                if (method.equals("PUT")) {
                    admin.setTarget(route.link(), mac, RequestBodies.destination(body));
                } else {
                    admin.removeTarget(route.link(), mac);
                }
                JsonResponses.noContent(resp);
                break;
            case LOOKUP:
                lookup(route.link(), LookupParameters.parse(req.parameters()), resp);
                break;
            case GUESTS:
                JsonResponses.write(resp, 200, JsonViews.array(admin.published(route.link()), JsonViews::guest));
                break;
            case GUEST:
                MacAddress guest = MacAddress.parse(route.mac());
                if (method.equals("PUT")) {
                    RequestBodies.Guest g = RequestBodies.guest(body);
                    JsonResponses.write(
                            resp, 200, JsonViews.guest(admin.publish(route.link(), guest, g.addresses(), g.at())));
                } else {
                    admin.withdraw(route.link(), guest);
                    JsonResponses.noContent(resp);
                }
                break;
            case PLUGINS:
                JsonResponses.write(resp, 200, JsonViews.array(admin.plugins(), JsonViews::plugin));
                break;
            case STRAY_DEVICES:
                JsonResponses.write(resp, 200, JsonViews.array(admin.strayDevices(), JsonViews::strayDevice));
                break;
            default:
                throw new IllegalStateException("unrouted resource " + route.resource());
        }
    }

    private void overlay(String method, String link, JsonObject body, HttpExchange resp)
            throws IOException, ApiError, VarpdException {
        switch (method) {
            case "GET":
                JsonResponses.write(resp, 200, withProperties(existing(link)));
                break;
            case "PUT":
            case "PATCH":
                Map<String, String> properties = RequestBodies.modification(body);
                existing(link); // a missing overlay is 404; every later ENOENT is about a value
                JsonResponses.write(resp, 200, JsonViews.instance(change(() -> admin.modify(link, properties))));
                break;
            default: // DELETE
                admin.delete(link);
                JsonResponses.noContent(resp);
                break;
        }
    }

    private interface Change {
        InstanceInfo run() throws VarpdException;
    }

    /** Runs a create or a change; its refusals are about the request's values ({@link ApiError#fromChange}). */
    private static InstanceInfo change(Change c) throws ApiError {
        try {
            return c.run();
        } catch (VarpdException e) {
            throw ApiError.fromChange(e);
        }
    }

    /** A MAC is looked up, an address resolved first; core sends and installs nothing. */
    private void lookup(String link, LookupParameters query, HttpExchange resp) throws IOException, VarpdException {
        LookupResult result = query.mac() != null ? admin.lookup(link, query.mac()) : admin.resolve(link, query.ip());
        JsonResponses.write(resp, 200, JsonViews.lookup(link, query.query(), result));
    }

    /**
     * The instance with its properties and its plugin's state. Properties need the instance's plugin; while it is
     * absent (EAGAIN) the instance is still shown, with {@code properties: null} and the reason in
     * {@code propertiesError}, as {@code show-overlay} still lists the link; so with {@code pluginState} and
     * {@code pluginStateError}.
     */
    private JsonObject withProperties(InstanceInfo info) throws VarpdException {
        JsonObject o = JsonViews.instance(info);
        try {
            List<PropertyView> props = admin.properties(info.link());
            JsonArray a = JsonViews.array(props, JsonViews::property);
            o.add("properties", a);
        } catch (VarpdException e) {
            if (e.errno() != Errno.EAGAIN) {
                throw e;
            }
            o.add("properties", JsonNull.INSTANCE);
            o.add("propertiesError", JsonViews.error(e.errno(), e.getMessage()));
        }
        // What the plugin says it is doing (svp: its server connection), in the plugin's order. A
        // plugin that cannot say (absent, or failing) does not hide the rest of the overlay.
        try {
            JsonObject state = new JsonObject();
            admin.pluginState(info.link()).forEach(state::addProperty);
            o.add("pluginState", state);
        } catch (VarpdException e) {
            o.add("pluginState", JsonNull.INSTANCE);
            o.add("pluginStateError", JsonViews.error(e.errno(), e.getMessage()));
        }
        return o;
    }

    private InstanceInfo existing(String link) throws VarpdException {
        return admin.instance(link)
                .orElseThrow(() -> new VarpdException(
                        Errno.ENOENT, "no overlay named '" + link + "'; GET /varpd/api/overlays lists them"));
    }
}
