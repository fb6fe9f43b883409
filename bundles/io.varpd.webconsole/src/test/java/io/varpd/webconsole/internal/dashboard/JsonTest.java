// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void stringsAreEscapedForJsonAndForHtml() {
        assertEquals(
                "{\"a\":\"q\\\" b\\\\ \\n \\u003c/script\\u003e \\u0026 \\u2028\"}",
                new Json(8)
                        .beginObject()
                        .key("a")
                        .value("q\" b\\ \n </script> & \u2028")
                        .endObject()
                        .toString());
    }

    @Test
    void numbersHaveAtMostTwoDecimals() {
        assertEquals("0", Json.number(0));
        assertEquals("12", Json.number(12.001));
        assertEquals("0.5", Json.number(0.5));
        assertEquals("0.05", Json.number(0.049));
        assertEquals("3.14", Json.number(Math.PI));
        assertEquals("-1.5", Json.number(-1.5));
        assertEquals("0", Json.number(Double.NaN));
    }

    @Test
    void arraysAndObjectsNestWithCommas() {
        assertEquals(
                "[1,[true,null],{\"k\":2}]",
                new Json(8)
                        .beginArray()
                        .value(1)
                        .beginArray()
                        .value(true)
                        .value((String) null)
                        .endArray()
                        .beginObject()
                        .key("k")
                        .value(2)
                        .endObject()
                        .endArray()
                        .toString());
    }
}
