// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.PluginMode;
import io.varpd.api.plugin.PluginOps;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Core describes each present plugin's overlay factory to Metatype, so the web console can show a form. */
class MetatypeIT {
    private static final String DIRECT_FACTORY = "io.varpd.overlay.direct";

    /** One framework for the class: these tests only read, or undo what they register. */
    @RegisterExtension
    static final FelixHarness felix = FelixHarness.standard();

    private List<String> factoryPids() {
        MetaTypeService metatype = felix.awaitService(MetaTypeService.class);
        Bundle core = felix.bundle(FelixHarness.CORE_BSN);
        MetaTypeInformation info = metatype.getMetaTypeInformation(core);
        return info == null || info.getFactoryPids() == null ? List.of() : Arrays.asList(info.getFactoryPids());
    }

    private ObjectClassDefinition awaitDirectForm() {
        FelixHarness.await(
                "factory PID " + DIRECT_FACTORY + " in core's metatype",
                this::factoryPids,
                pids -> pids.contains(DIRECT_FACTORY));
        MetaTypeInformation info =
                felix.awaitService(MetaTypeService.class).getMetaTypeInformation(felix.bundle(FelixHarness.CORE_BSN));
        ObjectClassDefinition ocd = info.getObjectClassDefinition(DIRECT_FACTORY, null);
        assertNotNull(ocd, "no object class definition for " + DIRECT_FACTORY);
        return ocd;
    }

    private static Map<String, AttributeDefinition> byId(AttributeDefinition[] defs) {
        return defs == null
                ? Map.of()
                : Arrays.stream(defs).collect(Collectors.toMap(AttributeDefinition::getID, Function.identity()));
    }

    @Test
    void coreDescribesTheDirectOverlayFactory() {
        ObjectClassDefinition ocd = awaitDirectForm();

        assertEquals(DIRECT_FACTORY, ocd.getID());
        Map<String, AttributeDefinition> all = byId(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL));
        assertTrue(
                all.keySet().containsAll(Set.of("link", "vnetid", "direct/dest_ip", "direct/dest_port")),
                "attributes: " + all.keySet());
        Map<String, AttributeDefinition> required = byId(ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED));
        assertTrue(
                required.keySet().containsAll(Set.of("link", "vnetid", "direct/dest_ip", "direct/dest_port")),
                "required attributes: " + required.keySet());
        Map<String, AttributeDefinition> optional = byId(ocd.getAttributeDefinitions(ObjectClassDefinition.OPTIONAL));
        assertTrue(optional.containsKey("device"), "optional attributes: " + optional.keySet());
        assertEquals(
                AttributeDefinition.INTEGER,
                all.get("direct/dest_port").getType(),
                "a bounded number is an integer field");
        assertEquals(AttributeDefinition.STRING, all.get("direct/dest_ip").getType());
    }

    @Test
    void theFormRefusesABadPortNamingTheRange() {
        AttributeDefinition port = byId(awaitDirectForm().getAttributeDefinitions(ObjectClassDefinition.ALL))
                .get("direct/dest_port");

        String refusal = port.validate("70000");
        assertNotNull(refusal, "dest_port has no validation");
        assertTrue(refusal.contains("1-65535"), "the message names the range: " + refusal);
        assertEquals("", port.validate("4789"), "a good port is accepted");
    }

    @Test
    void theFormRefusesABadVnetidAndAddress() {
        Map<String, AttributeDefinition> all =
                byId(awaitDirectForm().getAttributeDefinitions(ObjectClassDefinition.ALL));

        String vnetid = all.get("vnetid").validate("banana");
        assertTrue(vnetid != null && vnetid.contains("vnetid"), "names the property: " + vnetid);
        String ip = all.get("direct/dest_ip").validate("not.an.address");
        assertTrue(ip != null && !ip.isEmpty(), "a bad address is refused: " + ip);
        assertEquals("", all.get("direct/dest_ip").validate("192.0.2.1"));
    }

    @Test
    void aPluginsFormComesAndGoesWithThePlugin() {
        ServiceRegistration<PluginOps> reg = felix.registerPlugin("later", PluginMode.DYNAMIC, FakePlugin.dynamic());
        FelixHarness.await("the form of plugin later", this::factoryPids, p -> p.contains("io.varpd.overlay.later"));

        reg.unregister();

        FelixHarness.await(
                "the form of plugin later to go",
                this::factoryPids,
                p -> !p.contains("io.varpd.overlay.later") && p.contains(DIRECT_FACTORY));
    }
}
