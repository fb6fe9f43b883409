// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import io.varpd.plugin.svp.internal.protocol.ClientRequest;
import io.varpd.plugin.svp.internal.protocol.SvpReply;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on its way through a remote: its id, its progress on a connection, and the callback that receives either
 * the ack or, when the request could not be answered (no ACTIVE connection, a reset, a timeout, the remote closing: the
 * original's local SVP_S_FATAL), a {@link Failure} saying why. The callback runs exactly once, on the event loop.
 */
final class Query {
    private static final Logger LOG = LoggerFactory.getLogger(Query.class);

    /** The original's query states: queued, being written, awaiting its ack, done. */
    enum State {
        INIT,
        WRITING,
        READING,
        FINISHED
    }

    final ClientRequest request;
    final int id;
    private final BiConsumer<SvpReply, Failure> callback;
    /** Why the connection it was on went away, when it was handed back to the remote; else null. */
    Failure requeuedAfter;

    State state = State.INIT;
    /** System.nanoTime() when the query started writing (its last activity until acked). */
    long startedAt;
    /** The connection's cumulative write offset at which this query's last byte is written. */
    long endOffset;

    Query(ClientRequest request, int id, BiConsumer<SvpReply, Failure> callback) {
        this.request = request;
        this.id = id;
        this.callback = callback;
    }

    /** Delivers the ack. */
    void complete(SvpReply reply) {
        finish(reply, null);
    }

    /** Delivers "no answer", and why. */
    void fail(Failure why) {
        finish(null, why);
    }

    /** Back to INIT, to be sent again on another connection; {@code why} the last one went away. */
    void requeue(Failure why) {
        if (state != State.FINISHED) {
            state = State.INIT;
            requeuedAfter = why;
        }
    }

    boolean finished() {
        return state == State.FINISHED;
    }

    private void finish(SvpReply reply, Failure why) {
        if (state == State.FINISHED) {
            return;
        }
        state = State.FINISHED;
        try {
            callback.accept(reply, why);
        } catch (RuntimeException e) {
            LOG.error(
                    "svp: the callback of {} id {} failed: {}",
                    request.op(),
                    Integer.toUnsignedString(id),
                    e.toString(),
                    e);
        }
    }

    @Override
    public String toString() {
        return request.op() + " id " + Integer.toUnsignedString(id) + " (" + state + ")";
    }
}
