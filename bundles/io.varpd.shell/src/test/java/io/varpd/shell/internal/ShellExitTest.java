// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShellExitTest {
    @Test
    void itIsWhatGogosConsoleTakesForAClosedSessionAndPrintsAsExit() {
        ShellExit exit = new ShellExit();
        // org.apache.felix.gogo.shell.Console: (e instanceof IllegalStateException) && "session is closed".equals(msg)
        assertTrue(exit instanceof IllegalStateException);
        assertEquals("session is closed", exit.getMessage());
        // ... then it prints "gosh: " + e.
        assertEquals("gosh: exit", "gosh: " + exit);
        assertEquals(0, exit.getStackTrace().length);
    }
}
