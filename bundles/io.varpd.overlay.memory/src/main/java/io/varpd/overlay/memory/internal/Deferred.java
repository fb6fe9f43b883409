package io.varpd.overlay.memory.internal;

import io.varpd.api.TargetPoint;
import io.varpd.overlay.memory.Transmission;
import java.util.ArrayList;
import java.util.List;

/**
 * The effects of one device operation, decided under the device lock and carried out after it is
 * released: frames to send and misses to report. The lists are created only when used, since most
 * operations have one effect or none.
 */
final class Deferred {
    private List<Transmission> sends = List.of();
    private List<MemoryLookup> misses = List.of();

    void send(TargetPoint target, byte[] frame) {
        if (sends.isEmpty()) {
            sends = new ArrayList<>(1);
        }
        sends.add(new Transmission(target, frame));
    }

    void report(MemoryLookup miss) {
        if (misses.isEmpty()) {
            misses = new ArrayList<>(1);
        }
        misses.add(miss);
    }

    List<Transmission> sends() {
        return sends;
    }

    List<MemoryLookup> misses() {
        return misses;
    }
}
