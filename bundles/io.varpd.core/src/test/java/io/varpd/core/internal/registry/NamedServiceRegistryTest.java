// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamedServiceRegistryTest {
    private final NamedServiceRegistry<String> registry = new NamedServiceRegistry<>("plugin");

    @Test
    void firstServiceOfANameWinsAndTheDuplicateIsRefusedWithAReason() {
        var first = new NamedServiceRegistry.Entry<>("files", 10, "a", "bundle.a 1.0");
        var dup = new NamedServiceRegistry.Entry<>("files", 11, "b", "bundle.b 1.0");

        assertTrue(registry.add(first).winnerChanged());
        assertFalse(registry.add(dup).winnerChanged());

        assertEquals("a", registry.winner("files").orElseThrow().service());
        assertTrue(registry.refusal(first).isEmpty());
        String why = registry.refusal(dup).orElseThrow();
        assertTrue(why.contains("duplicate plugin name 'files'") && why.contains("bundle.a"), why);
    }

    @Test
    void oldestDuplicateTakesOverWhenTheWinnerLeaves() {
        registry.add(new NamedServiceRegistry.Entry<>("files", 10, "a", "a"));
        registry.add(new NamedServiceRegistry.Entry<>("files", 12, "c", "c"));
        registry.add(new NamedServiceRegistry.Entry<>("files", 11, "b", "b"));

        var change = registry.remove(10).orElseThrow();

        assertTrue(change.winnerChanged());
        assertEquals("b", change.after().orElseThrow().service());
    }

    @Test
    void removingTheLastServiceOfANameLeavesNoWinner() {
        registry.add(new NamedServiceRegistry.Entry<>("direct", 3, "d", "d"));

        var change = registry.remove(3).orElseThrow();

        assertTrue(change.after().isEmpty());
        assertTrue(registry.names().isEmpty());
        assertTrue(registry.remove(3).isEmpty(), "unknown service ids are ignored");
    }
}
