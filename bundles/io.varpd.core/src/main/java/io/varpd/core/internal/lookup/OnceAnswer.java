// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal.lookup;

import io.varpd.api.plugin.Reply;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once half of every query handle: the first answer claims the handle; any later one is refused, logged and
 * changes nothing.
 */
abstract class OnceAnswer implements Reply {
    private static final Logger LOG = LoggerFactory.getLogger(OnceAnswer.class);

    private final AtomicBoolean answered = new AtomicBoolean();

    /**
     * Claims the handle for an answer; false (and a log line) when it was already answered. The answer's text is only
     * built for that log line, off the hot path.
     */
    protected final boolean claim(Supplier<String> answer) {
        if (answered.compareAndSet(false, true)) {
            return true;
        }
        LOG.warn("{}: second reply '{}' refused; a query is answered exactly once", describe(), answer.get());
        return false;
    }

    @Override
    public final boolean isAnswered() {
        return answered.get();
    }

    /** What the handle is about, for log lines. */
    protected abstract String describe();
}
