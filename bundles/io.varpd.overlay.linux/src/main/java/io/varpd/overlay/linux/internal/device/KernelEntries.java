// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.IpAddresses;
import io.varpd.api.MacAddress;
import io.varpd.api.TargetPoint;
import io.varpd.overlay.linux.internal.netlink.InetBytes;
import io.varpd.overlay.linux.internal.netlink.MalformedMessageException;
import io.varpd.overlay.linux.internal.netlink.NeighbourMessage;
import io.varpd.overlay.linux.internal.netlink.NeighbourRequests;
import io.varpd.overlay.linux.internal.netlink.Neighbours;
import io.varpd.overlay.linux.internal.netlink.NetlinkMessage;
import io.varpd.overlay.linux.internal.netlink.Rtnetlink;
import io.varpd.overlay.linux.internal.socket.KernelException;
import io.varpd.overlay.linux.internal.socket.LinuxErrno;
import io.varpd.overlay.linux.internal.socket.RequestChannel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The FDB and neighbour entries of one vxlan, as requests to the kernel, remembering which ones varpd installed so that
 * closing an adopted device removes exactly those. Entries are permanent (see {@link NeighbourRequests}); a target on
 * the device's own port is installed without {@code NDA_PORT}, so the kernel keeps following the device's port.
 */
final class KernelEntries {
    private final RequestChannel channel;
    private final IntSupplier ifindex;
    private final String link;
    private volatile int devicePort;
    /** False once the kernel said it cannot get one FDB entry (EOPNOTSUPP): dumps are used instead. */
    private volatile boolean singleGet = true;

    private final Set<MacAddress> fdb = ConcurrentHashMap.newKeySet();
    /** The neighbours varpd installed, with the MAC each points at, so a MAC's removal takes them too. */
    private final Map<InetAddress, MacAddress> neighbours = new ConcurrentHashMap<>();

    KernelEntries(RequestChannel channel, IntSupplier ifindex, String link, int devicePort) {
        this.channel = channel;
        this.ifindex = ifindex;
        this.link = link;
        this.devicePort = devicePort;
    }

    void devicePort(int port) {
        this.devicePort = port;
    }

    int devicePort() {
        return devicePort;
    }

    /** {@code mac -> target}; the target must have an IP. */
    void installFdb(MacAddress mac, TargetPoint target) throws KernelException {
        InetAddress ip = target.ip().orElseThrow(() -> new IllegalArgumentException("target " + target + " has no IP"));
        channel.ack(
                NeighbourRequests.fdbReplace(ifindex.getAsInt(), mac, ip, portAttribute(target.port()), -1),
                () -> "bridge fdb replace " + mac + " dev " + link + " dst " + TargetPoint.of(ip, target.port()));
        fdb.add(mac);
    }

    /**
     * Packs {@code mac -> ip:port} for an L2 miss into {@code batch}; the device records it with {@link #installedFdb}
     * once the kernel has it.
     */
    void packFdb(InstallBatch batch, LinuxOverlayDevice d, MacAddress mac, InetAddress ip, int port) {
        batch.fdb(d, ifindex.getAsInt(), mac, ip, portAttribute(port));
    }

    /**
     * Packs {@code mac -> target}, then {@code ip -> mac}, for an address miss into {@code batch}, then the completion
     * of the neighbour {@code ip} on {@code bridgeIndex} (none when negative; see
     * {@code LinuxOverlayDevice.bridgeNeighbourCompleted}).
     */
    void packAddress(
            InstallBatch batch,
            LinuxOverlayDevice d,
            InetAddress ip,
            MacAddress mac,
            TargetPoint target,
            int bridgeIndex) {
        batch.address(
                d, ifindex.getAsInt(), ip, mac, target.ip().orElseThrow(), portAttribute(target.port()), bridgeIndex);
    }

    /** A packed FDB entry the kernel accepted. */
    void installedFdb(MacAddress mac) {
        fdb.add(mac);
    }

    /** A packed neighbour the kernel accepted. */
    void installedNeighbour(InetAddress ip, MacAddress mac) {
        neighbours.put(ip, mac);
    }

    /** {@code mac -> drop}: a remote of 0.0.0.0 (or :: for an IPv6 underlay) is a drop in vxlan_xmit. */
    void installDrop(MacAddress mac, InetAddress underlayFamily) throws KernelException {
        channel.ack(
                NeighbourRequests.fdbReplace(ifindex.getAsInt(), mac, InetBytes.any(underlayFamily), 0, -1),
                "bridge fdb replace " + mac + " dev " + link + " dst (any: drop)");
        fdb.add(mac);
    }

