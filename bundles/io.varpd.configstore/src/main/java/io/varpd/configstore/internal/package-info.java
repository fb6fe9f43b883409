// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * A crash-safe persistence manager for Apache Felix Configuration Admin.
 *
 * <p>Theory. Configuration Admin keeps every configuration through one {@link org.apache.felix.cm.PersistenceManager}.
 * Felix's own, {@code FilePersistenceManager} (configadmin 1.9.26), writes a configuration in three steps: the new
 * content into a temporary file, then {@code delete()} of the old file, then {@code renameTo()} of the temporary file,
 * with no fsync anywhere. A process killed between the second and the third step has neither file under the
 * configuration's name, so the configuration is gone at the next start; a machine that loses power can lose even a
 * completed rename, or find a file with no data in it. varpd keeps its overlay instances as factory configurations, so
 * that window loses instances.
 *
 * <p>This bundle writes the same files, in the same folder, in the same format, in a way that has no such window:
 *
 * <ol>
 *   <li>the new content is serialised in memory first (a value the format cannot hold fails before anything on disk is
 *       touched);
 *   <li>it goes into a new temporary file in the target's own folder (so the final step is a rename within one file
 *       system), which is flushed and fsynced ({@code FileChannel.force(true)}): its data is on disk before its name
 *       matters;
 *   <li>the temporary file is moved onto the configuration's file with one {@code rename(2)} ({@code ATOMIC_MOVE}),
 *       which replaces the old file in a single step: at every instant the name refers either to the complete old
 *       content or to the complete new content; the old file is never deleted first;
 *   <li>the folder is fsynced, so the rename itself survives a power loss (and so are the parents of folders the write
 *       had to create).
 * </ol>
 *
 * A delete is one {@code unlink(2)} followed by an fsync of the folder. A crash can leave only a temporary file behind.
 * Temporary files end in {@code .tmp}, which both this manager and Felix's skip when they list configurations, and this
 * manager removes its own ones when it starts (it never deletes a temporary file Felix left: after a crash in Felix's
 * window that file is the only copy of a configuration, so it is reported and kept for the operator).
 *
 * <p>Compatibility. The file of a PID is the one Felix uses (dots become folders, characters outside {@code [A-Za-z0-9
 * _-]} become {@code %xxxx}, suffix {@code .config}, see {@link io.varpd.configstore.internal.ConfigFileNames}), and
 * the content is written and read by Felix's own {@code org.apache.felix.cm.file.ConfigurationHandler}, which the
 * Configuration Admin bundle exports. So a state folder written by Felix is read here and the other way round, and an
 * operator switches between the two by setting or removing the framework property {@code felix.cm.pm}.
 *
 * <p>Why not a subclass of {@code FilePersistenceManager} overriding {@code store()} and {@code delete()}: the
 * PID-to-file mapping ({@code getFile}, {@code encodePid}) and the reader ({@code _load}) are package-private, so a
 * subclass in this bundle would have to re-implement the mapping for its writes while the inherited reads used Felix's
 * copy: two implementations of the same mapping in one object, where any difference means a store that a load does not
 * see. Here one mapping serves all five operations, and a unit test checks it against Felix's by having each manager
 * read what the other wrote.
 *
 * <p>How Configuration Admin picks it (read from the configadmin 1.9.26 bytecode, {@code Activator},
 * {@code DependencyTracker}, {@code PersistenceManagerTracker}): when the framework property {@code felix.cm.pm} is set
 * to something other than empty or {@code file}, Configuration Admin does not use its built-in manager; it tracks
 * {@code (&(objectClass=org.apache.felix.cm.PersistenceManager)(name=<felix.cm.pm>))} and registers the
 * {@code ConfigurationAdmin} service only once such a service is there (and withdraws it while none is). So it waits
 * for this bundle whatever the start order, and nobody sees configurations before they can be stored durably.
 */
package io.varpd.configstore.internal;
