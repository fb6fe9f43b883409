// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.varpd.api.device.DeviceListener;
import io.varpd.api.device.DeviceLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A device listener that records every miss and, when told how, answers it on the spot. Misses reported together with
 * {@link #lookupAll} are recorded as one batch too, then each is handled as {@link #lookup} handles it.
 */
final class RecordingListener implements DeviceListener {
    private final List<DeviceLookup> lookups = new ArrayList<>();
    private final List<List<DeviceLookup>> batches = new ArrayList<>();
    private volatile Consumer<DeviceLookup> answer = l -> {};

    /** Answers each later miss with {@code how}, synchronously, from inside {@link #lookup}. */
    RecordingListener answering(Consumer<DeviceLookup> how) {
        answer = how;
        return this;
    }

    @Override
    public void lookup(DeviceLookup lookup) {
        synchronized (this) {
            lookups.add(lookup);
        }
        answer.accept(lookup);
    }

    @Override
    public void lookupAll(List<? extends DeviceLookup> batch) {
        synchronized (this) {
            batches.add(List.copyOf(batch));
        }
        for (DeviceLookup l : batch) {
            lookup(l);
        }
    }

    /** The batches {@link #lookupAll} was given, oldest first. */
    synchronized List<List<DeviceLookup>> batches() {
        return List.copyOf(batches);
    }

    synchronized List<DeviceLookup> lookups() {
        return List.copyOf(lookups);
    }

    synchronized int count() {
        return lookups.size();
    }

    synchronized DeviceLookup last() {
        return lookups.get(lookups.size() - 1);
    }

    /** The one miss reported so far. */
    DeviceLookup only() {
        assertEquals(1, count(), "misses reported");
        return last();
    }
}
