// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.overlay.memory.internal;

import java.util.ArrayList;
import java.util.List;

/** An append-only record that can be read or taken, for the frames a test inspects. */
final class Recorder<T> {
    private List<T> items = new ArrayList<>();

    synchronized void add(T item) {
        items.add(item);
    }

    synchronized List<T> snapshot() {
        return List.copyOf(items);
    }

    synchronized List<T> take() {
        List<T> taken = items;
        items = new ArrayList<>();
        return taken;
    }
}
