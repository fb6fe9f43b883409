// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.metrics.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;

/**
 * The request side of a call to the metrics servlet: a proxy that answers only what the servlet may use; any other call
 * fails the test, so a new dependency on the container shows at once. The response is io.varpd.http's
 * {@code HttpFakes.Response} (its test-jar), which fails the same way.
 */
final class ServletCall {
    private ServletCall() {}

    static HttpServletRequest request(String method) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                ServletCall.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "getMethod":
                            return method;
                        case "toString":
                            return method + " /metrics";
                        default:
                            throw new UnsupportedOperationException("fake request: " + m.getName());
                    }
                });
    }
}
