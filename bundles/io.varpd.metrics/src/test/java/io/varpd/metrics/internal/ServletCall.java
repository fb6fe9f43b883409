package io.varpd.metrics.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request to a servlet and what it answered. Request and response are proxies that answer
 * only what the metrics servlet may use; any other call fails the test, so a new dependency on the
 * container shows at once.
 */
final class ServletCall {
    int status = -1;
    final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    String body() {
        return body.toString(StandardCharsets.UTF_8);
    }

    String header(String name) {
        return headers.get(name);
    }

    static HttpServletRequest request(String method) {
        return (HttpServletRequest) Proxy.newProxyInstance(ServletCall.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
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

    HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException("setWriteListener");
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(ServletCall.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus":
                            status = (Integer) args[0];
                            return null;
                        case "setHeader":
                            headers.put((String) args[0], (String) args[1]);
                            return null;
                        case "setContentType":
                            headers.put("Content-Type", (String) args[0]);
                            return null;
                        case "setContentLength":
                            headers.put("Content-Length", String.valueOf(args[0]));
                            return null;
                        case "getOutputStream":
                            return out;
                        case "toString":
                            return "response " + status;
                        default:
                            throw new UnsupportedOperationException("fake response: " + m.getName());
                    }
                });
    }
}
