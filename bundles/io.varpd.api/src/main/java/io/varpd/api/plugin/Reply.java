package io.varpd.api.plugin;

/**
 * A handle that must be answered exactly once (the seed's query, ARP and DHCP handles).
 *
 * <p>Any thread may answer, at any time, including from inside the op that received the handle.
 * A second answer is refused: it returns {@code false}, is logged by core, and changes nothing.
 * Handles still open when their instance is destroyed or their plugin leaves are answered
 * {@link #drop()} by core, after which the plugin's own late answer is likewise refused.
 */
public interface Reply {
    /**
     * Answers "drop": for a lookup the frame is discarded; for an ARP/NDP/DHCP question nothing is
     * proxied.
     *
     * @return true if this was the first answer
     */
    boolean drop();

    /** Whether an answer has been given (by the plugin or by core). */
    boolean isAnswered();
}
