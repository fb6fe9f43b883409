// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread with a {@link Selector}: runs I/O readiness handlers, timers and submitted tasks, all on that thread, so
 * whatever is confined to the loop (a remote, its connections, its shootdown state) needs no locks.
 *
 * <p>Any thread may {@link #execute} a task; only the loop thread may {@link #schedule} timers, {@link #register}
 * channels or {@link #defer} work. A task or handler that throws is logged and the loop goes on. Deferred work runs at
 * the end of the iteration in which it was deferred, after every task of that iteration: connections use it to put all
 * queries submitted together into one write.
 */
public final class EventLoop implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    /** Called on the loop when a registered channel is ready. */
    interface Handler {
        void ready(SelectionKey key);
    }

    /** A one-shot timer; {@link #cancel} is idempotent and safe on the loop thread. */
    final class Timer implements Comparable<Timer> {
        private final long due;
        private final long seq;
        private final Runnable task;
        private boolean cancelled;

        private Timer(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        void cancel() {
            cancelled = true;
        }

        /** How long until it fires (zero when due or cancelled), for status; loop thread. */
        Duration remaining() {
            return cancelled ? Duration.ZERO : Duration.ofNanos(Math.max(0, due - System.nanoTime()));
        }

        boolean cancelled() {
            return cancelled;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due - o.due, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakenUp = new AtomicBoolean();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
    private long timerSeq;
    private volatile boolean running = true;

    private EventLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for " + name, e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /** Starts a loop on a new daemon thread called {@code name}. */
    public static EventLoop start(String name) {
        EventLoop loop = new EventLoop(name);
        loop.thread.start();
        return loop;
    }

    /** Whether the caller runs on this loop's thread. */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop, later (never inline, even from the loop thread). */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakenUp.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} on the loop after {@code delay}. Loop thread only. */
    Timer schedule(Duration delay, Runnable task) {
        assertInLoop();
        Timer t = new Timer(System.nanoTime() + Math.max(0, delay.toNanos()), timerSeq++, task);
        timers.add(t);
        return t;
    }

    /** Runs {@code task} at the end of this iteration, after its tasks. Loop thread only. */
    void defer(Runnable task) {
        assertInLoop();
        deferred.add(task);
    }

    /** Registers {@code channel} for {@code ops} with {@code handler}. Loop thread only. */
    SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws ClosedChannelException {
        assertInLoop();
        return channel.register(selector, ops, handler);
    }

    private void assertInLoop() {
        if (!inLoop()) {
            throw new IllegalStateException(
                    "called from " + Thread.currentThread().getName() + ", not the event loop " + thread.getName());
        }
    }

    private void run() {
        while (running) {
            try {
                wakenUp.set(false);
                if (tasks.isEmpty() && deferred.isEmpty()) {
                    long wait = millisToNextTimer();
                    if (wait < 0) {
                        selector.select();
                    } else if (wait == 0) {
                        selector.selectNow();
                    } else {
                        selector.select(wait);
                    }
                } else {
                    selector.selectNow();
                }
                handleReady();
                runTimers();
                runTasks();
                runDeferred();
            } catch (IOException | RuntimeException e) {
                LOG.error("svp event loop {}: {}", thread.getName(), e.toString(), e);
            }
        }
        // What was submitted before close (remotes closing, failing their queries) still runs.
        runTasks();
        runDeferred();
        for (SelectionKey k : selector.keys()) {
            closeQuietly(k);
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector of {}: {}", thread.getName(), e.toString());
        }
    }

    private long millisToNextTimer() {
        Timer t;
        while ((t = timers.peek()) != null && t.cancelled) {
            timers.poll();
        }
        if (t == null) {
            return -1;
        }
        long nanos = t.due - System.nanoTime();
        // Rounded up, so the loop never wakes just before a timer and spins.
        return nanos <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
    }

    private void handleReady() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            try {
                if (k.isValid()) {
                    ((Handler) k.attachment()).ready(k);
                }
            } catch (CancelledKeyException e) {
                // Closed by someone else during this iteration: nothing left to do for it.
            } catch (RuntimeException e) {
                LOG.error("svp event loop {}: a channel handler failed: {}", thread.getName(), e.toString(), e);
            }
        }
    }

    private void runTimers() {
        long now = System.nanoTime();
        Timer t;
        while ((t = timers.peek()) != null && (t.cancelled || t.due - now <= 0)) {
            timers.poll();
            if (!t.cancelled) {
                t.cancelled = true;
                safely(t.task);
            }
        }
    }

    private void runTasks() {
        // Only the tasks present now: a task that submits another does not starve I/O.
        int n = tasks.size();
        Runnable r;
        while (n-- > 0 && (r = tasks.poll()) != null) {
            safely(r);
        }
    }

    private void runDeferred() {
        Runnable r;
        while ((r = deferred.poll()) != null) {
            safely(r);
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("svp event loop {}: a task failed: {}", thread.getName(), e.toString(), e);
        }
    }

    private static void closeQuietly(SelectionKey k) {
        try {
            k.channel().close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops the loop after its current iteration, closes every registered channel and waits for the thread. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return thread.getName();
    }
}
