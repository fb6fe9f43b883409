// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The lookup-plugin SPI: {@code libvarpd_provider.h} in Java.
 *
 * <p>Theory: a plugin is a bundle that registers one {@link io.varpd.api.plugin.PluginOps} service, with its name and
 * mode as service properties. Core keeps one plugin-owned state object per overlay instance and calls the ops with it;
 * the plugin calls back into core only through the {@link io.varpd.api.plugin.ProviderHandle} it was given and the
 * query handles it is asked to answer. Core guarantees what the C original only promised: no op is called before
 * {@code start} or after {@code stop} (except property and save/restore ops, which may be called in any state); every
 * query is answered exactly once; a plugin that throws fails its own instance, never core or other instances.
 *
 * <p>1.1 adds {@link io.varpd.api.plugin.ProviderHandle#injectUnsolicitedAdvertisement}, the IPv6 announcement the
 * original lacked, and {@link io.varpd.api.plugin.PluginOps#lookupAll}, several misses asked at once so their table
 * probes overlap (its default asks one at a time), and marks {@link io.varpd.api.plugin.ProviderHandle} as the provider
 * type it always was (core implements it, plugins only call it), so plugins built against 1.0 keep resolving. It also
 * adds {@link io.varpd.api.plugin.Reply#fail}, an answer that says the plugin could not find out (its server is
 * unreachable), which traffic treats as a drop and diagnostics report as the error it is, and
 * {@link io.varpd.api.plugin.PluginOps#describe}, an instance's live state in words for operators (its default tells
 * nothing).
 *
 * <p>1.2 adds {@link io.varpd.api.plugin.PluginOps#publish}, {@link io.varpd.api.plugin.PluginOps#withdraw} and
 * {@link io.varpd.api.plugin.PluginOps#published} with {@link io.varpd.api.plugin.HostedGuest}: a fleet plugin
 * publishes the guests this host carries so that nobody writes their mappings by hand (the defaults refuse with
 * ENOTSUP).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.varpd.api.plugin;
