// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * varpd's overlay instances as Felix Health Checks.
 *
 * <p>Theory. A Felix health check is nothing but a service: any {@code HealthCheck} registered with {@code hc.name} and
 * {@code hc.tags} is found by the health check executor and shows up in the web console's Health Check page, in
 * {@code hc:exec} and in the HC servlets. This bundle publishes two kinds of them, all tagged
 * {@value io.varpd.healthcheck.internal.VarpdHealthChecks#TAG}:
 *
 * <ul>
 *   <li>one summary check, {@value io.varpd.healthcheck.internal.VarpdHealthChecks#SUMMARY_NAME}, whose log has one
 *       line per configured instance (so one request answers "is every overlay well?"); it is the DS component
 *       {@link io.varpd.healthcheck.internal.VarpdHealthChecks} itself;
 *   <li>one check per instance, named {@code varpd overlay <link>} and carrying {@code varpd.link=<link>}, so each
 *       overlay gets its own row, its own history in the executor, and can be selected by name.
 * </ul>
 *
 * <p>What the checks say comes from {@link io.varpd.healthcheck.internal.OverlayHealth}, a pure function of
 * {@link io.varpd.api.admin.InstanceInfo}: ACTIVE and ONLINE is OK; DEGRADED (the plugin's {@code fma_degrade} message)
 * and WAITING (for its plugin or device) are WARN, since the system is up but needs attention; a configuration ERROR is
 * CRITICAL. Every check reads the instance live from {@link io.varpd.api.admin.VarpdAdmin} when it is executed, never a
 * cached copy, so a result is as fresh as the executor's own result cache.
 *
 * <p>The set of per-instance check services, though, must follow the set of instances, and core has no event API to say
 * when an instance comes or goes (its management API only answers questions). So the set is refreshed by polling: a
 * single scheduled thread asks {@code VarpdAdmin.instances()} every
 * {@value io.varpd.healthcheck.internal.VarpdHealthChecks#POLL_SECONDS} seconds and
 * {@link io.varpd.healthcheck.internal.InstanceCheckRegistrations} registers a check for each new link and unregisters
 * the checks of links that are gone. A poll is one cheap snapshot of core's table. The lag only affects when a row
 * appears or disappears: a check whose instance was deleted a moment ago says so when executed, and the summary check
 * never lags at all.
 *
 * <p>Nothing here may fail silently or take anything else down. A failed poll or registration is kept and shown as a
 * WARN line of the summary check, and retried at the next poll; the polling task catches everything, because a
 * scheduled task that throws is never run again.
 *
 * <p>Why a bundle of its own: importing {@code org.apache.felix.hc.api} pulls the HC API (and with it slf4j) into every
 * framework that runs core. Kept apart, core stays free of it, and an appliance without Felix HC simply does not
 * install this bundle. The bundle imports only the HC API, core's management API, the framework and DS.
 */
package io.varpd.healthcheck.internal;
