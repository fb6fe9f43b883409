// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.frame;

import java.util.Objects;

/**
 * The outcome of checking a frame: either the parsed value or the reason it was rejected. Rejection is an ordinary
 * outcome (frames on the wire are often not what a proxy wants), so it is a value, not an exception.
 *
 * <pre>{@code
 * Validation<ArpRequest> v = ProxyArp.validate(request, frame, frame.length);
 * if (!v.isValid()) {
 *     log.debug("proxy ARP: {}", v.reason());   // e.g. "not an ARP request: opcode 2"
 *     ...drop
 * }
 * Inet4Address target = v.value().targetIp();
 * }</pre>
 *
 * @param <T> what a valid frame yields
 */
public sealed interface Validation<T> permits Validation.Valid, Validation.Rejected {

    /** A valid outcome carrying {@code value}. */
    static <T> Validation<T> valid(T value) {
        return new Valid<>(value);
    }

    /** A rejection; {@code reason} names the failed check and what was found. */
    static <T> Validation<T> rejected(String reason) {
        return new Rejected<>(reason);
    }

    /** True when the frame passed every check. */
    boolean isValid();

    /**
     * The parsed value.
     *
     * @throws IllegalStateException when rejected (the message is the reason)
     */
    T value();

    /**
     * Why the frame was rejected.
     *
     * @throws IllegalStateException when valid
     */
    String reason();

    /** A frame that passed every check. */
    record Valid<T>(T value) implements Validation<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public String reason() {
            throw new IllegalStateException("the frame is valid; there is no rejection reason");
        }
    }

    /** A frame that failed a check. */
    record Rejected<T>(String reason) implements Validation<T> {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean isValid() {
            return false;
        }

        @Override
        public T value() {
            throw new IllegalStateException("the frame was rejected: " + reason);
        }
    }
}
