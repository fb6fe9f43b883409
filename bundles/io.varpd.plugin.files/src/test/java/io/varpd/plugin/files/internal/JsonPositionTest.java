// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Pins the Gson location format JsonPosition reads: if Gson changes it, this fails. */
class JsonPositionTest {
    @Test
    void readsLineAndColumnFromGsonsReader() throws IOException {
        JsonReader json = new JsonReader(new StringReader("{\n  \"a\": {\n    \"port\": 4789\n  }\n}"));
        json.beginObject();
        json.nextName();
        json.beginObject();
        json.nextName();
        json.nextString();
        JsonPosition p = JsonPosition.of(json);
        assertEquals(3, p.line());
        assertEquals(17, p.column(), "just past 4789");
    }

    @Test
    void printsAsLineAndColumnPrefix() {
        assertEquals("line 3, column 17: ", new JsonPosition(3, 17).toString());
    }

    @Test
    void unknownPositionPrintsAsNothing() {
        assertEquals("", JsonPosition.UNKNOWN.toString());
    }
}
