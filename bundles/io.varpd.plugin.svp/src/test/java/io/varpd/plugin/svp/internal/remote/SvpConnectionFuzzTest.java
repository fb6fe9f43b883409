// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.varpd.plugin.svp.internal.protocol.ClientRequest;
import io.varpd.plugin.svp.internal.protocol.LogRequest;
import io.varpd.plugin.svp.internal.protocol.SvpGoldenVectors;
import io.varpd.plugin.svp.internal.protocol.SvpGoldenVectors.GoldenReply;
import io.varpd.plugin.svp.internal.protocol.SvpHeader;
import io.varpd.plugin.svp.internal.protocol.SvpMutator;
import io.varpd.plugin.svp.internal.protocol.SvpMutator.Mutant;
import io.varpd.plugin.svp.internal.protocol.SvpOp;
import io.varpd.plugin.svp.internal.protocol.SvpProtocolException;
import io.varpd.plugin.svp.internal.protocol.SvpReply;
import io.varpd.plugin.svp.internal.remote.ScriptedSvpServer.Answer;
import io.varpd.plugin.svp.internal.remote.ScriptedSvpServer.Request;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that answers with mutated golden replies cannot break the client's connection: each mutated answer ends its
 * query exactly once (with the ack a {@link FrameReader} makes of those bytes, or with "could not be carried" when they
 * are refused or cut short), and the connection comes back and answers the next query correctly.
 *
 * <p>The server ends the connection after each mutated answer, so a refused or incomplete answer ends promptly; the
 * query timeout is an hour, so no timer can rescue a stalled connection and a stall shows up as a query that never
 * ends.
 */
class SvpConnectionFuzzTest {
    private static final long SEED = 0x434F_4E4E_5F46_5A5AL;
    private static final int MUTANTS_PER_VECTOR = 25;
    private static final List<GoldenReply> GOLDEN = SvpGoldenVectors.replies();
    private static final GoldenReply VL2_OK = GOLDEN.stream()
            .filter(g -> g.name().equals("VL2_ACK id=2 OK"))
            .findFirst()
            .orElseThrow();

    private final EventLoop loop = EventLoop.start("svp-fuzz-loop");
    /** The script for the next request, taken once; without one the server answers well. */
    private final AtomicReference<Function<Request, Answer>> hostile = new AtomicReference<>();

    private ScriptedSvpServer server;
    private Remote remote;

