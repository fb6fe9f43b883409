// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.device;

import io.varpd.api.Errno;
import io.varpd.api.VarpdException;
import io.varpd.overlay.linux.internal.netlink.LinkMessage;
import io.varpd.overlay.linux.internal.netlink.LinkRequests;
import io.varpd.overlay.linux.internal.netlink.MalformedMessageException;
import io.varpd.overlay.linux.internal.netlink.NetlinkMessage;
import io.varpd.overlay.linux.internal.netlink.VxlanSpec;
import io.varpd.overlay.linux.internal.socket.KernelException;
import io.varpd.overlay.linux.internal.socket.LinuxErrno;
import io.varpd.overlay.linux.internal.socket.RequestChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Link requests with their answers read: find a link by name, create and delete the vxlan, set it up. */
final class VxlanLinks {
    private VxlanLinks() {}

    /** The link called {@code name}, empty when there is none. */
    static Optional<LinkMessage> find(RequestChannel c, String name) throws KernelException {
        try {
            return Optional.of(LinkMessage.decode(c.get(LinkRequests.getByName(name), "ip link show " + name)));
        } catch (KernelException e) {
            if (e.errno() == LinuxErrno.ENODEV) {
                return Optional.empty();
            }
            throw e;
        } catch (MalformedMessageException e) {
            c.countMalformed();
            throw new KernelException(
                    "ip link show " + name + ": unreadable answer (" + e.getMessage() + ")", LinuxErrno.EINVAL);
        }
    }

    /** Every link of the channel's namespace; entries that cannot be read are counted and skipped. */
    static List<LinkMessage> all(RequestChannel c) throws KernelException {
        List<LinkMessage> out = new ArrayList<>();
        for (NetlinkMessage m : c.dump(LinkRequests.dump(), "ip link show")) {
            if (!LinkMessage.isLinkType(m.type())) {
                continue;
            }
            try {
                out.add(LinkMessage.decode(m));
            } catch (MalformedMessageException e) {
                c.countMalformed();
            }
        }
        return out;
    }

    /**
     * Whether {@code l} is a vxlan as varpd creates them: {@code nolearning proxy l2miss l3miss}, the flags that make
     * the kernel ask userspace, which only a miss-driven control plane sets. The crash take-over and the search for
     * unclaimed devices use this one test. ({@code nolearning} also tells them from Docker's overlay vxlans, which
     * learn.)
     */
    static boolean carriesVarpdSignature(LinkMessage l) {
        return l.vxlan() != null
                && !l.vxlan().learning()
                && l.vxlan().proxy()
                && l.vxlan().l2miss()
                && l.vxlan().l3miss();
    }

    /** The ifindex of the existing device named by setting {@code setting}; EINVAL when absent. */
    static int indexOf(RequestChannel c, String name, String setting, String where) throws VarpdException {
        try {
            return find(c, name)
                    .orElseThrow(() ->
                            new VarpdException(Errno.EINVAL, setting + " '" + name + "': no such device in " + where))
                    .index();
        } catch (KernelException e) {
            throw e.toVarpd(setting + " '" + name + "'");
        }
    }

    /** Creates the vxlan of {@code spec} (down) and returns it as the kernel now describes it. */
    static LinkMessage create(RequestChannel c, VxlanSpec spec) throws KernelException {
        c.ack(LinkRequests.createVxlan(spec), "ip link add " + spec.name() + " type vxlan id " + spec.vni());
        return find(c, spec.name())
                .orElseThrow(() -> new KernelException(
                        "ip link show " + spec.name() + ": gone right after it was created", LinuxErrno.ENODEV));
    }

    static void up(RequestChannel c, int index, String name) throws KernelException {
        c.ack(LinkRequests.setUp(index, true), "ip link set " + name + " up");
    }

    /** Deletes link {@code index}; a link already gone is fine. */
    static void delete(RequestChannel c, int index, String name) throws KernelException {
        try {
            c.ack(LinkRequests.delete(index), "ip link del " + name);
        } catch (KernelException e) {
            if (e.errno() != LinuxErrno.ENODEV) {
                throw e;
            }
        }
    }
}
