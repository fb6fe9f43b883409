// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import io.varpd.api.IpAddresses;
import io.varpd.plugin.svp.internal.protocol.LogAck;
import io.varpd.plugin.svp.internal.protocol.LogRecord;
import io.varpd.plugin.svp.internal.protocol.LogRemove;
import io.varpd.plugin.svp.internal.protocol.LogRemoveAck;
import io.varpd.plugin.svp.internal.protocol.LogRequest;
import io.varpd.plugin.svp.internal.protocol.SvpProtocolException;
import io.varpd.plugin.svp.internal.protocol.SvpReply;
import io.varpd.plugin.svp.internal.protocol.SvpStatus;
import io.varpd.plugin.svp.internal.protocol.Vl2LogRecord;
import io.varpd.plugin.svp.internal.protocol.Vl3Ack;
import io.varpd.plugin.svp.internal.protocol.Vl3LogRecord;
import io.varpd.plugin.svp.internal.protocol.Vl3Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls and applies the server's invalidation log for one remote (docs/architecture.md#the-svp-client). Loop-confined.
 *
 * <p>A one-shot timer drives rounds. Idle, it fires every 5-10 s (uniformly random) and sends LOG_REQ {count 1024, this
 * node's underlay IP}. The LOG_ACK's records are applied: a VL2 record removes the MAC's cached destination from the
 * instance attached with that vnetid; a VL3 record is looked up with a VL3 request and, when found, announced to that
 * instance's guests with a gratuitous ARP (IPv4) or an unsolicited neighbour advertisement (IPv6, which the original
 * skipped). Handled ids are collected (VL2 always; VL3 on OK or NOTFOUND, else the server sends it again) and, 1 s
 * after the batch, acknowledged with LOG_RM; 1 s after that the next LOG_REQ goes out. A failed or refused round (no
 * connection, non-OK status, a malformed batch, no records) waits the idle interval. Fixes over the original: a timer
 * firing while a round runs is logged and skipped (the original aborted), and LOG_ACKs up to count + 4 bytes are taken.
 * A LOG_ACK with FATAL (portolan: it knows no compute node with this underlay IP) degrades every attached instance with
 * a sentence naming {@code svp/underlay_ip}, logged once (the original logged nothing and shootdowns silently never
 * came); the next OK restores them.
 */
final class Shootdown {
    private static final Logger LOG = LoggerFactory.getLogger(Shootdown.class);
    /** The property an operator must fix when the server refuses the log (SvpProperties.UNDERLAY_IP). */
    private static final String UNDERLAY_IP = "svp/underlay_ip";

    private final Remote remote;
    private final EventLoop loop;
    private final SvpTiming timing;
    private final List<UUID> removals = new ArrayList<>();
    private EventLoop.Timer timer;
    private boolean running;
    private boolean removalsPending;
    private boolean stopped;
    private int references;
    /** The last non-OK, non-FATAL LOG_ACK status, so each is logged once in a row. */
    private int lastRefusal = SvpStatus.OK;
    /** What the last LOG_REQ got, and when, for status; null before the first. */
    private String lastResult;

    private java.time.Instant lastResultAt;

    Shootdown(Remote remote, EventLoop loop, SvpTiming timing) {
        this.remote = remote;
        this.loop = loop;
        this.timing = timing;
    }

    void start() {
        schedule(idle());
    }

    void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    private Duration idle() {
        long min = timing.logIdleMin().toNanos();
        long spread = timing.logIdleMax().toNanos() - min;
        return Duration.ofNanos(
                min + (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(spread + 1)));
    }

    private void schedule(Duration delay) {
        if (timer != null) {
            timer.cancel();
        }
        timer = loop.schedule(delay, this::fire);
    }

    private void fire() {
        timer = null;
        if (stopped) {
            return;
        }
        if (running) {
            LOG.warn("svp {}: the shootdown timer fired while a round is still running; skipped", remote.key());
            return;
        }
        running = true;
        if (removalsPending) {
            removalsPending = false;
            List<UUID> ids = List.copyOf(removals);
            removals.clear();
            remote.submit(new LogRemove(ids), (reply, why) -> removed(reply));
        } else {
            remote.submit(
                    new LogRequest(LogRequest.DEFAULT_COUNT, remote.underlayIp()), (reply, why) -> logged(reply, why));
        }
    }

