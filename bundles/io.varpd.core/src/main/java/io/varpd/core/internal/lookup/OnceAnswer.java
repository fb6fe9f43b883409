// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.lookup;

import io.varpd.api.plugin.Reply;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once half of every query handle: the first answer claims the handle; any later one is refused, logged and
 * changes nothing.
 */
abstract class OnceAnswer implements Reply {
    private static final Logger LOG = LoggerFactory.getLogger(OnceAnswer.class);

    private static final VarHandle ANSWERED;

    static {
        try {
            ANSWERED = MethodHandles.lookup().findVarHandle(OnceAnswer.class, "answered", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Set once, by the first answer, through {@link #ANSWERED}. A field of the handle rather than an
     * {@code AtomicBoolean} beside it: a handle is made for every miss, and the flag's own object was 16 of the 120
     * bytes a lookup allocated (bench/README.md, {@code LookupBenchmark.lookupOnly}).
     */
    private volatile boolean answered;

    /**
     * Claims the handle for an answer; false (and a log line) when it was already answered. The answer's text is only
     * built for that log line, off the hot path.
     */
    protected final boolean claim(Supplier<String> answer) {
        if (ANSWERED.compareAndSet(this, false, true)) {
            return true;
        }
        LOG.warn("{}: second reply '{}' refused; a query is answered exactly once", describe(), answer.get());
        return false;
    }

    @Override
    public final boolean isAnswered() {
        return answered;
    }

    /** What the handle is about, for log lines. */
    protected abstract String describe();
}
