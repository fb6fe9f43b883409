// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import io.varpd.api.DestinationType;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.plugin.svp.internal.remote.HostResolver;
import io.varpd.plugin.svp.internal.remote.Remote;
import io.varpd.plugin.svp.internal.remote.RemoteKey;
import io.varpd.plugin.svp.internal.remote.RemoteRegistry;
import io.varpd.plugin.svp.internal.remote.SvpTiming;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Shared helpers of the svp tests: fast timings, addresses, deadline polling. */
final class SvpTestKit {
    static final Set<DestinationType> VXLAN = EnumSet.of(DestinationType.IP, DestinationType.PORT);
    static final InetAddress UNDERLAY = ip("10.88.88.1");

    private SvpTestKit() {}

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    /**
     * Milliseconds instead of seconds, and no shootdown rounds (an hour apart), so lookups and faults are not mixed
     * with log traffic.
     */
    static SvpTiming fast() {
        return fast(
                List.of(ms(5), ms(10), ms(20), ms(40), ms(80), ms(160)),
                Duration.ofHours(1),
                Duration.ofHours(1),
                ms(10));
    }

    /** {@link #fast()} with one connect attempt every {@code backoff}: a connection that failed waits that long. */
    static SvpTiming fastWithConnectBackoff(Duration backoff) {
        SvpTiming f = fast();
        return fast(List.of(backoff), f.logIdleMin(), f.logIdleMax(), f.logContinue());
    }

    /** {@link #fast()} with shootdown rounds every 20-40 ms, 10 ms apart while there is work. */
    static SvpTiming fastWithShootdowns() {
        return fast(fast().connectBackoff(), ms(20), ms(40), ms(10));
    }

    /** The fast timings, with the values the variants above change given: the one place all twelve are listed. */
    private static SvpTiming fast(
            List<Duration> connectBackoff, Duration logIdleMin, Duration logIdleMax, Duration logContinue) {
        return new SvpTiming(
                ms(1),
                connectBackoff,
                ms(2000),
                ms(1000),
                ms(50),
                ms(200),
                ms(10),
                ms(80),
                3,
                logIdleMin,
                logIdleMax,
                logContinue);
    }

    static RemoteRegistry registry(SvpTiming timing) {
        return RemoteRegistry.start(timing, HostResolver.SYSTEM, 1);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static MacAddress mac(String text) {
        try {
            return MacAddress.parse(text);
        } catch (VarpdException e) {
            throw new AssertionError(e);
        }
    }

    /** Polls {@code condition} until true (10 s at most, then fails naming {@code what}). */
    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static List<Remote.ConnectionStatus> connections(RemoteRegistry registry, RemoteKey key) {
        Remote r = registry.remote(key).orElseThrow(() -> new AssertionError("no remote for " + key));
        try {
            return r.connections().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    static long active(RemoteRegistry registry, RemoteKey key) {
        return registry.remote(key).isEmpty()
                ? 0
                : connections(registry, key).stream()
                        .filter(c -> c.state().equals("ACTIVE"))
                        .count();
    }

    /** Waits until {@code n} connections of the remote for {@code key} are ACTIVE. */
    static void awaitActive(RemoteRegistry registry, RemoteKey key, int n) {
        awaitTrue(() -> active(registry, key) >= n, n + " ACTIVE connection(s) to " + key);
    }

    static RemoteKey key(FakeSvpServer server) {
        return new RemoteKey(server.address().getHostAddress(), server.port(), UNDERLAY);
    }
}
