// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import io.varpd.api.Errno;
import java.util.List;
import java.util.Optional;

/**
 * One path of the API, parsed from the servlet's path info (the part after {@code /varpd/api}): which resource it names
 * and the link and MAC it carries.
 *
 * <p>The paths are {@code /overlays}, {@code /overlays/{link}}, {@code /overlays/{link}/status},
 * {@code /overlays/{link}/targets}, {@code /overlays/{link}/targets/{mac}}, {@code /overlays/{link}/lookup},
 * {@code /overlays/{link}/guests}, {@code /overlays/{link}/guests/{mac}}, {@code /plugins} and {@code /stray-devices};
 * one trailing slash is tolerated. Segments are not validated here: an odd link is core's to refuse (ENOENT), an odd
 * MAC is refused when parsed.
 */
record ApiRoute(Resource resource, String link, String mac) {

    /** The resources of the API and the methods each allows. */
    enum Resource {
        OVERLAYS("GET", "POST"),
        OVERLAY("GET", "PUT", "PATCH", "DELETE"),
        STATUS("GET"),
        TARGETS("GET", "DELETE"),
        TARGET("PUT", "DELETE"),
        LOOKUP("GET"),
        GUESTS("GET"),
        GUEST("PUT", "DELETE"),
        PLUGINS("GET"),
        STRAY_DEVICES("GET");

        private final List<String> methods;

        Resource(String... methods) {
            this.methods = List.of(methods);
        }

        /** The HTTP methods this resource answers. */
        List<String> methods() {
            return methods;
        }

        /** The Allow header value. */
        String allow() {
            return String.join(", ", methods);
        }
    }

    /**
     * Parses {@code pathInfo} ({@code null} or {@code ""} for the API root).
     *
     * @throws ApiError 404 ENOENT for a path that names no resource
     */
    static ApiRoute parse(String pathInfo) throws ApiError {
        return match(pathInfo)
                .orElseThrow(() -> new ApiError(
                        404,
                        Errno.ENOENT,
                        "no such resource: " + (pathInfo == null || pathInfo.isEmpty() ? "/" : pathInfo)
                                + "; the API has /overlays, /overlays/{link}, /overlays/{link}/status,"
                                + " /overlays/{link}/targets, /overlays/{link}/targets/{mac}, /overlays/{link}/lookup"
                                + ", /overlays/{link}/guests, /overlays/{link}/guests/{mac}"
                                + ", /plugins and /stray-devices"));
    }

    private static Optional<ApiRoute> match(String pathInfo) {
        if (pathInfo == null || !pathInfo.startsWith("/")) {
            return Optional.empty();
        }
        String path = pathInfo.substring(1);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] s = path.split("/", -1);
        for (String segment : s) {
            if (segment.isEmpty()) {
                return Optional.empty();
            }
        }
        if (s.length == 1 && s[0].equals("plugins")) {
            return Optional.of(new ApiRoute(Resource.PLUGINS, null, null));
        }
        if (s.length == 1 && s[0].equals("stray-devices")) {
            return Optional.of(new ApiRoute(Resource.STRAY_DEVICES, null, null));
        }
        if (!s[0].equals("overlays")) {
            return Optional.empty();
        }
        switch (s.length) {
            case 1:
                return Optional.of(new ApiRoute(Resource.OVERLAYS, null, null));
            case 2:
                return Optional.of(new ApiRoute(Resource.OVERLAY, s[1], null));
            case 3:
                if (s[2].equals("status")) {
                    return Optional.of(new ApiRoute(Resource.STATUS, s[1], null));
                }
                if (s[2].equals("targets")) {
                    return Optional.of(new ApiRoute(Resource.TARGETS, s[1], null));
                }
                if (s[2].equals("lookup")) {
                    return Optional.of(new ApiRoute(Resource.LOOKUP, s[1], null));
                }
                if (s[2].equals("guests")) {
                    return Optional.of(new ApiRoute(Resource.GUESTS, s[1], null));
                }
                return Optional.empty();
            case 4:
                if (s[2].equals("targets")) {
                    return Optional.of(new ApiRoute(Resource.TARGET, s[1], s[3]));
                }
                if (s[2].equals("guests")) {
                    return Optional.of(new ApiRoute(Resource.GUEST, s[1], s[3]));
                }
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }
}
