// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.etcd.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.InternalThreadLocalMap;
import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.MacAddress;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.HostedGuest;
import io.varpd.api.plugin.ProviderHandle;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code etcd} instance: its properties, and while started its {@link EtcdCopy}, its client, its watch and the one
 * thread that owns them all ({@code varpd-etcd-<link>}).
 *
 * <p>Every call into the client is made on that thread, and so is every change to the copy; the client's own threads
 * only hand watch events over to it. The thread clears netty's thread-locals when it ends, so a stopped instance pins
 * nothing of this bundle (netty keeps a per-thread map that would otherwise hold the bundle's class loader after an
 * update).
 *
 * <p>The thread's loop, one step a second: while the copy needs a full read (at start, after the watch was cancelled by
 * a compaction, after etcd was unreachable), it reads the network's keys at one revision, applies the difference to the
 * copy and watches from the next revision; otherwise it asks etcd one cheap linearizable question, and when that fails
 * the instance is DEGRADED and the next step reads everything again. So ONLINE always means "the copy equals etcd at a
 * revision and the watch carries on from there". Lookups never wait for any of this.
 */
public final class EtcdInstance {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdInstance.class);
    /** Core keeps at most this many characters of a status. */
    static final int STATUS_LIMIT = 255;
    /** How long start waits for the first read before it starts DEGRADED. */
    static final Duration START_WAIT = Duration.ofSeconds(5);
    /** The longest any single request to etcd may take. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** How often the sync thread checks etcd (or retries a full read). */
    static final Duration STEP = Duration.ofSeconds(1);
    /** Keys per page of a full read: big ranges are read at one revision, a page at a time. */
    static final int PAGE = 5000;

    private final ProviderHandle provider;
    private final Set<DestinationType> destination;
    private final Map<String, String> values = new ConcurrentHashMap<>();
    /** The copy lookups answer from; null unless started. */
    private volatile EtcdCopy copy;

    private final Object lock = new Object();

    @GuardedBy("lock")
    private Sync sync;
    /** What this host publishes; null unless started with etcd/publish true. */
    private volatile EtcdPublisher publisher;

    EtcdInstance(ProviderHandle provider, Set<DestinationType> destination) {
        this.provider = provider;
        this.destination = Set.copyOf(destination);
    }

    /** How long start waits for the first read, and its page size: shortened by tests only. */
    private volatile Duration startWait = START_WAIT;

    private volatile int pageSize = PAGE;

    void tuneFirstRead(Duration wait, int pageSize) {
        this.startWait = wait;
        this.pageSize = pageSize;
    }

    EtcdCopy copy() {
        return copy;
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Sets a property (already checked); null unsets it. A started instance uses it at its next start. */
    void set(String name, String value) {
        if (value == null) {
            values.remove(name);
        } else {
            values.put(name, value);
        }
    }

    Map<String, Object> save() {
        return Map.copyOf(values);
    }

    /**
     * Connects and reads the network's keys, waiting up to {@link #START_WAIT} for that read. If etcd does not answer
     * in time the instance starts anyway, DEGRADED and empty (every lookup answers DROP), and keeps trying.
     *
     * @throws VarpdException EAGAIN without endpoints, EINVAL for settings that do not fit or files that cannot be used
     */
    void start() throws VarpdException {
        EtcdSettings settings = EtcdSettings.from(values);
        synchronized (lock) {
            if (sync != null) {
                stopLocked();
            }
            EtcdCopy fresh = new EtcdCopy(provider, destination);
            EtcdPublisher p = "false".equals(values.get(EtcdProperties.PUBLISH))
                    ? null
                    : new EtcdPublisher(
                            provider.linkName(),
                            KeySchema.networkPrefix(settings.prefix(), provider.vnetid()),
                            Long.parseLong(values.getOrDefault(
                                    EtcdProperties.LEASE_TTL, Long.toString(EtcdProperties.DEFAULT_LEASE_TTL))),
                            destination);
            Sync s = new Sync(settings, fresh, p);
            s.begin();
            sync = s;
            copy = fresh;
            publisher = p;
        }
    }

    /**
     * Publishes {@code guest} under this host's lease: recorded at once, written by the sync thread (until written or
     * withdrawn). Never waits for etcd.
     *
     * @throws VarpdException ENOTSUP when etcd/publish is false, EAGAIN when not started, EINVAL for a guest the key
     *     schema would refuse
     */
    void publish(HostedGuest guest) throws VarpdException {
        EtcdPublisher p = publishing();
        if (p.want(guest)) {
            kick();
        }
    }

    /**
     * Withdraws what this host published for {@code mac}; a key another host (or anyone) wrote since is left alone.
     *
     * @throws VarpdException ENOENT when this host has not published it; as {@link #publish}
     */
    void withdraw(MacAddress mac) throws VarpdException {
        publishing().unwant(mac);
        kick();
    }

    List<HostedGuest> published() {
        EtcdPublisher p = publisher;
        return p == null ? List.of() : p.published();
    }

    private EtcdPublisher publishing() throws VarpdException {
        if ("false".equals(values.get(EtcdProperties.PUBLISH))) {
            throw new VarpdException(
                    Errno.ENOTSUP,
                    EtcdProperties.PUBLISH + " is false on this overlay: this host"
                            + " only reads etcd and publishes no guests; set it to true to publish them");
        }
        EtcdPublisher p = publisher;
        if (p == null) {
            throw new VarpdException(Errno.EAGAIN, "the etcd instance is not started");
        }
        return p;
    }

    private void kick() {
        Sync s;
        synchronized (lock) {
            s = sync;
        }
        if (s != null) {
            s.kick();
        }
    }

    /** The lease and how many guests are published and pending, for the overlay's page. */
    Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        EtcdCopy c = copy;
        out.put("copy", c == null ? "none (stopped)" : c.size() + " MACs at revision " + c.revision());
        EtcdPublisher p = publisher;
        if (p == null) {
            out.put("publishing", c == null ? "no (stopped)" : "no (" + EtcdProperties.PUBLISH + " is false)");
            return out;
        }
        long lease = p.lease();
        out.put(
                "lease",
                lease == 0 ? "none yet (TTL " + p.ttl() + " s)" : Long.toHexString(lease) + " (TTL " + p.ttl() + " s)");
        out.put("guests published", Integer.toString(p.writtenCount()));
        out.put("guests pending", Integer.toString(p.pending()));
        String trouble = p.trouble();
        if (trouble != null) {
            out.put("publishing trouble", trouble);
        }
        return out;
    }

    /**
     * Tests: ends the client as a killed process would, without revoking the lease, so this host's guests stay until
     * their lease expires.
     */
    void abandonForTest() {
        synchronized (lock) {
            if (sync != null) {
                sync.abandon = true;
            }
            stopLocked();
        }
    }

    void stop() {
        synchronized (lock) {
            stopLocked();
        }
    }

    @GuardedBy("lock")
    private void stopLocked() {
        copy = null;
        publisher = null;
        if (sync != null) {
            sync.close();
            sync = null;
        }
    }

    /** Full reads begun since start (the first included), counted when their first page arrives. */
    int fullReads() {
        Sync s;
        synchronized (lock) {
            s = sync;
        }
        return s == null ? 0 : s.fullReads;
    }

    /**
     * Tests: closes the watch, or opens it again from the revision after the copy's, as if it had fallen behind; a
     * resumed watch whose revision etcd compacted meanwhile is cancelled by etcd.
     */
    void holdWatchForTest(boolean hold) throws Exception {
        Sync s;
        synchronized (lock) {
            s = sync;
        }
        s.thread
                .submit(() -> {
                    if (hold) {
                        s.closeWatch();
                    } else {
                        s.watch(s.target.revision() + 1);
                    }
                })
                .get(10, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        EtcdCopy c = copy;
        return "etcd " + destination + " " + values.getOrDefault(EtcdProperties.ENDPOINTS, "(no endpoints)")
                + (c == null ? " (stopped)" : " (" + c.size() + " MACs at revision " + c.revision() + ")");
    }

    /** The client, the watch and the thread of one start. */
    private final class Sync {
        private final EtcdSettings settings;
        private final EtcdCopy target;
        private final String networkPrefix;
        private final ByteSequence prefixKey;
        private final ByteSequence prefixEnd;
        private final ScheduledExecutorService thread;
        /** Null when this host publishes nothing. */
        private final EtcdPublisher publisher;

        private final java.util.concurrent.atomic.AtomicBoolean kicked =
                new java.util.concurrent.atomic.AtomicBoolean();
        /** Tests: close without revoking the lease, as a killed process. */
        private volatile boolean abandon;

        private volatile boolean closed;
        private volatile int fullReads;

        // The sync thread's.
        private Client client;
        private Watch.Watcher watcher;
        private long watchGeneration;
        private boolean needFullRead = true;
        private String unreachable;
        private String reported;
        /** Whether a full read ever completed; until then the copy holds part of the network. */
        private boolean caughtUp;
        /** Keys read when the first read last reported its progress; -1 before any report. */
        private int readSoFar = -1;

        private long lastProgress;

        Sync(EtcdSettings settings, EtcdCopy target, EtcdPublisher publisher) {
            this.settings = settings;
            this.target = target;
            this.publisher = publisher;
            this.networkPrefix = KeySchema.networkPrefix(settings.prefix(), provider.vnetid());
            this.prefixKey = bytes(networkPrefix);
            // The prefix ends with '/', so the first key after all of it ends with '0'.
            this.prefixEnd = bytes(networkPrefix.substring(0, networkPrefix.length() - 1) + "0");
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread th = new Thread(
                        () -> {
                            try {
                                r.run();
                            } finally {
                                // Netty's per-thread map would keep this bundle's classes alive after an update.
                                FastThreadLocal.removeAll();
                                InternalThreadLocalMap.destroy();
                            }
                        },
                        "varpd-etcd-" + provider.linkName());
                th.setDaemon(true);
                return th;
            });
            t.setRemoveOnCancelPolicy(true);
            this.thread = t;
        }

        /** Builds the client and makes the first read (waiting at most START_WAIT), then steps every second. */
        void begin() throws VarpdException {
            Future<?> first = thread.submit(() -> {
                buildClient();
                step();
                return null;
            });
            try {
                first.get(startWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                close();
                if (e.getCause() instanceof VarpdException v) {
                    throw v;
                }
                throw new VarpdException(
                        Errno.EINVAL,
                        "cannot start the etcd client for " + settings + ": " + describe(e.getCause()),
                        e.getCause());
            } catch (TimeoutException e) {
                LOG.warn(
                        "etcd: {} the first read from {} takes longer than {} s; starting with what it has read so far",
                        provider.linkName(),
                        settings.endpoints(),
                        startWait.toMillis() / 1000.0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new VarpdException(Errno.EAGAIN, "interrupted while starting");
            }
            thread.scheduleWithFixedDelay(this::step, STEP.toMillis(), STEP.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void buildClient() throws VarpdException {
            ClientBuilder b = Client.builder()
                    .endpoints(settings.endpoints().toArray(String[]::new))
                    .connectTimeout(REQUEST_TIMEOUT)
                    .retryMaxDuration(REQUEST_TIMEOUT)
                    .keepaliveTime(Duration.ofSeconds(5))
                    .keepaliveTimeout(Duration.ofSeconds(3));
            if (settings.user() != null) {
                b.user(bytes(settings.user())).password(ByteSequence.from(settings.password()));
            }
            if (settings.tls()) {
                try {
                    b.sslContext(ssl -> {
                        if (settings.tlsCa() != null) {
                            ssl.trustManager(new File(settings.tlsCa()));
                        }
                        if (settings.tlsCert() != null) {
                            ssl.keyManager(new File(settings.tlsCert()), new File(settings.tlsKey()));
                        }
                    });
                } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
                    throw new VarpdException(
                            Errno.EINVAL,
                            "the TLS files (" + EtcdProperties.TLS_CA + ", "
                                    + EtcdProperties.TLS_CERT + ", " + EtcdProperties.TLS_KEY + ") cannot be used: "
                                    + describe(e) + "; allowed: PEM files, the key in PKCS#8",
                            e);
                }
            }
            client = b.build();
        }

        /** One step of the loop (see the class comment). */
        private void step() {
            if (closed) {
                return;
            }
            try {
                if (needFullRead) {
                    fullRead();
                } else {
                    probe();
                }
                publishStep();
            } catch (RuntimeException | Error e) {
                // Never let the loop die: the next step tries again.
                LOG.error("etcd: {} sync step failed", provider.linkName(), e);
            }
        }

        /** A publish or withdraw came: write it now rather than at the next step (several coalesce). */
        void kick() {
            if (kicked.compareAndSet(false, true)) {
                post(() -> {
                    kicked.set(false);
                    try {
                        publishStep();
                    } catch (RuntimeException | Error e) {
                        LOG.error("etcd: {} publishing failed", provider.linkName(), e);
                    }
                });
            }
        }

        private void publishStep() {
            if (publisher != null && !closed && client != null && publisher.step(client)) {
                report();
            }
        }

        /**
         * Reads every key of the network at one revision, page by page into the copy, and watches from the next
         * revision. Each page is applied while etcd already reads the next one.
         */
        private void fullRead() {
            long begin = System.nanoTime();
            long revision = 0;
            int count = 0;
            target.beginFullRead();
            byte[] networkEnd = prefixEnd.getBytes();
            RangePages pages = new RangePages(networkEnd);
            try {
                byte[] rangeEnd = networkEnd;
                java.util.concurrent.CompletableFuture<GetResponse> pending = client.getKVClient()
                        .get(
                                prefixKey,
                                GetOption.builder()
                                        .withRange(prefixEnd)
                                        .withLimit(pageSize)
                                        .build());
                while (pending != null) {
                    GetResponse page = await(pending);
                    pending = null;
                    if (revision == 0) {
                        revision = page.getHeader().getRevision();
                        fullReads++;
                    }
                    List<KeyValue> kvs = page.getKvs();
                    byte[] first =
                            kvs.isEmpty() ? new byte[0] : kvs.get(0).getKey().getBytes();
                    byte[] last = kvs.isEmpty()
                            ? first
                            : kvs.get(kvs.size() - 1).getKey().getBytes();
                    // The rest of this page's range, or the range after it (RangePages says why ranges are small).
                    byte[] from =
                            page.isMore() && !kvs.isEmpty() ? java.util.Arrays.copyOf(last, last.length + 1) : rangeEnd;
                    if (java.util.Arrays.compareUnsigned(from, networkEnd) < 0) {
                        rangeEnd = pages.next(from, first, last, kvs.size(), pageSize);
                        // Asked before this page is applied: etcd reads the next one meanwhile.
                        pending = client.getKVClient()
                                .get(
                                        ByteSequence.from(from),
                                        GetOption.builder()
                                                .withRange(ByteSequence.from(rangeEnd))
                                                .withLimit(pageSize)
                                                .withRevision(revision)
                                                .build());
                    }
                    if (closed) {
                        return;
                    }
                    for (KeyValue kv : kvs) {
                        target.fullReadPut(relative(kv.getKey()), kv.getValue().getBytes(), kv.getModRevision());
                    }
                    count += kvs.size();
                    if (!caughtUp) {
                        firstReadProgress(begin, count);
                    }
                }
            } catch (Exception e) {
                // What was applied stays (each key at a value it had); the next full read completes it.
                unreachable(e);
                return;
            }
            if (closed) {
                return;
            }
            target.endFullRead(revision);
            watch(revision + 1);
            needFullRead = false;
            unreachable = null;
            caughtUp = true;
            LOG.info(
                    "etcd: {} read {} keys under {} at revision {} in {} ms: {} MACs, {} bad keys",
                    provider.linkName(),
                    count,
                    networkPrefix,
                    revision,
                    (System.nanoTime() - begin) / 1_000_000,
                    target.size(),
                    target.badCount());
            report();
        }

        private void watch(long fromRevision) {
            closeWatch();
            long generation = ++watchGeneration;
            WatchOption option = WatchOption.builder()
                    .withRange(prefixEnd)
                    .withRevision(fromRevision)
                    .build();
            watcher = client.getWatchClient()
                    .watch(
                            prefixKey,
                            option,
                            Watch.listener(
                                    response -> post(() -> onEvents(generation, response)),
                                    error -> post(() -> onWatchError(generation, error))));
        }

        /** Hands work from the client's threads to the sync thread; after close there is none. */
        private void post(Runnable task) {
            try {
                thread.execute(task);
            } catch (RejectedExecutionException e) {
                // Closed: the instance stopped.
            }
        }

        private void onEvents(long generation, WatchResponse response) {
            if (closed || generation != watchGeneration) {
                return;
            }
            int badBefore = target.badCount();
            for (WatchEvent event : response.getEvents()) {
                KeyValue kv = event.getKeyValue();
                String key = relative(kv.getKey());
                switch (event.getEventType()) {
                    case PUT -> target.put(key, kv.getValue().getBytes(), kv.getModRevision(), kv.getModRevision());
                    case DELETE -> target.delete(key, kv.getModRevision());
                    default ->
                        LOG.debug(
                                "etcd: {} ignored a watch event of type {}", provider.linkName(), event.getEventType());
                }
            }
            if (target.badCount() != badBefore) {
                report();
            }
        }

        private void onWatchError(long generation, Throwable error) {
            if (closed || generation != watchGeneration) {
                return;
            }
            if (error instanceof CompactedException c) {
                LOG.info(
                        "etcd: {} the watch was cancelled: etcd compacted its history to revision {}; reading"
                                + " everything again, answering from the copy meanwhile",
                        provider.linkName(),
                        c.getCompactedRevision());
            } else {
                LOG.warn(
                        "etcd: {} the watch failed ({}); reading everything again",
                        provider.linkName(),
                        describe(error));
            }
            closeWatch();
            needFullRead = true;
            fullRead();
        }

        /**
         * One cheap linearizable question: it fails when no quorum answers. One key, not a count of the network: etcd
         * 3.4 counts a range by walking it, a million keys every second.
         */
        private void probe() {
            try {
                await(client.getKVClient().get(prefixKey));
            } catch (Exception e) {
                unreachable(e);
            }
        }

        private void unreachable(Exception e) {
            if (closed) {
                return;
            }
            needFullRead = true;
            String why = describe(e);
            if (settings.tls() || settings.user() != null) {
                // The client hides a refused handshake or login behind "no answer": ask what was refused.
                why = EtcdDiagnosis.why(settings).orElse(why);
            }
            if (!why.equals(unreachable)) {
                LOG.warn(
                        "etcd: {} cannot reach etcd at {}: {}",
                        provider.linkName(),
                        String.join(",", settings.endpoints()),
                        why);
            }
            unreachable = why;
            report();
        }

        /**
         * A first read that outlasts start's wait: the overlay runs with part of the network, so it says so (at most
         * once a second) until the read completes: ONLINE means caught up.
         */
        private void firstReadProgress(long begin, int count) {
            long now = System.nanoTime();
            if (now - begin >= startWait.toNanos() && (readSoFar < 0 || now - lastProgress >= 1_000_000_000L)) {
                lastProgress = now;
                readSoFar = count;
                report();
            }
        }

        /** Sets the status: unreachable first, then a first read under way, then skipped keys, else ONLINE. */
        private void report() {
            String status;
            if (unreachable != null) {
                status = "etcd unreachable at " + String.join(",", settings.endpoints()) + ": " + unreachable
                        + "; answering from the copy of " + target.size() + " MACs at revision " + target.revision()
                        + ", DROP for any other";
            } else if (!caughtUp && readSoFar >= 0) {
                status = "reading the network's keys from etcd at " + String.join(",", settings.endpoints()) + ": "
                        + readSoFar + " keys so far; a MAC not read yet answers DROP until the read completes";
            } else if (publisher != null && publisher.trouble() != null) {
                status = "cannot publish this host's guests in etcd (" + publisher.pending() + " pending): "
                        + publisher.trouble();
            } else if (target.badCount() > 0) {
                status = badKeysStatus();
            } else {
                status = null;
            }
            if (status == null) {
                if (reported != null) {
                    reported = null;
                    LOG.info(
                            "etcd: {} online: {} MACs at revision {}",
                            provider.linkName(),
                            target.size(),
                            target.revision());
                    provider.restore();
                }
                return;
            }
            String fitted = status.length() <= STATUS_LIMIT ? status : status.substring(0, STATUS_LIMIT - 3) + "...";
            if (!fitted.equals(reported)) {
                reported = fitted;
                provider.degrade(fitted);
            }
        }

        /**
         * "skipped N bad keys under P: key: what is wrong; ...", as many keys as fit in a status (without their
         * "allowed" part, which the log has), then how many more.
         */
        private String badKeysStatus() {
            int count = target.badCount();
            StringBuilder sb = new StringBuilder(
                    "skipped " + count + " bad " + (count == 1 ? "key" : "keys") + " under " + networkPrefix + ": ");
            int listed = 0;
            for (String bad : target.badKeys(10)) {
                int cut = bad.indexOf("; allowed: ");
                String brief = cut < 0 ? bad : bad.substring(0, cut);
                String separator = listed == 0 ? "" : "; ";
                int reserve = listed + 1 < count ? "; and 2147483647 more (see the log)".length() : 0;
                if (sb.length() + separator.length() + brief.length() + reserve > STATUS_LIMIT) {
                    break;
                }
                sb.append(separator).append(brief);
                listed++;
            }
            if (listed < count) {
                sb.append(listed == 0 ? "listed in the log" : "; and " + (count - listed) + " more (see the log)");
            }
            return sb.toString();
        }

        private <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
            try {
                return future.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw e;
            }
        }

        private String relative(ByteSequence key) {
            String text = key.toString(StandardCharsets.UTF_8);
            return text.startsWith(networkPrefix) ? text.substring(networkPrefix.length()) : text;
        }

        private void closeWatch() {
            if (watcher != null) {
                try {
                    watcher.close();
                } catch (RuntimeException e) {
                    LOG.debug("etcd: {} closing the watch failed", provider.linkName(), e);
                }
                watcher = null;
            }
        }

        /** Stops the loop, closes the watch and the client on the sync thread, and ends that thread. */
        void close() {
            closed = true;
            try {
                thread.submit(() -> {
                            closeWatch();
                            if (publisher != null && client != null && !abandon) {
                                publisher.revoke(client);
                            }
                            if (client != null) {
                                client.close();
                                client = null;
                            }
                            target.clear();
                        })
                        .get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
                LOG.warn("etcd: {} closing the client failed: {}", provider.linkName(), describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread.shutdownNow();
            try {
                if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("etcd: {} the sync thread did not end within 5 s", provider.linkName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    /** One line about what failed, for a status: never a stack trace. */
    static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof TimeoutException) {
            return "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        int cut = message.indexOf('\n');
        String line = cut < 0 ? message : message.substring(0, cut);
        return line.length() <= 100 ? line : line.substring(0, 97) + "...";
    }
}
