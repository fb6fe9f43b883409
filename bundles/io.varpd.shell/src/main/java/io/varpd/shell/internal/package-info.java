/**
 * The {@code varpd:} Gogo commands, dladm's overlay commands for an OSGi shell.
 *
 * <p>Theory: the shell is a thin operator surface. It parses arguments exactly as dladm does
 * ({@link io.varpd.shell.internal.Getopt}), turns them into calls on core's
 * {@link io.varpd.api.admin.VarpdAdmin} service and prints what comes back in dladm's table layout
 * ({@link io.varpd.shell.internal.TableFormatter}, a re-implementation of illumos libofmt). It holds no
 * state and knows nothing of core's internals: a create here is a factory configuration in
 * Configuration Admin like any other, so the web console, files and this shell always agree.
 *
 * <p>Errors never escape as exceptions (Gogo would print a stack trace): usage mistakes are
 * reported before anything is done, and a refused operation prints one line naming the command,
 * what failed and core's errno and reason, as dladm's {@code die_dlerr} does. Where dladm cannot
 * express something (IPv6 targets with a port, DROP entries in {@code -t}), the fixes of spec
 * section 14 apply; where this system has no equivalent ({@code -t}, "temporary"), the option is
 * accepted and a note says it has no effect.
 */
package io.varpd.shell.internal;
