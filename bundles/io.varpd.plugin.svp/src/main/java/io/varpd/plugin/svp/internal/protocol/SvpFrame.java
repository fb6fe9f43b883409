// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal.protocol;

/** A decoded message with the header it came in. */
public record SvpFrame(SvpHeader header, SvpMessage message) {}
