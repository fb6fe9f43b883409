// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.linux.internal.socket;

import io.varpd.api.VarpdException;
import java.util.Optional;

/**
 * A failed system call or a netlink request the kernel refused: the Linux errno, what was being done, and the kernel's
 * extended-ack text when it gave one.
 */
public final class KernelException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String kernelText;

    public KernelException(String operation, int errno, String kernelText) {
        super(operation + ": " + LinuxErrno.name(errno) + (kernelText == null ? "" : " (kernel: " + kernelText + ")"));
        this.errno = errno;
        this.kernelText = kernelText;
    }

    public KernelException(String operation, int errno) {
        this(operation, errno, null);
    }

    public int errno() {
        return errno;
    }

    /** The extended-ack message, e.g. "A VXLAN device with the specified VNI already exists.". */
    public Optional<String> kernelText() {
        return Optional.ofNullable(kernelText);
    }

    /** This failure as varpd reports it, with {@code context} (what varpd was doing) first. */
    public VarpdException toVarpd(String context) {
        return new VarpdException(LinuxErrno.toVarpd(errno), context + ": " + getMessage(), this);
    }
}
