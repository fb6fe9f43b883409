// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.PropertyDescription;
import io.varpd.api.plugin.PropertyType;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class PropertyValuesTest {
    private static final PropertyDescription PORT = PropertyDescription.builder("x/port", PropertyType.UINT)
            .range(1, 65535)
            .build();
    private static final PropertyDescription IP =
            PropertyDescription.builder("x/ip", PropertyType.IP).build();
    private static final PropertyDescription MODE = PropertyDescription.builder("x/mode", PropertyType.STRING)
            .options("fast", "slow")
            .build();
    private static final PropertyDescription OFFSET =
            PropertyDescription.builder("x/offset", PropertyType.INT).build();

    private static String refusal(PropertyDescription d, Object raw) {
        VarpdException e = assertThrows(VarpdException.class, () -> PropertyValues.parse(d, raw));
        assertEquals(Errno.EINVAL, e.errno());
        return e.getMessage();
    }

    @Test
    void uintAcceptsTextAndNumbersWithinItsRange() throws Exception {
        assertEquals(4789L, PropertyValues.parse(PORT, "4789"));
        assertEquals(4789L, PropertyValues.parse(PORT, " 4789 "));
        assertEquals(4789L, PropertyValues.parse(PORT, 4789L));
        assertEquals(4789L, PropertyValues.parse(PORT, 4789));
    }

    @Test
    void uintRefusalsNameThePropertyTheValueAndTheRange() {
        String m = refusal(PORT, "70000");
        assertTrue(m.contains("x/port") && m.contains("70000") && m.contains("1-65535"), m);
        assertTrue(refusal(PORT, "0").contains("1-65535"));
        assertTrue(refusal(PORT, "-1").contains("negative"), "negative numbers do not wrap as in dladm");
        assertTrue(refusal(PORT, "12abc").contains("not an integer"), "trailing garbage is refused");
        assertTrue(refusal(PORT, 1.5).contains("not an integer"));
        assertTrue(refusal(PORT, new String[] {"1", "2"}).contains("single value"));
    }

    @Test
    void intAcceptsNegativeNumbers() throws Exception {
        assertEquals(-3L, PropertyValues.parse(OFFSET, "-3"));
    }

    @Test
    void emptyValueMeansUnset() throws Exception {
        assertNull(PropertyValues.parse(PORT, ""));
        assertNull(PropertyValues.parse(PORT, null));
        assertNull(PropertyValues.parse(IP, "  "));
    }

    @Test
    void ipAcceptsLiteralsOfBothFamilies() throws Exception {
        assertEquals(InetAddress.getByName("192.0.2.1"), PropertyValues.parse(IP, "192.0.2.1"));
        assertEquals(InetAddress.getByName("2001:db8::1"), PropertyValues.parse(IP, "2001:db8::1"));
        assertEquals(InetAddress.getByName("192.0.2.1"), PropertyValues.parse(IP, "::ffff:192.0.2.1"));
    }

    @Test
    void ipRefusesHostNamesWithoutLookingThemUp() {
        assertTrue(refusal(IP, "localhost").contains("not an IP address"));
        assertTrue(refusal(IP, "example.invalid").contains("IPv4"));
        refusal(IP, "256.1.1.1");
        refusal(IP, "1.2.3");
        refusal(IP, "2001:db8::zz");
    }

    @Test
    void stringOptionsAreEnforced() throws Exception {
        assertEquals("fast", PropertyValues.parse(MODE, "fast"));
        String m = refusal(MODE, "medium");
        assertTrue(m.contains("fast,slow"), m);
    }

    @Test
    void stringsLongerThan255BytesAreRefused() {
        assertTrue(
                refusal(PropertyDescription.builder("x/s", PropertyType.STRING).build(), "é".repeat(128))
                        .contains("255 bytes"));
    }
}
