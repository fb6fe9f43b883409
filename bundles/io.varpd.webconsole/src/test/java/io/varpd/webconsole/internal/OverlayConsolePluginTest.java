package io.varpd.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverlayConsolePluginTest {
    private static HttpServletRequest request(Map<String, Object> answers) {
        return (HttpServletRequest) Proxy.newProxyInstance(OverlayConsolePluginTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> answers.get(m.getName()));
    }

    @Test
    void thePathBelowThePageComesFromThePathInfoOrTheUri() {
        assertEquals("/overlay/vx1", OverlayConsolePlugin.subPath(request(Map.of("getPathInfo", "/varpd/overlay/vx1"))));
        assertEquals("", OverlayConsolePlugin.subPath(request(Map.of("getPathInfo", "/varpd"))));
        assertEquals("/overview.json", OverlayConsolePlugin.subPath(
                request(Map.of("getRequestURI", "/ops/console/varpd/overview.json"))));
    }

    @Test
    void oddConsoleRootFallsBackToTheDefault() {
        for (Object root : new Object[] {"javascript:alert(1)", "//evil.example/x", 42}) {
            assertEquals("/system/console", OverlayConsolePlugin.appRoot(request(Map.of("getAttribute", root))),
                    String.valueOf(root));
        }
        assertEquals("/ops", OverlayConsolePlugin.appRoot(request(Map.of("getAttribute", "/ops/"))));
    }
}
