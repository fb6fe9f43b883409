// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.healthcheck.internal;

import io.varpd.api.admin.InstanceInfo;
import io.varpd.api.admin.StrayDevice;
import io.varpd.api.admin.VarpdAdmin;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The summary health check {@value #SUMMARY_NAME} (tag {@value #TAG}): one log line per overlay instance and one per
 * device that exists without an instance, worst status wins. While active it also keeps one check per instance
 * published, named {@value #INSTANCE_NAME_PREFIX}{@code <link>} with {@value #LINK_PROPERTY}{@code =<link>}, by polling
 * core every {@value #POLL_SECONDS} seconds (see the package theory for why polling). Deactivation withdraws every
 * per-instance check.
 */
@Component(
        service = HealthCheck.class,
        immediate = true,
        property = {
            HealthCheck.NAME + "=" + VarpdHealthChecks.SUMMARY_NAME,
            HealthCheck.TAGS + "=" + VarpdHealthChecks.TAG
        })
public class VarpdHealthChecks implements HealthCheck {
    /** The tag of every varpd health check. */
    static final String TAG = "varpd";
    /** The summary check's name. */
    static final String SUMMARY_NAME = "varpd overlays";
    /** A per-instance check's name is this followed by the link. */
    static final String INSTANCE_NAME_PREFIX = "varpd overlay ";
    /** Service property of a per-instance check: its link name. */
    static final String LINK_PROPERTY = "varpd.link";
    /** Seconds between two polls of core's instance list. */
    static final long POLL_SECONDS = 2;

    private final VarpdAdmin admin;
    private final InstanceCheckRegistrations registrations;
    // Starts its one thread only when something is scheduled, so tests that build this with
    // the package constructor run no thread at all.
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "varpd health check poller");
        t.setDaemon(true);
        return t;
    });
    /** What went wrong at the last poll; shown by the summary check. */
    private volatile List<String> publishingProblems = List.of();

    /** DS: publishes the per-instance checks through {@code context} and starts polling. */
    @Activate
    public VarpdHealthChecks(@Reference(name = "admin") VarpdAdmin admin, BundleContext context) {
        this(admin, new BundleContextCheckRegistry(context));
        poller.scheduleWithFixedDelay(this::refresh, 0, POLL_SECONDS, TimeUnit.SECONDS);
    }

    /** Without polling: {@link #refresh} runs only when called (tests). */
    VarpdHealthChecks(VarpdAdmin admin, CheckRegistry registry) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.registrations = new InstanceCheckRegistrations(registry, link -> new InstanceHealthCheck(admin, link));
    }

    @Override
    public Result execute() {
        List<InstanceInfo> instances;
        try {
            instances = admin.instances();
        } catch (RuntimeException e) {
            return OverlayHealth.failure("could not list the overlay instances", e);
        }
        List<StrayDevice> stray;
        try {
            stray = admin.strayDevices();
        } catch (RuntimeException e) {
            return OverlayHealth.failure("could not list the devices without an instance", e);
        }
        return OverlayHealth.summary(instances, stray, publishingProblems);
    }

    /**
     * One poll: brings the per-instance checks in line with core's instances. Never throws, because a scheduled task
     * that throws is silently never run again.
     */
    void refresh() {
        try {
            List<String> links =
                    admin.instances().stream().map(InstanceInfo::link).toList();
            publishingProblems = List.copyOf(registrations.sync(links));
        } catch (RuntimeException e) {
            publishingProblems = List.of(
                    "could not list the overlay instances to publish their checks: " + OverlayHealth.describe(e));
        }
    }

    /** The links whose check is published now. */
    Set<String> publishedLinks() {
        return registrations.links();
    }

    /** Stops polling and withdraws every per-instance check (waiting for a poll in progress). */
    @Deactivate
    void deactivate() {
        poller.shutdown();
        registrations.close();
    }
}
