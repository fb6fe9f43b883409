// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConsolePageTest {
    @Test
    void thePathBelowThePageComesFromThePathInfoOrTheUri() {
        assertEquals("/overlay/vx1", ConsolePage.subPath("/varpd/overlay/vx1", null));
        assertEquals("", ConsolePage.subPath("/varpd", null));
        assertEquals("/overview.json", ConsolePage.subPath(null, "/ops/console/varpd/overview.json"));
    }

    @Test
    void oddConsoleRootFallsBackToTheDefault() {
        for (Object root : new Object[] {"javascript:alert(1)", "//evil.example/x", 42, null}) {
            assertEquals("/system/console", ConsolePage.appRoot(root), String.valueOf(root));
        }
        assertEquals("/ops", ConsolePage.appRoot("/ops/"));
    }
}
