// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.healthcheck.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.felix.hc.api.HealthCheck;

/**
 * The bookkeeping of the per-instance checks: exactly one published check per link that core reported at the last
 * {@link #sync}, none after {@link #close}.
 *
 * <p>Thread safety: all methods are synchronized. In the bundle only the polling thread calls {@link #sync};
 * {@link #close} may come from the deactivating thread meanwhile, and the lock makes it wait for a sync in progress, so
 * nothing registered by that sync outlives the close.
 */
final class InstanceCheckRegistrations {
    private final CheckRegistry registry;
    private final Function<String, HealthCheck> checkFor;
    /** Published checks by link, in link order. */
    private final Map<String, CheckRegistry.Registration> published = new TreeMap<>();

    private boolean closed;

    /**
     * @param registry where checks are published
     * @param checkFor makes the check of a link
     */
    InstanceCheckRegistrations(CheckRegistry registry, Function<String, HealthCheck> checkFor) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.checkFor = Objects.requireNonNull(checkFor, "checkFor");
    }

    /** The service properties of the check of {@code link}. */
    static Map<String, Object> properties(String link) {
        return Map.of(
                HealthCheck.NAME,
                VarpdHealthChecks.INSTANCE_NAME_PREFIX + link,
                HealthCheck.TAGS,
                VarpdHealthChecks.TAG,
                VarpdHealthChecks.LINK_PROPERTY,
                link);
    }

    /**
     * Makes the published checks match {@code links}: publishes a check for each link that has none, withdraws the
     * checks of links not listed, and leaves the others alone. A link whose check could not be published is tried again
     * at the next sync. Does nothing once closed.
     *
     * @return what went wrong, one sentence each; empty when all went well
     */
    synchronized List<String> sync(Collection<String> links) {
        List<String> problems = new ArrayList<>();
        if (closed) {
            return problems;
        }
        Set<String> wanted = new LinkedHashSet<>(links);
        for (Iterator<Map.Entry<String, CheckRegistry.Registration>> it =
                        published.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<String, CheckRegistry.Registration> e = it.next();
            String link = e.getKey();
            CheckRegistry.Registration reg = e.getValue();
            if (!wanted.contains(link)) {
                // Read the entry before removing it: TreeMap reuses a removed entry's node for
                // its successor, so the entry would then name the wrong link.
                it.remove();
                withdraw(link, reg, problems);
            }
        }
        for (String link : wanted) {
            if (published.containsKey(link)) {
                continue;
            }
            try {
                published.put(link, registry.register(checkFor.apply(link), properties(link)));
            } catch (RuntimeException e) {
                problems.add(
                        "could not publish the health check of overlay " + link + ": " + OverlayHealth.describe(e));
            }
        }
        return problems;
    }

    /** The links that have a published check, in order. */
    synchronized Set<String> links() {
        return new LinkedHashSet<>(published.keySet());
    }

    /** Withdraws every check; later syncs do nothing. */
    synchronized void close() {
        closed = true;
        List<String> ignored = new ArrayList<>();
        published.forEach((link, reg) -> withdraw(link, reg, ignored));
        published.clear();
    }

    private static void withdraw(String link, CheckRegistry.Registration reg, List<String> problems) {
        try {
            reg.unregister();
        } catch (RuntimeException e) {
            // The registration is dropped anyway: there is nothing better to do with it.
            problems.add("could not withdraw the health check of overlay " + link + ": " + OverlayHealth.describe(e));
        }
    }
}
