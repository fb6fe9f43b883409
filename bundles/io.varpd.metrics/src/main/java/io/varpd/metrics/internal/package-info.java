// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * varpd's metrics for Prometheus: {@code GET /varpd/api/metrics}.
 *
 * <p>Theory. Counters already exist where the work happens: core counts each instance's lookups, answers and proxied
 * ARP/NDP/DHCP and hands them, with the device's own counters ({@code device_*}), to operators in
 * {@link io.varpd.api.admin.InstanceInfo#counters()}; each device provider counts what belongs to no one device in
 * {@link io.varpd.api.device.OverlayDeviceProvider#counters()}. This bundle keeps no counter of its own and no state
 * between scrapes: each request reads one snapshot (instances and stray devices from
 * {@link io.varpd.api.admin.VarpdAdmin}, the providers' counters from the providers tracked by
 * {@link io.varpd.metrics.internal.DeviceProviderCounters}), turns it into metric families
 * ({@link io.varpd.metrics.internal.MetricsModel}, pure) and writes them in the text exposition format 0.0.4
 * ({@link io.varpd.metrics.internal.PrometheusTextFormat}). Prometheus' scrape interval sets the cost; nothing runs
 * between scrapes.
 *
 * <p>Security is borrowed, never re-implemented: the endpoint ({@link io.varpd.metrics.internal.MetricsEndpoint},
 * servlet-independent) is registered as a servlet in io.varpd.http's servlet context {@code varpd.api}, whose
 * {@code handleSecurity} checks the API's login on every request: on the Jakarta Servlet Whiteboard by
 * {@code io.varpd.metrics.internal.jakarta.MetricsServlet} (our runtime), on the javax HTTP Whiteboard by bundle
 * io.varpd.metrics.javax (Karaf, Karaf's users and roles). No context, no endpoint.
 *
 * <p>Why no Prometheus client library: prometheus-metrics 1.x (textformats + model + config) are OSGi bundles, but all
 * three require {@code javax.annotation [3,4)} (jsr305, a dependency they declare only as provided), i.e. four extra
 * bundles and a split {@code javax.annotation} package beside JSR-250's in containers such as Karaf, plus a
 * configuration loader reading system properties and files; simpleclient 0.16 is the retired line and pulls five
 * bundles (its tracer imports are mandatory). The 0.0.4 text format is a few rules (names, escaping, HELP/TYPE once per
 * family), written and tested here in about a hundred lines.
 */
package io.varpd.metrics.internal;
