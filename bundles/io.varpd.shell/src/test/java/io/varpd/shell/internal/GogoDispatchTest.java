package io.varpd.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.api.PluginMode;
import io.varpd.api.admin.InstanceState;
import io.varpd.api.admin.PluginInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.felix.gogo.runtime.Reflective;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;

/**
 * Checks that Gogo's own method dispatch (the code behind {@code varpd:show -f}) reaches the
 * varargs commands with the arguments as typed, including none at all.
 */
class GogoDispatchTest {
    private final FakeVarpdAdmin admin = new FakeVarpdAdmin();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final VarpdCommands commands = new VarpdCommands(admin, () -> out, () -> out);

    /** A session that answers nothing: dispatching string arguments to String... needs none of it. */
    private static final CommandSession SESSION = (CommandSession) Proxy.newProxyInstance(
            GogoDispatchTest.class.getClassLoader(), new Class<?>[] {CommandSession.class},
            (proxy, method, args) -> null);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void gogoPassesEachTypedArgumentToTheCommand() throws Exception {
        admin.instances.put("vxlan0", FakeVarpdAdmin.info("vxlan0", "direct", InstanceState.ACTIVE, false, ""));
        Reflective.invoke(SESSION, commands, "show", List.of("-f", "-p", "-o", "link,status"));
        assertEquals("vxlan0:ONLINE\n", text());
    }

    @Test
    void gogoCallsACommandWithoutArguments() throws Exception {
        admin.plugins.add(new PluginInfo("direct", PluginMode.POINT, "io.varpd.plugin.direct 1.0.0", true, ""));
        Reflective.invoke(SESSION, commands, "plugins", List.of());
        assertTrue(text().startsWith("NAME "), text());
    }

    @Test
    void gogoReachesCreateWithOptionsAndLink() throws Exception {
        Reflective.invoke(SESSION, commands, "create",
                List.of("-e", "vxlan", "-s", "direct", "-v", "42", "-p", "direct/dest_port=4789", "vxlan0"));
        assertEquals("", text());
        assertEquals("vxlan0", admin.created.get(0).link());
        assertEquals(42, admin.created.get(0).vnetid());
    }
}