    private static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    /** Fast connects and backoff; query timeout, DNS refresh and shootdowns an hour away. */
    private static SvpTiming timing() {
        Duration hour = Duration.ofHours(1);
        return new SvpTiming(
                ms(1),
                List.of(ms(5), ms(10), ms(20), ms(40), ms(80), ms(160)),
                Duration.ofSeconds(5),
                hour,
                hour,
                hour,
                ms(10),
                ms(80),
                3,
                hour,
                hour,
                ms(10));
    }

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedSvpServer(this::answer);
        RemoteKey key = new RemoteKey("svp.fuzz.test", server.port(), InetAddress.getByName("10.88.88.1"));
        remote = new Remote(
                key, loop, timing(), host -> List.of(InetAddress.getLoopbackAddress()), Runnable::run, new IdSpace());
        remote.open();
        server.awaitAccepted(1);
        awaitActive();
    }

    @AfterEach
    void stop() throws Exception {
        remote.close();
        loop.close();
        server.close();
    }

    private Answer answer(Request r) {
        Function<Request, Answer> script = hostile.getAndSet(null);
        if (script != null) {
            return script.apply(r);
        }
        if (r.header().op() != SvpOp.VL2_REQ.code()) {
            throw new AssertionError("the well-behaved server only answers VL2_REQ, not " + r.header());
        }
        return new Answer(SvpMutator.withId(VL2_OK.wire(), r.header().id()), false);
    }

    /** Polls the remote (each poll a round trip through its loop) until a connection is ACTIVE. */
    private void awaitActive() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (remote.connections().get(10, TimeUnit.SECONDS).stream()
                .noneMatch(c -> c.state().equals("ACTIVE"))) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no connection became ACTIVE again: "
                        + remote.connections().get());
            }
            Thread.onSpinWait();
        }
    }

    /** Submits {@code request} and waits for its end; {@code calls} counts the callback's runs. */
    private SvpReply ask(ClientRequest request, AtomicInteger calls, Supplier<String> context) throws Exception {
        CompletableFuture<SvpReply> done = new CompletableFuture<>();
        remote.submit(request, (reply, why) -> {
            calls.incrementAndGet();
            done.complete(reply);
        });
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the query never ended (a stalled connection): " + context.get());
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /** What a connection's reader makes of {@code bytes} for the query {@code id}: its ack, or null. */
    private static SvpReply expectedEnd(ClientRequest request, int id, byte[] bytes) {
        Query q = new Query(request, id, (r, why) -> {});
        q.state = Query.State.READING;
        List<SvpReply> acks = new ArrayList<>();
        try {
            new FrameReader(Connection.READ_BUFFER_SIZE)
                    .read(
                            ByteBuffer.wrap(bytes),
                            i -> i == id && acks.isEmpty() ? q : null,
                            (x, reply) -> acks.add(reply));
        } catch (SvpProtocolException e) {
            // the connection resets; an ack delivered before stays delivered
        }
        return acks.isEmpty() ? null : acks.get(0);
    }

    @Test
    void everyMutatedAnswerEndsItsQueryOnceAndTheNextQueryIsAnswered() throws Exception {
        SplittableRandom seeds = new SplittableRandom(SEED);
        List<byte[]> partners = GOLDEN.stream().map(GoldenReply::wire).toList();
        List<AtomicInteger> callbacks = new ArrayList<>();
        for (GoldenReply golden : GOLDEN) {
            for (int i = 0; i < MUTANTS_PER_VECTOR; i++) {
                long seed = seeds.nextLong();
                AtomicReference<Mutant> sent = new AtomicReference<>();
                AtomicInteger id = new AtomicInteger();
                hostile.set(r -> {
                    byte[] answer = SvpMutator.withId(golden.wire(), r.header().id());
                    Mutant m = new SvpMutator(new SplittableRandom(seed), partners).mutate(answer);
                    id.set(r.header().id());
                    sent.set(m);
                    return new Answer(m.bytes(), true);
                });
                int iteration = i;
                Supplier<String> context = () -> String.format(
                        "seed %016x (iteration %d of %s): %s",
                        seed,
                        iteration,
                        golden,
                        sent.get() == null ? "(nothing sent yet)" : sent.get().describe());
                AtomicInteger calls = new AtomicInteger();
                callbacks.add(calls);
                SvpReply got = ask(golden.request(), calls, context);
                assertEquals(expectedEnd(golden.request(), id.get(), sent.get().bytes()), got, context);

                server.awaitAccepted(1);
                awaitActive();
                SvpReply next = ask(VL2_OK.request(), new AtomicInteger(), () -> "the query after " + context.get());
                assertEquals(VL2_OK.reply(), next, () -> "the query after " + context.get());
                assertEquals(1, calls.get(), context);
            }
        }
        for (AtomicInteger calls : callbacks) {
            assertEquals(1, calls.get(), "a query's callback ran more than once");
        }
    }

    @Test
    void aLogAckTooBigForTheReadBufferResetsTheConnectionInsteadOfStallingIt() throws Exception {
        int body = 100_000; // what a LOG_REQ count of 1 MiB invites, beyond a connection's read buffer
        hostile.set(r -> {
            ByteBuffer b = ByteBuffer.allocate(SvpHeader.SIZE + body);
            b.putShort((short) 1)
                    .putShort((short) SvpOp.LOG_ACK.code())
                    .putInt(body)
                    .putInt(Integer.reverseBytes(r.header().id()))
                    .putInt(0);
            return new Answer(SvpMutator.withCrcFixed(b.array()), false);
        });
        AtomicInteger calls = new AtomicInteger();
        assertNull(ask(
                new LogRequest(1 << 20, InetAddress.getByName("10.88.88.1")),
                calls,
                () -> "a " + body + "-byte LOG_ACK answering a LOG_REQ for up to 1 MiB"));
        server.awaitClosedByClient(1);
        server.awaitAccepted(1);
        awaitActive();
        assertEquals(VL2_OK.reply(), ask(VL2_OK.request(), new AtomicInteger(), () -> "the query after the reset"));
        assertEquals(1, calls.get());
    }
}
