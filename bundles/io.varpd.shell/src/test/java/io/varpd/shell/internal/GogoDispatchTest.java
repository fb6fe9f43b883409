// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.PluginMode;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.admin.ScriptedVarpdAdmin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.Reflective;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;

/**
 * Checks that Gogo's own method dispatch (the code behind {@code varpd:show -f}) reaches the varargs commands with the
 * arguments as typed, including none at all, and that Gogo's parser hands over the words a lookup takes (MACs, IPv6
 * addresses) unchanged; and that a failing command fails the Gogo session with its one line (what Karaf's client and
 * ssh turn into exit status 1).
 */
class GogoDispatchTest {
    private final ScriptedVarpdAdmin admin = new ScriptedVarpdAdmin();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final VarpdCommands commands = new VarpdCommands(admin, () -> out, () -> out);

    /** A session that answers nothing: dispatching string arguments to String... needs none of it. */
    private static final CommandSession SESSION = (CommandSession) Proxy.newProxyInstance(
            GogoDispatchTest.class.getClassLoader(),
            new Class<?>[] {CommandSession.class},
            (proxy, method, args) -> null);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void gogoPassesEachTypedArgumentToTheCommand() throws Exception {
        admin.put(ScriptedVarpdAdmin.info("vxlan0", "direct", InstanceState.ACTIVE, false, ""));
        Reflective.invoke(SESSION, commands, "show", List.of("-f", "-p", "-o", "link,status"));
        assertEquals("vxlan0:ONLINE\n", text());
    }

    @Test
    void gogoCallsACommandWithoutArguments() throws Exception {
        admin.plugin(new PluginInfo("direct", PluginMode.POINT, "io.varpd.plugin.direct 1.0.0", true, ""));
        Reflective.invoke(SESSION, commands, "plugins", List.of());
        assertTrue(text().startsWith("NAME "), text());
    }

    @Test
    void gogoReachesLookupWithAnIpv6Address() throws Exception {
        admin.put(ScriptedVarpdAdmin.info("vxlan0", "files", InstanceState.ACTIVE, false, ""));
        Reflective.invoke(
                SESSION, commands, "lookup", List.of("-p", "-o", "query,destination", "vxlan0", "2001:db8::5"));
        assertEquals("2001\\:db8\\:\\:5:drop\n", text());
        assertEquals(List.of("resolve vxlan0 2001:db8:0:0:0:0:0:5"), admin.actions());
    }

    @Test
    void gogosParserLeavesMacAndIpv6WordsWhole() throws Exception {
        // The whole shell path, parser included: '::' and ':' inside a word are not Gogo syntax.
        admin.put(ScriptedVarpdAdmin.info("vxlan0", "files", InstanceState.ACTIVE, false, ""));
        ThreadIOImpl threadIo = new ThreadIOImpl();
        threadIo.start();
        try {
            CommandProcessorImpl processor = new CommandProcessorImpl(threadIo);
            processor.addCommand("varpd", commands, "lookup");
            ByteArrayOutputStream sessionBytes = new ByteArrayOutputStream();
            PrintStream session = new PrintStream(sessionBytes, true, StandardCharsets.UTF_8);
            CommandSession s = processor.createSession(new ByteArrayInputStream(new byte[0]), session, session);
            s.execute("varpd:lookup -p -o query vxlan0 2001:db8::5");
            s.execute("varpd:lookup -p -o query vxlan0 ::ffff:10.0.0.5");
            s.execute("varpd:lookup -p -o query vxlan0 DE-AD-BE-EF-00-01");
            s.execute("varpd:lookup -p -o query vxlan0 dead.beef.0002");
        } finally {
            threadIo.stop();
        }
        // One parsable field is printed as it is, colons unescaped.
        assertEquals("2001:db8::5\n10.0.0.5\nde:ad:be:ef:00:01\nde:ad:be:ef:00:02\n", text());
        assertEquals(
                List.of(
                        "resolve vxlan0 2001:db8:0:0:0:0:0:5",
                        "resolve vxlan0 10.0.0.5",
                        "lookup vxlan0 de:ad:be:ef:00:01",
                        "lookup vxlan0 de:ad:be:ef:00:02"),
                admin.actions());
    }

    @Test
    void gogoReachesCreateWithOptionsAndLink() throws Exception {
        Reflective.invoke(
                SESSION,
                commands,
                "create",
                List.of("-e", "vxlan", "-s", "direct", "-v", "42", "-p", "direct/dest_port=4789", "vxlan0"));
        assertEquals("", text());
        assertEquals("vxlan0", admin.created().get(0).link());
        assertEquals(42, admin.created().get(0).vnetid());
    }

    /** Runs {@code script} in a real Gogo session holding the varpd commands; what it threw, if anything. */
    private Exception runInSession(String script, ByteArrayOutputStream sessionBytes) throws Exception {
        ThreadIOImpl threadIo = new ThreadIOImpl();
        threadIo.start();
        try {
            CommandProcessorImpl processor = new CommandProcessorImpl(threadIo);
            processor.addCommand("varpd", commands, "show");
            processor.addCommand("varpd", commands, "create");
            processor.addCommand("varpd", commands, "lookup");
            PrintStream session = new PrintStream(sessionBytes, true, StandardCharsets.UTF_8);
            CommandSession s = processor.createSession(new ByteArrayInputStream(new byte[0]), session, session);
            try {
                s.execute(script);
                return null;
            } catch (Exception e) {
                return e;
            }
        } finally {
            threadIo.stop();
        }
    }

    @Test
    void aFailingCommandFailsTheGogoSessionWithItsDladmLine() throws Exception {
        ByteArrayOutputStream sessionBytes = new ByteArrayOutputStream();
        Exception thrown = runInSession("varpd:show nosuch0", sessionBytes);
        assertTrue(thrown instanceof CommandFailedException, String.valueOf(thrown));
        assertEquals(
                "show-overlay: failed to find nosuch0: ENOENT: nosuch0: no overlay of that name", thrown.getMessage());
        assertEquals(0, thrown.getStackTrace().length, "a message for an operator, not a bug to trace");
        assertEquals("", sessionBytes.toString(StandardCharsets.UTF_8), "the line is the failure, not printed too");
        assertEquals("", text());
    }

    @Test
    void aScriptStopsAtTheFirstFailingCommand() throws Exception {
        admin.put(
                ScriptedVarpdAdmin.info("vxlan2", "svp", InstanceState.WAITING, false, "plugin svp is not registered"));
        ByteArrayOutputStream sessionBytes = new ByteArrayOutputStream();
        Exception thrown = runInSession(
                "varpd:create -e vxlan -s direct -v 99999999 vxlan0;" + " varpd:lookup vxlan2 10.0.0.5", sessionBytes);
        assertEquals(
                "create-overlay: virtual network id 99999999 is too large; allowed: 0-16777215", thrown.getMessage());
        assertEquals(List.of(), admin.actions(), "the lookup after the failed create never ran");
        Exception lookup = runInSession("varpd:lookup vxlan2 10.0.0.5", sessionBytes);
        assertEquals(
                "lookup: ENXIO: vxlan2: the overlay is not active (WAITING: plugin svp is not" + " registered)",
                lookup.getMessage());
    }
}
