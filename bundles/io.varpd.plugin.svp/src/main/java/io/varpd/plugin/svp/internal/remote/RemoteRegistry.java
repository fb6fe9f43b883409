// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.ProviderHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The remotes of one svp plugin, shared by its instances and reference-counted (docs/architecture.md#the-svp-client):
 * the first instance attaching with a {@link RemoteKey} creates its remote, the last one detaching closes it. Owns the
 * plugin's threads: {@code loops} event loops (remotes are spread over them) and a small DNS executor. Created by the
 * plugin component and closed with it; nothing here is static.
 */
public final class RemoteRegistry implements AutoCloseable {
    private static final int DNS_THREADS = 2;

    private final SvpTiming timing;
    private final HostResolver resolver;
    private final List<EventLoop> loops;
    private final ExecutorService dns;
    private final IdSpace ids = new IdSpace();
    private final Map<RemoteKey, Remote> remotes = new HashMap<>();
    private int nextLoop;
    private boolean closed;

    private RemoteRegistry(SvpTiming timing, HostResolver resolver, int loops) {
        this.timing = timing;
        this.resolver = resolver;
        List<EventLoop> l = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            l.add(EventLoop.start("svp-io-" + i));
        }
        this.loops = List.copyOf(l);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                DNS_THREADS, DNS_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "svp-dns-" + n.getAndIncrement());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.dns = pool;
    }

    /** Starts the threads: {@code loops} event loops, a DNS executor. */
    public static RemoteRegistry start(SvpTiming timing, HostResolver resolver, int loops) {
        if (loops < 1) {
            throw new IllegalArgumentException("at least one event loop is needed, not " + loops);
        }
        return new RemoteRegistry(timing, resolver, loops);
    }

    /**
     * Attaches an instance with {@code vnetid} to the remote for {@code key}, creating it if needed.
     *
     * @throws VarpdException EEXIST when another instance uses {@code vnetid} on that remote; EAGAIN when the plugin is
     *     stopping
     */
    public synchronized Attachment attach(RemoteKey key, long vnetid, ProviderHandle provider) throws VarpdException {
        if (closed) {
            throw new VarpdException(Errno.EAGAIN, "the svp plugin is stopping; start the instance again later");
        }
        Remote r = remotes.get(key);
        boolean created = r == null;
        if (created) {
            r = new Remote(key, loops.get(nextLoop++ % loops.size()), timing, resolver, dns, ids);
            remotes.put(key, r);
        }
        Attachment a = r.attach(vnetid, provider);
        if (created) {
            r.open();
        }
        return a;
    }

    /** Detaches; the last instance to leave a remote closes it. Idempotent. */
    public synchronized void detach(Attachment a) {
        Remote r = a.remote();
        r.detach(a);
        if (r.unused() && remotes.get(r.key()) == r) {
            remotes.remove(r.key());
            r.close();
        }
    }

    /** The remote for {@code key}, if an instance is attached to it. */
    public synchronized Optional<Remote> remote(RemoteKey key) {
        return Optional.ofNullable(remotes.get(key));
    }

    /** How many remotes are open. */
    public synchronized int size() {
        return remotes.size();
    }

    /** Closes every remote (failing their queries) and stops the threads. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            remotes.values().forEach(Remote::close);
            remotes.clear();
        }
        dns.shutdownNow();
        loops.forEach(EventLoop::close);
    }
}