    private void logged(SvpReply reply, Failure why) {
        if (stopped) {
            running = false;
            return;
        }
        lastResultAt = java.time.Instant.now();
        lastResult = reply instanceof LogAck a
                ? SvpStatus.name(a.status())
                : "not answered: " + (why != null ? why.reason() : "the server answered with " + reply);
        if (!(reply instanceof LogAck ack)) {
            LOG.debug("svp {}: LOG_REQ could not be carried; next round later", remote.key());
            idleAgain();
            return;
        }
        if (ack.status() == SvpStatus.FATAL) {
            // portolan's only reason (svp-protocol): no compute node has this underlay IP. Said once,
            // through the degrade, not at every round.
            lastResult = "FATAL: the server does not know this node's " + UNDERLAY_IP + " "
                    + IpAddresses.format(remote.underlayIp()) + ", so no shootdowns arrive";
            remote.logRefused(remote.server() + " answers LOG_REQ with FATAL: it does not know this node's "
                    + UNDERLAY_IP + " " + IpAddresses.format(remote.underlayIp())
                    + ", so shootdowns (mapping changes) never arrive; set " + UNDERLAY_IP
                    + " to this node's underlay address as the server knows it");
            idleAgain();
            return;
        }
        if (!ack.ok()) {
            if (ack.status() != lastRefusal) {
                LOG.warn(
                        "svp {}: LOG_REQ answered {}; shootdowns wait until it answers OK",
                        remote.key(),
                        SvpStatus.name(ack.status()));
            }
            lastRefusal = ack.status();
            idleAgain();
            return;
        }
        lastRefusal = SvpStatus.OK;
        remote.logAccepted();
        List<LogRecord> records;
        try {
            records = ack.records();
        } catch (SvpProtocolException e) {
            lastResult = "OK, but the batch was malformed and ignored: " + e.getMessage();
            LOG.warn("svp {}: LOG_ACK batch refused: {}", remote.key(), e.getMessage());
            idleAgain();
            return;
        }
        lastResult = "OK, " + records.size() + (records.size() == 1 ? " record" : " records");
        if (records.isEmpty()) {
            idleAgain();
            return;
        }
        LOG.debug("svp {}: applying {} log records", remote.key(), records.size());
        removals.clear();
        references = 1; // the batch itself, released below
        for (LogRecord r : records) {
            if (r instanceof Vl2LogRecord vl2) {
                Attachment a = remote.attachment(vl2.vnetid());
                if (a != null) {
                    a.invalidate(vl2.mac());
                }
                removals.add(vl2.id());
            } else if (r instanceof Vl3LogRecord vl3) {
                references++;
                remote.submit(Vl3Request.of(vl3.ip(), vl3.vnetid()), (ack3, vl3Why) -> vl3Answered(vl3, ack3));
            }
        }
        release();
    }

    private void vl3Answered(Vl3LogRecord record, SvpReply reply) {
        if (!stopped && reply instanceof Vl3Ack ack) {
            if (ack.ok()) {
                Attachment a = remote.attachment(record.vnetid());
                if (a != null) {
                    a.announce(record.vlan(), ack.mac(), record.ip());
                }
            }
            if (ack.status() == SvpStatus.OK || ack.status() == SvpStatus.NOTFOUND) {
                removals.add(record.id());
            }
        }
        release();
    }

    private void release() {
        if (--references > 0) {
            return;
        }
        running = false;
        if (stopped) {
            return;
        }
        if (removals.isEmpty()) {
            schedule(idle());
        } else {
            removalsPending = true;
            schedule(timing.logContinue());
        }
    }

    private void removed(SvpReply reply) {
        running = false;
        if (stopped) {
            return;
        }
        if (!(reply instanceof LogRemoveAck ack)) {
            LOG.debug("svp {}: LOG_RM could not be carried; the server will send those records again", remote.key());
        } else if (!ack.ok()) {
            LOG.warn("svp {}: LOG_RM answered {}", remote.key(), SvpStatus.name(ack.status()));
        }
        schedule(timing.logContinue());
    }

    /** The polling state for an operator: "every 5-10 s, next round in 7 s", "a round is running". */
    String status() {
        if (stopped) {
            return "stopped";
        }
        String every = "polling every " + StatusText.duration(timing.logIdleMin()) + "-"
                + StatusText.duration(timing.logIdleMax());
        if (running) {
            return every + "; a round is running";
        }
        return timer == null
                ? every
                : every + "; next " + (removalsPending ? "acknowledgement (LOG_RM)" : "round") + " in "
                        + StatusText.duration(timer.remaining());
    }

    /** "2024-...Z (4 s ago): OK, 3 records" or "...: FATAL: ..."; null before the first LOG_REQ came back. */
    String lastResult(java.time.Instant now) {
        return lastResult == null ? null : StatusText.at(lastResultAt, now) + ": " + lastResult;
    }

    private void idleAgain() {
        running = false;
        schedule(idle());
    }
}