    /** Replaces the all-zeros default entry with one remote, {@code target}. */
    void setDefault(TargetPoint target) throws KernelException {
        clearDefault();
        InetAddress ip = target.ip().orElseThrow(() -> new IllegalArgumentException("target " + target + " has no IP"));
        channel.ack(
                NeighbourRequests.fdbAppend(ifindex.getAsInt(), MacAddress.ZERO, ip, portAttribute(target.port())),
                "bridge fdb append 00:00:00:00:00:00 dev " + link + " dst " + target);
        fdb.add(MacAddress.ZERO);
    }

    void clearDefault() throws KernelException {
        deleteFdbIfPresent(MacAddress.ZERO);
    }

    void installNeighbour(InetAddress ip, MacAddress mac) throws KernelException {
        channel.ack(
                NeighbourRequests.neighbourReplace(ifindex.getAsInt(), ip, mac),
                () -> "ip neigh replace " + IpAddresses.format(ip) + " lladdr " + mac + " dev " + link
                        + " nud permanent");
        neighbours.put(ip, mac);
    }

    /** The MAC of the neighbour varpd installed for {@code ip}, null when it installed none. */
    MacAddress neighbourOf(InetAddress ip) {
        return neighbours.get(ip);
    }

    /** Whether varpd installed an FDB entry for {@code mac} that the kernel has not removed since. */
    boolean hasFdb(MacAddress mac) {
        return fdb.contains(mac);
    }

    /** Deletes the entry for {@code mac}; ENOENT when there is none. */
    void deleteFdb(MacAddress mac) throws KernelException {
        fdb.remove(mac);
        channel.ack(
                NeighbourRequests.fdbDelete(ifindex.getAsInt(), mac),
                "bridge fdb del " + mac + " dev " + link + " self");
    }

    void deleteFdbIfPresent(MacAddress mac) throws KernelException {
        try {
            deleteFdb(mac);
        } catch (KernelException e) {
            if (e.errno() != LinuxErrno.ENOENT) {
                throw e;
            }
        }
    }

    void deleteNeighbourIfPresent(InetAddress ip) throws KernelException {
        neighbours.remove(ip);
        try {
            channel.ack(
                    NeighbourRequests.neighbourDelete(ifindex.getAsInt(), ip),
                    "ip neigh del " + IpAddresses.format(ip) + " dev " + link);
        } catch (KernelException e) {
            if (e.errno() != LinuxErrno.ENOENT) {
                throw e;
            }
        }
    }

    /**
     * Deletes the neighbours varpd installed that point at {@code mac}: they are permanent, so the kernel would never
     * ask about those addresses again and traffic would keep going to a MAC that is gone or has moved.
     *
     * @return the addresses whose neighbour was removed
     */
    List<InetAddress> deleteNeighboursOf(MacAddress mac) throws KernelException {
        List<InetAddress> removed = new ArrayList<>();
        for (Map.Entry<InetAddress, MacAddress> n : List.copyOf(neighbours.entrySet())) {
            if (n.getValue().equals(mac)) {
                deleteNeighbourIfPresent(n.getKey());
                removed.add(n.getKey());
            }
        }
        return removed;
    }

    /**
     * The permanent IPv4/IPv6 neighbours of the vxlan with their MACs, whoever installed them: on a vxlan taken over
     * from an earlier run, these are the ones that run installed.
     */
    Map<InetAddress, MacAddress> dumpPermanentNeighbours() throws KernelException {
        int index = ifindex.getAsInt();
        Map<InetAddress, MacAddress> out = new java.util.LinkedHashMap<>();
        for (NetlinkMessage m : channel.dump(NeighbourRequests.neighbourDump(index), "ip neigh show dev " + link)) {
            if (!NeighbourMessage.isNeighbourType(m.type())) {
                continue;
            }
            try {
                NeighbourMessage n = NeighbourMessage.decode(m);
                Optional<InetAddress> ip = n.destination();
                Optional<MacAddress> mac = n.lladdr();
                if (n.ifindex() == index
                        && n.hasState(Neighbours.NUD_PERMANENT)
                        && ip.isPresent()
                        && mac.isPresent()
                        && (n.family() == Rtnetlink.AF_INET || n.family() == Rtnetlink.AF_INET6)) {
                    out.put(ip.get(), mac.get());
                }
            } catch (MalformedMessageException e) {
                channel.countMalformed();
            }
        }
        return out;
    }

    /**
     * Takes entries found on the vxlan as varpd's own, as if this run had installed them: they are then corrected,
     * removed with their MAC and removed on close like any other.
     */
    void own(List<FdbEntry> fdbEntries, Map<InetAddress, MacAddress> neighbourEntries) {
        fdbEntries.forEach(e -> fdb.add(e.mac()));
        neighbours.putAll(neighbourEntries);
    }

    /** Deletes every neighbour varpd installed (a flush). */
    void deleteNeighbours() throws KernelException {
        for (InetAddress ip : List.copyOf(neighbours.keySet())) {
            deleteNeighbourIfPresent(ip);
        }
    }

