// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.socket;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.regex.Pattern;

/**
 * Runs code inside a named network namespace ({@code /var/run/netns/NAME}, as {@code ip netns} makes them). A namespace
 * is a property of a thread, and sockets keep the namespace they were opened in: so each task runs on a fresh thread
 * that {@code setns()}es, runs the task (open the sockets, write the namespace's sysctls) and ends, and the sockets it
 * opened serve the namespace from any thread afterwards. No pooled thread ever changes namespace.
 */
public final class NetworkNamespace {
    public static final String RUN_DIRECTORY = "/var/run/netns";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");

    /** Work to do inside a namespace. */
    @FunctionalInterface
    public interface Task<T> {
        T run() throws Exception;
    }

    private NetworkNamespace() {}

    /** Whether {@code name} is a namespace name {@code ip netns} accepts (no path, not "." or ".."). */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Runs {@code task} inside {@code name}, or on the calling thread when {@code name} is null (the JVM's own
     * namespace).
     */
    public static <T> T call(String name, Task<T> task) throws Exception {
        if (name == null) {
            return task.run();
        }
        if (!validName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a namespace name");
        }
        String path = RUN_DIRECTORY + "/" + name;
        FutureTask<T> work = new FutureTask<>(() -> {
            LibC c = LibC.c();
            int fd = c.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
            if (fd < 0) {
                throw new KernelException("open(" + path + ")", LibC.errno());
            }
            try {
                if (c.setns(fd, LibC.CLONE_NEWNET) < 0) {
                    throw new KernelException("setns(" + path + ")", LibC.errno());
                }
            } finally {
                c.close(fd);
            }
            return task.run();
        });
        Thread t = new Thread(work, "varpd-netns-" + name);
        t.setDaemon(true);
        t.start();
        try {
            return work.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw new IllegalStateException("task in namespace " + name + " failed", cause);
        }
    }
}
