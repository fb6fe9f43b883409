// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The {@code table} lookup plugin: a template for writing a varpd plugin of your own (see the
 * README beside the pom and the project's docs/writing-a-plugin.md).
 *
 * <p>Theory: an overlay's destinations come from a small table in its own configuration,
 * {@code table/entries = 02:00:00:00:00:02=192.0.2.12, ...}, plus one underlay port,
 * {@code table/port}. The table is parsed and checked whole when it is set ({@link TableEntries}),
 * so a bad entry is refused with a sentence naming the property, the entry and what is allowed,
 * and the state keeps its previous table. A state ({@link TableState}) holds one immutable
 * snapshot of its settings, replaced at once on a change, so lookups from any number of threads
 * read it without a lock. Every lookup is answered before {@code lookup} returns, exactly once:
 * a MAC in the table gets its underlay address, anything else (unknown, broadcast, multicast) a
 * drop. {@code save} returns the settings as text and a number; {@code restore} reads them back
 * with the same checks.
 */
package com.example.varpd.table;