    /** The vxlan's own unicast FDB entries with a remote, in MAC order. */
    List<FdbEntry> dumpFdb() throws KernelException {
        int index = ifindex.getAsInt();
        List<FdbEntry> out = new ArrayList<>();
        for (NetlinkMessage m : channel.dump(NeighbourRequests.fdbDump(index), "bridge fdb show dev " + link)) {
            if (!NeighbourMessage.isNeighbourType(m.type())) {
                continue;
            }
            try {
                entryOf(NeighbourMessage.decode(m), index).ifPresent(out::add);
            } catch (MalformedMessageException e) {
                channel.countMalformed(); // a dump entry we cannot read is not ours to show
            }
        }
        out.sort(Comparator.comparing(FdbEntry::mac));
        return out;
    }

    /**
     * The vxlan's own entry for {@code mac}, asked of the kernel alone (one request, one answer) rather than found in a
     * dump of every entry. A kernel without {@code ndo_fdb_get} for vxlan answers EOPNOTSUPP: the dump is then used,
     * from then on.
     */
    Optional<FdbEntry> getFdb(MacAddress mac) throws KernelException {
        if (!singleGet) {
            return findInDump(mac);
        }
        int index = ifindex.getAsInt();
        NetlinkMessage m;
        try {
            m = channel.get(
                    NeighbourRequests.fdbGet(index, mac), () -> "bridge fdb get " + mac + " dev " + link + " self");
        } catch (KernelException e) {
            if (e.errno() == LinuxErrno.ENOENT) {
                return Optional.empty();
            }
            if (e.errno() == LinuxErrno.EOPNOTSUPP) {
                singleGet = false;
                return findInDump(mac);
            }
            throw e;
        }
        if (!NeighbourMessage.isNeighbourType(m.type())) {
            throw new KernelException(
                    "bridge fdb get " + mac + ": answered with message type " + m.type(), LinuxErrno.EINVAL);
        }
        try {
            return entryOf(NeighbourMessage.decode(m), index)
                    .filter(e -> e.mac().equals(mac));
        } catch (MalformedMessageException e) {
            channel.countMalformed();
            throw new KernelException(
                    "bridge fdb get " + mac + ": unreadable answer (" + e.getMessage() + ")", LinuxErrno.EINVAL);
        }
    }

    /** Whether single-entry gets are used (false after the kernel answered EOPNOTSUPP). */
    boolean readsSingleEntries() {
        return singleGet;
    }

    private Optional<FdbEntry> findInDump(MacAddress mac) throws KernelException {
        for (FdbEntry e : dumpFdb()) {
            if (e.mac().equals(mac)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** A unicast remote of the vxlan {@code index} itself ({@code NTF_SELF}), else empty. */
    private Optional<FdbEntry> entryOf(NeighbourMessage n, int index) throws MalformedMessageException {
        if (n.ifindex() != index || !n.hasFlag(Neighbours.NTF_SELF)) {
            return Optional.empty();
        }
        var mac = n.lladdr();
        var dst = n.destination();
        if (mac.isEmpty()
                || dst.isEmpty()
                || mac.get().isMulticast()
                || mac.get().equals(MacAddress.ZERO)) {
            return Optional.empty();
        }
        return Optional.of(
                new FdbEntry(mac.get(), dst.get(), n.port().orElse(devicePort), n.hasState(Neighbours.NUD_PERMANENT)));
    }

    /** The kernel deleted {@code mac}'s entry (notification): it is no longer ours to remove. */
    void forgetFdb(MacAddress mac) {
        fdb.remove(mac);
    }

    /** Keeps only the installed entries that a fresh dump still shows (after lost notifications). */
    void reconcile(List<FdbEntry> dump) {
        Set<MacAddress> present = ConcurrentHashMap.newKeySet();
        dump.forEach(e -> present.add(e.mac()));
        fdb.removeIf(mac -> !mac.equals(MacAddress.ZERO) && !present.contains(mac));
    }

    /** Removes every entry varpd installed; failures are collected, not thrown, so all are tried. */
    List<String> removeInstalled() {
        List<String> failures = new ArrayList<>();
        for (InetAddress ip : List.copyOf(neighbours.keySet())) {
            try {
                deleteNeighbourIfPresent(ip);
            } catch (KernelException e) {
                failures.add(e.getMessage());
            }
        }
        for (MacAddress mac : List.copyOf(fdb)) {
            try {
                deleteFdbIfPresent(mac);
            } catch (KernelException e) {
                failures.add(e.getMessage());
            }
        }
        return failures;
    }

    Map<String, Integer> installedCounts() {
        return Map.of("fdb", fdb.size(), "neighbours", neighbours.size());
    }

    private int portAttribute(int port) {
        return port == 0 || port == devicePort ? 0 : port;
    }
}
