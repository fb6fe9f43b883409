// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.metatype;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import io.varpd.core.internal.property.CommonProperties;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

class OverlayMetaTypeTest {
    private static final PropertyDescription NETNS = PropertyDescription.builder("linux/netns", PropertyType.STRING)
            .description("Network namespace.")
            .build();
    private static final PropertyDescription MTU = PropertyDescription.builder("linux/mtu", PropertyType.UINT)
            .range(68, 65535)
            .description("MTU.")
            .build();
    private static final PropertyDescription DEST = PropertyDescription.builder("direct/dest_ip", PropertyType.IP)
            .required()
            .description("Destination.")
            .build();

    private static OverlayMetaType form(Map<String, List<PropertyDescription>> devices) {
        List<PropertyDescription> props = new java.util.ArrayList<>(CommonProperties.CONFIGURABLE);
        props.add(DEST);
        return new OverlayMetaType("io.varpd.overlay.direct", "direct", props, devices);
    }

    private static Optional<AttributeDefinition> field(ObjectClassDefinition ocd, String id) {
        return Arrays.stream(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL))
                .filter(a -> a.getID().equals(id))
                .findFirst();
    }

    @Test
    void deviceIsAChoiceOfTheRegisteredKindsWithTheDefaultFirst() {
        AttributeDefinition device = field(
                        form(Map.of("memory", List.of(), "linux", List.of(NETNS), "tap", List.of())), "device")
                .orElseThrow();

        assertArrayEquals(new String[] {"memory", "linux", "tap"}, device.getOptionValues());
        assertEquals("linux: kernel VXLAN device (io.varpd.overlay.linux)", device.getOptionLabels()[1]);
        assertEquals("tap", device.getOptionLabels()[2]);
    }

    @Test
    void aShippedDeviceKindStaysOfferedWhileItsProviderIsAbsentAndSaysSo() {
        AttributeDefinition device =
                field(form(Map.of("memory", List.of())), "device").orElseThrow();

        assertArrayEquals(new String[] {"memory", "linux"}, device.getOptionValues());
        assertTrue(
                device.getOptionLabels()[1].endsWith("(not installed: the overlay would wait)"),
                device.getOptionLabels()[1]);
    }

    @Test
    void theDeviceSettingsOfEveryProviderAreFieldsOfTheForm() {
        ObjectClassDefinition ocd = form(Map.of("memory", List.of(), "linux", List.of(NETNS, MTU)));

        AttributeDefinition netns = field(ocd, "linux/netns").orElseThrow();
        assertTrue(netns.getDescription().contains("Only for device linux."), netns.getDescription());
        assertTrue(Arrays.asList(ocd.getAttributeDefinitions(ObjectClassDefinition.OPTIONAL))
                .contains(netns));
        assertEquals("", field(ocd, "linux/mtu").orElseThrow().validate("1500"));
        assertTrue(field(ocd, "linux/mtu").orElseThrow().validate("20").contains("out of range"));
    }

    @Test
    void numbersAreIntegers() {
        ObjectClassDefinition ocd = form(Map.of("linux", List.of(MTU)));

        for (String id : List.of("vnetid", "vxlan/listen_port", "linux/mtu")) {
            assertEquals(
                    AttributeDefinition.INTEGER, field(ocd, id).orElseThrow().getType(), id);
        }
        assertEquals(
                AttributeDefinition.STRING,
                field(ocd, "direct/dest_ip").orElseThrow().getType());
    }

    @Test
    void theLinkSaysItCannotBeChangedOnceTheOverlayExists() {
        AttributeDefinition link = field(form(Map.of()), "link").orElseThrow();
        assertTrue(
                link.getDescription().contains("It cannot be changed once the overlay exists"), link.getDescription());
    }

    @Test
    void theFormExplainsTheTriangleAndPointsToTheStatusPage() {
        String d = form(Map.of()).getDescription();
        assertNotNull(d);
        assertTrue(d.contains("A black triangle beside a field is not a warning"), d);
        assertTrue(d.contains("current status, counters and target table are on the page Network > varpd overlays"), d);
    }
}
