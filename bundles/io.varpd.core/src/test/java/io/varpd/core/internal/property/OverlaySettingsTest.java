// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.VarpdException;
import java.net.InetAddress;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverlaySettingsTest {
    private static Hashtable<String, Object> props(Object... kv) {
        Hashtable<String, Object> h = new Hashtable<>();
        for (int i = 0; i < kv.length; i += 2) {
            h.put((String) kv[i], kv[i + 1]);
        }
        return h;
    }

    private static String refusal(Hashtable<String, Object> p) {
        return assertThrows(VarpdException.class, () -> OverlaySettings.read("pid", "io.varpd.overlay.direct", p))
                .getMessage();
    }

    @Test
    void readsCommonSettingsAndKeepsModulePropertiesRaw() throws Exception {
        OverlaySettings s = OverlaySettings.read(
                "io.varpd.overlay.direct~demo0",
                "io.varpd.overlay.direct",
                props(
                        "link",
                        "demo0",
                        "vnetid",
                        "4242",
                        "vxlan/listen_ip",
                        "127.0.0.1",
                        "direct/dest_ip",
                        "192.0.2.10",
                        "felix.fileinstall.filename",
                        "file:/x.cfg",
                        "service.factoryPid",
                        "f"));

        assertEquals("direct", s.plugin());
        assertEquals("demo0", s.link());
        assertEquals(4242, s.vnetid());
        assertEquals("memory", s.device());
        assertEquals(InetAddress.getByName("127.0.0.1"), s.listenIp());
        assertEquals(4789, s.listenPort());
        assertEquals(Map.of("direct/dest_ip", "192.0.2.10"), s.named());
    }

    @Test
    void missingOrInvalidCommonSettingsAreNamed() {
        assertTrue(refusal(props("vnetid", "1")).contains("link: missing"));
        assertTrue(refusal(props("link", "demo0")).contains("vnetid: missing"));
        assertTrue(refusal(props("link", "0demo", "vnetid", "1")).contains("not a valid link name"));
        assertTrue(refusal(props("link", "demo", "vnetid", "1")).contains("ending with a digit"));
        assertTrue(refusal(props("link", "demo0", "vnetid", "16777216")).contains("0-16777215"));
        assertTrue(refusal(props("link", "demo0", "vnetid", "1", "encap", "geneve"))
                .contains("allowed: vxlan"));
        assertTrue(refusal(props("link", "demo0", "vnetid", "1", "vxlan/listen_port", "0"))
                .contains("1-65535"));
    }

    @Test
    void unknownPlainKeysAreReportedButFrameworkKeysAreNot() {
        assertEquals(
                List.of("colour"),
                OverlaySettings.unknownKeys(props(
                        "link",
                        "a0",
                        "colour",
                        "red",
                        "service.pid",
                        "x",
                        "webconsole.configurationFactory.nameHint",
                        "{link}")));
    }
}
