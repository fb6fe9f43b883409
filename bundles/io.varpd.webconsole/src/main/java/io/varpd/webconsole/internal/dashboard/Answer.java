// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

/**
 * What the dashboard answers to one request, for a servlet adapter to write.
 *
 * @param status the HTTP status
 * @param contentType the content type with its charset
 * @param body the body, never null
 * @param fragment true when {@code body} is page content for the console to wrap in its own header and navigation;
 *     false for JSON, written as it is
 */
public record Answer(int status, String contentType, String body, boolean fragment) {
    static final String HTML = "text/html;charset=UTF-8";
    static final String JSON = "application/json;charset=UTF-8";

    static Answer page(String html) {
        return new Answer(200, HTML, html, true);
    }

    static Answer json(String json) {
        return new Answer(200, JSON, json, false);
    }

    /** A JSON error: {@code {"ok":false,"error":"..."}} with {@code status}. */
    static Answer error(int status, String message) {
        return new Answer(
                status,
                JSON,
                new Json(64 + message.length())
                        .beginObject()
                        .key("ok")
                        .value(false)
                        .key("error")
                        .value(message)
                        .endObject()
                        .toString(),
                false);
    }
}
