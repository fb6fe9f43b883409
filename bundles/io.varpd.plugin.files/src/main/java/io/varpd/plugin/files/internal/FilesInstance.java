// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.files.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.varpd.api.DestinationType;
import io.varpd.api.Errno;
import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.api.VarpdException;
import io.varpd.api.plugin.ProviderHandle;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one {@code files} instance: its {@code files/config} path, and while started the loaded
 * {@link MappingTable} and the watch on the file.
 *
 * <p>Threading: lookups read the table through one volatile field and never lock, so they run in parallel with each
 * other and with reloads; each lookup sees one whole table, old or new. Start, stop and reload checks serialize on a
 * private lock, so a reload never overlaps a stop and nothing reaches the provider for this instance once
 * {@link #stop()} has returned.
 */
public final class FilesInstance {
    private static final Logger LOG = LoggerFactory.getLogger(FilesInstance.class);
    /** Core keeps at most this many characters of a status; statuses are made to fit. */
    static final int STATUS_LIMIT = 255;

    private static final String ALLOWED = "; allowed: ";

    private final ProviderHandle provider;
    private final Set<DestinationType> destination;
    private final FileWatcher watcher;
    private volatile String configPath;
    private volatile boolean skipBadEntries;
    /** The table lookups answer from; null unless started. */
    private volatile MappingTable table;

    private final Object lock = new Object();

    @GuardedBy("lock")
    private boolean started;

    @GuardedBy("lock")
    private Path servedPath;
    /** The stamp of the file version {@link #table} came from. */
    @GuardedBy("lock")
    private FileStamp loaded;
    /** The stamp of the last version refused, so a bad file is parsed and reported once. */
    @GuardedBy("lock")
    private FileStamp rejected;
    /** The degrade message this instance set, null when it set none. */
    @GuardedBy("lock")
    private String reportedProblem;
    /** The status of the version being served: its skipped entries, or null when it had none. */
    @GuardedBy("lock")
    private String loadedReport;

    @GuardedBy("lock")
    private String loadedLog;

    @GuardedBy("lock")
    private FileWatcher.Watch watch;

    FilesInstance(ProviderHandle provider, Set<DestinationType> destination, FileWatcher watcher) {
        this.provider = provider;
        this.destination = Set.copyOf(destination);
        this.watcher = watcher;
    }

    /** The device's destination type, fixed at create. */
    Set<DestinationType> destination() {
        return destination;
    }

    /** The {@code files/config} value, empty when unset. */
    Optional<String> configPath() {
        return Optional.ofNullable(configPath);
    }

    /**
     * Sets {@code files/config} (already checked); null unsets it. A started instance keeps serving and watching the
     * file it started with; the new path is read at the next start.
     */
    void setConfigPath(String path) {
        configPath = path;
    }

    /** The {@code files/skip_bad_entries} value. */
    boolean skipBadEntries() {
        return skipBadEntries;
    }

    /**
     * Sets {@code files/skip_bad_entries}. On a started instance the file is read again at the next check, with the new
     * rule: turned on, the entries left out now are listed; turned off, a file with bad entries is refused and the
     * table loaded before keeps serving.
     */
    void setSkipBadEntries(boolean skip) {
        synchronized (lock) {
            if (skip != skipBadEntries && started) {
                loaded = null;
                rejected = null;
            }
            skipBadEntries = skip;
        }
    }

    /** The table lookups answer from, null unless started. */
    MappingTable table() {
        return table;
    }

    /**
     * Loads the whole file and starts watching it.
     *
     * @throws VarpdException EAGAIN when {@code files/config} is unset; EINVAL for a file that is not a valid mapping
     *     (empty included), or the I/O errno; the instance then stays stopped
     */
    void start() throws VarpdException {
        String configured = configPath;
        if (configured == null) {
            throw new VarpdException(
                    Errno.EAGAIN,
                    "cannot start: unset required property: " + FilesProperties.CONFIG
                            + "; set it to the absolute path of the mapping file first");
        }
        Path path = Path.of(configured);
        synchronized (lock) {
            if (started) {
                stopLocked();
            }
            long begin = System.nanoTime();
            FileStamp stamp = stampOf(path);
            MappingFileReader.Loaded read;
            try {
                read = MappingFileReader.load(path, destination, skipBadEntries);
            } catch (VarpdException e) {
                throw new VarpdException(e.errno(), FilesProperties.CONFIG + " " + path + ": " + e.getMessage(), e);
            }
            MappingTable next = read.table();
            servedPath = path;
            loaded = stamp;
            rejected = null;
            table = next;
            started = true;
            watch = watcher.watch(path.toString(), this::checkNow);
            try {
                LOG.info(
                        "files: {} loaded {}: {} entries, {} underlay destinations, in {} ms",
                        provider.linkName(),
                        path,
                        next.size(),
                        next.distinctTargets(),
                        (System.nanoTime() - begin) / 1_000_000);
                reportSkipsOrClear(read);
            } catch (RuntimeException e) {
                // A start that fails leaves nothing behind: core will not stop what did not start.
                stopLocked();
                throw e;
            }
        }
    }

    /** Stops watching and drops the table. */
    void stop() {
        synchronized (lock) {
            stopLocked();
        }
    }

    @GuardedBy("lock")
    private void stopLocked() {
        if (watch != null) {
            watch.cancel();
            watch = null;
        }
        started = false;
        table = null;
        servedPath = null;
        loaded = null;
        rejected = null;
        loadedReport = null;
        loadedLog = null;
    }

    /**
     * One watcher check: when the served file changed, reads it completely, and if it is valid swaps it in, clears a
     * degraded status this instance set, and pushes the changed destinations to the device; if it is not valid, keeps
     * serving the current table and degrades the instance with the reason, once per file version. Package-private so
     * tests can check without waiting for the watcher.
     */
    void checkNow() {
        synchronized (lock) {
            if (!started) {
                return;
            }
            FileStamp now;
            try {
                now = FileStamp.of(servedPath);
            } catch (IOException e) {
                report(MappingFileReader.ioFailure("", e));
                return;
            }
            if (now.equals(loaded)) {
                // Back to the version being served (say, moved away and back): nothing to load,
                // and that version's own report (its skipped entries, if any) stands again.
                if (reportedProblem != null && !reportedProblem.equals(loadedReport)) {
                    restoreLoadedReport();
                }
                return;
            }
            if (now.equals(rejected)) {
                return;
            }
            MappingFileReader.Loaded read;
            try {
                read = MappingFileReader.load(servedPath, destination, skipBadEntries);
            } catch (VarpdException e) {
                if (stillAt(now)) {
                    rejected = now;
                    report(e);
                }
                // Otherwise the file changed while being read (a writer is not done): look again
                // at the next check rather than report a half-written file.
                return;
            }
            MappingTable next = read.table();
            MappingTable previous = table;
            table = next;
            // The stamp from before reading: if the file changed during the read, the next
            // check sees a newer stamp and loads again.
            loaded = now;
            rejected = null;
            List<Map.Entry<MacAddress, TargetPoint>> changes = next.changesSince(previous);
            for (Map.Entry<MacAddress, TargetPoint> c : changes) {
                inject(c.getKey(), c.getValue());
            }
            List<MappingTable.AddressChange> moved = next.addressChangesSince(previous);
            pushAddressChanges(moved, previous, next);
            LOG.info(
                    "files: {} reloaded {}: {} entries now; {}; {} device cache entries updated",
                    provider.linkName(),
                    servedPath,
                    next.size(),
                    next.diffSince(previous),
                    changes.size());
            // Good again (or degraded by skipped entries) only once the device no longer holds
            // the old file's destinations.
            reportSkipsOrClear(read);
        }
    }

    /**
     * Pushes addresses that changed owner while their old MAC stayed mapped, which the MAC comparison misses. A device
     * that resolved the address remembers "address at old MAC" (the Linux bridge: a permanent neighbour entry; guests:
     * their ARP cache), and nothing about the old MAC's destination changed to make it forget. So, once per such MAC,
     * its entry is removed and put back ({@code injectTarget} null, then its destination): removing a MAC's entry also
     * drops what the device derived from it, and the next frame for the address asks again. An address that now has an
     * owner is also announced, so local guests update at once: a gratuitous ARP for IPv4, an unsolicited neighbour
     * advertisement (Override set) for IPv6. A MAC whose destination went away was already removed by the MAC
     * comparison.
     */
    private void pushAddressChanges(List<MappingTable.AddressChange> moved, MappingTable previous, MappingTable next) {
        Set<MacAddress> refreshed = new HashSet<>();
        for (MappingTable.AddressChange c : moved) {
            long old = c.previousOwner().toLong();
            TargetPoint now = next.target(old);
            if (now != null && previous.target(old) != null && refreshed.add(c.previousOwner())) {
                inject(c.previousOwner(), null);
                inject(c.previousOwner(), now);
            }
        }
        for (MappingTable.AddressChange c : moved) {
            if (c.owner() != null) {
                try {
                    if (c.address() instanceof Inet4Address v4) {
                        provider.injectGratuitousArp(0, c.owner(), v4, MacAddress.BROADCAST);
                    } else {
                        provider.injectUnsolicitedAdvertisement(0, c.owner(), (Inet6Address) c.address());
                    }
                } catch (RuntimeException e) {
                    LOG.warn(
                            "files: {} announcing {} at {} failed",
                            provider.linkName(),
                            IpAddresses.format(c.address()),
                            c.owner(),
                            e);
                }
            }
        }
    }

    /**
     * Called by a lookup after it answered {@code answered} for {@code mac} from {@code answeredFrom}: if a reload
     * swapped the table meanwhile, that reload's injection may have reached the device before this answer and been
     * overwritten by it, so the current destination is injected again. Repeats until the table stays put, so the last
     * write to the device is always the newest table's.
     */
    void settle(long mac, TargetPoint answered, MappingTable answeredFrom) {
        MappingTable seen = answeredFrom;
        TargetPoint given = answered;
        MappingTable current = table;
        while (current != seen && current != null) {
            TargetPoint now = current.target(mac);
            if (!Objects.equals(now, given)) {
                inject(MacAddress.of(mac), now);
                given = now;
            }
            seen = current;
            current = table;
        }
    }

    private void inject(MacAddress mac, TargetPoint target) {
        try {
            provider.injectTarget(mac, target);
        } catch (RuntimeException e) {
            // The contract says injectTarget does not throw; if it does, the other MACs still matter.
            LOG.warn("files: {} injecting {} -> {} failed", provider.linkName(), mac, target, e);
        }
    }

    @GuardedBy("lock")
    private boolean stillAt(FileStamp stamp) {
        try {
            return stamp.equals(FileStamp.of(servedPath));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A version that could not be loaded: degrades with what is wrong first (core keeps only {@value #STATUS_LIMIT}
     * characters), then the file.
     */
    @GuardedBy("lock")
    private void report(VarpdException problem) {
        MappingTable serving = table;
        String head = "reload refused, serving the previous " + (serving == null ? 0 : serving.size()) + " entries: ";
        String reason = problem.getMessage();
        String tail = "; file " + servedPath;
        String log = head + reason + tail;
        // Within core's limit, in this order: what is wrong, the file, what is allowed.
        int cut = reason.indexOf(ALLOWED);
        String wrong = cut < 0 ? reason : reason.substring(0, cut);
        String allowed = cut < 0 ? "" : reason.substring(cut);
        String status = head + wrong + tail;
        int room = STATUS_LIMIT - status.length();
        if (allowed.length() <= room) {
            status = head + reason + tail;
        } else if (room > ALLOWED.length() + 12) {
            status = head + wrong + allowed.substring(0, room - 3) + "..." + tail;
        }
        degradeOnce(status, log);
    }

    /** After a load: degrades naming the entries it left out, or clears a degraded status. */
    @GuardedBy("lock")
    private void reportSkipsOrClear(MappingFileReader.Loaded read) {
        if (read.skipped() == 0) {
            loadedReport = null;
            clearProblem();
            return;
        }
        String head = "skipped " + read.skipped() + " bad " + (read.skipped() == 1 ? "entry" : "entries")
                + " of the mapping file (files/skip_bad_entries), serving "
                + read.table().size() + ": ";
        String tail = "; file " + servedPath;
        String more = read.skipped() > read.skips().size()
                ? "; and " + (read.skipped() - read.skips().size()) + " more"
                : "";
        // The log gets every listed entry in full; the status as many as fit, without their
        // "allowed" part, and how many it could not list.
        String log = head + String.join("; ", read.skips()) + more + tail;
        StringBuilder status = new StringBuilder(head);
        int listed = 0;
        for (String skip : read.skips()) {
            int cut = skip.indexOf(ALLOWED);
            String brief = cut < 0 ? skip : skip.substring(0, cut);
            String separator = listed == 0 ? "" : "; ";
            // Room to say how many are left unlisted.
            int reserve = listed + 1 < read.skipped() ? "; and 2147483647 more".length() : 0;
            if (status.length() + separator.length() + brief.length() + reserve > STATUS_LIMIT) {
                break;
            }
            status.append(separator).append(brief);
            listed++;
        }
        int unlisted = read.skipped() - listed;
        if (unlisted > 0) {
            status.append(listed == 0 ? "listed in the log" : "; and " + unlisted + " more");
        }
        if (status.length() + tail.length() <= STATUS_LIMIT) {
            status.append(tail);
        }
        loadedReport = fit(status.toString());
        loadedLog = log;
        degradeOnce(loadedReport, log);
    }

    /** Degrades again with the served version's own report (its skipped entries), or clears. */
    @GuardedBy("lock")
    private void restoreLoadedReport() {
        if (loadedReport == null) {
            clearProblem();
        } else {
            degradeOnce(loadedReport, loadedLog);
        }
    }

    @GuardedBy("lock")
    private void degradeOnce(String status, String log) {
        String fitted = fit(status);
        if (!fitted.equals(reportedProblem)) {
            reportedProblem = fitted;
            LOG.warn("files: {}: {}", provider.linkName(), log);
            provider.degrade(fitted);
        }
    }

    /** {@code s}, or its first {@value #STATUS_LIMIT} characters ending in "...". */
    static String fit(String s) {
        return s.length() <= STATUS_LIMIT ? s : s.substring(0, STATUS_LIMIT - 3) + "...";
    }

    @GuardedBy("lock")
    private void clearProblem() {
        if (reportedProblem != null) {
            reportedProblem = null;
            LOG.info("files: {}: the mapping file is good again", provider.linkName());
            provider.restore();
        }
    }

    private static FileStamp stampOf(Path path) throws VarpdException {
        try {
            return FileStamp.of(path);
        } catch (IOException e) {
            throw MappingFileReader.ioFailure(FilesProperties.CONFIG + " " + path + ": ", e);
        }
    }

    @Override
    public String toString() {
        MappingTable t = table;
        return "files " + destination + " " + (configPath == null ? "(no " + FilesProperties.CONFIG + ")" : configPath)
                + (t == null ? " (stopped)" : " (" + t.size() + " entries)");
    }
}
