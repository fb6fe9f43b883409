package io.varpd.api.device;

/**
 * Implemented by core and given to a device when it is opened: the device reports each
 * target-cache miss here. Calls never block on a plugin; they may come from any device thread.
 */
public interface DeviceListener {
    /**
     * A miss: core finds the instance, asks its plugin and answers through {@code lookup}
     * exactly once. Misses before the instance is associated are answered DROP.
     */
    void lookup(DeviceLookup lookup);

    /**
     * A neighbour miss: resolve an overlay IP to a MAC and its destination, answering
     * {@code lookup} exactly once. Misses before the instance is associated are unresolved.
     */
    default void resolve(AddressLookup lookup) {
        lookup.unresolved("this listener does not resolve addresses");
    }
}
