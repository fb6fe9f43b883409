// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.api.plugin;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handle that must be answered exactly once (illumos varpd's query, ARP and DHCP handles).
 *
 * <p>Any thread may answer, at any time, including from inside the op that received the handle. A second answer is
 * refused: it returns {@code false}, is logged by core, and changes nothing. Handles still open when their instance is
 * destroyed or their plugin leaves are answered {@link #drop()} by core, after which the plugin's own late answer is
 * likewise refused.
 *
 * <p>Implemented by core only ({@code @ProviderType}): plugins and devices call it and never implement it, so a later
 * minor version may add methods to it.
 */
@ProviderType
public interface Reply {
    /**
     * Answers "drop": for a lookup the frame is discarded; for an ARP/NDP/DHCP question nothing is proxied.
     *
     * @return true if this was the first answer
     */
    boolean drop();

    /**
     * Answers "I could not find out": the plugin's source of truth did not answer (a mapping server unreachable or
     * timing out). Traffic treats it as {@link #drop()}, but an operator's diagnostic lookup reports it as this error
     * instead of "not found", and core counts it as an error rather than a drop.
     *
     * @param errno {@link io.varpd.api.Errno#EHOSTUNREACH} or {@link io.varpd.api.Errno#ETIME}
     * @param reason a sentence naming what failed (the server, the error)
     * @return true if this was the first answer
     * @since 1.1
     */
    default boolean fail(io.varpd.api.Errno errno, String reason) {
        return drop();
    }

    /** Whether an answer has been given (by the plugin or by core). */
    boolean isAnswered();
}
