// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValidationTest {
    @Test
    void validCarriesItsValueAndNoReason() {
        Validation<String> v = Validation.valid("x");
        assertTrue(v.isValid());
        assertEquals("x", v.value());
        assertThrows(IllegalStateException.class, v::reason);
    }

    @Test
    void rejectedCarriesItsReasonAndNoValue() {
        Validation<String> v = Validation.rejected("not an ARP request: opcode 2");
        assertFalse(v.isValid());
        assertEquals("not an ARP request: opcode 2", v.reason());
        IllegalStateException e = assertThrows(IllegalStateException.class, v::value);
        assertTrue(e.getMessage().contains("opcode 2"));
    }
}
