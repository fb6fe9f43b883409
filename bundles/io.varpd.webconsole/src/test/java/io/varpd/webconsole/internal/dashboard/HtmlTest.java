// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.webconsole.internal.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void markupCharactersBecomeEntities() {
        assertEquals(
                "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
                Html.escape("<a href=\"x\" title='y'>&</a>"));
    }

    @Test
    void consoleFilterCharactersBecomeEntities() {
        assertEquals("&#36;{brand.name} &#92;n", Html.escape("${brand.name} \\n"));
    }

    @Test
    void controlCharactersAreDroppedButTabAndNewlineKept() {
        assertEquals("a\tb\nc", Html.escape("a\u0000\tb\n\u001b\u007fc"));
    }

    @Test
    void nullIsEmptyAndOtherValuesUseTheirText() {
        assertEquals("", Html.escape(null));
        assertEquals("4096", Html.escape(4096L));
        assertEquals("plain text stays", Html.escape("plain text stays"));
    }

    @Test
    void urlSegmentsKeepOnlyUnreservedCharacters() {
        assertEquals("io.varpd.overlay.direct~vx_0-1", Html.urlSegment("io.varpd.overlay.direct~vx_0-1"));
        assertEquals("a%2Fb%3Fc%23d%20e%22%3C%25", Html.urlSegment("a/b?c#d e\"<%"));
        assertEquals("%C3%BC", Html.urlSegment("ü"));
    }
}
