// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The {@code varpd:} Gogo commands, dladm's overlay commands for an OSGi shell.
 *
 * <p>Theory: the shell is a thin operator surface. It parses arguments exactly as dladm does
 * ({@link io.varpd.shell.internal.Getopt}), turns them into calls on core's {@link io.varpd.api.admin.VarpdAdmin}
 * service and prints what comes back in dladm's table layout ({@link io.varpd.shell.internal.TableFormatter}, a
 * re-implementation of illumos libofmt). It holds no state and knows nothing of core's internals: a create here is a
 * factory configuration in Configuration Admin like any other, so the web console, files and this shell always agree.
 *
 * <p>A command that fails ends by throwing {@link io.varpd.shell.internal.CommandFailedException}, whose message is the
 * one line dladm's {@code die_dlerr} prints: the command, what failed, core's errno and reason. The shell prints that
 * message (no stack trace: the exception has none) and the command session fails, so a script or Karaf's
 * {@code bin/client -b} sees the failure as dladm's exit status 1. Usage mistakes fail before anything is done. Where
 * dladm cannot express something (IPv6 targets with a port, DROP entries in {@code -t}), the fixes of spec section 14
 * apply; where this system has no equivalent ({@code -t}, "temporary"), the option is accepted and a note says it has
 * no effect.
 */
package io.varpd.shell.internal;
