// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * The memory device implementation; see {@link io.varpd.overlay.memory} for the theory. Not exported.
 *
 * <p>{@link io.varpd.overlay.memory.internal.MemoryDeviceProvider} opens devices and routes frames between them;
 * {@link io.varpd.overlay.memory.internal.MemoryOverlayDevice} owns the lock, the association and the records;
 * {@link io.varpd.overlay.memory.internal.TargetCache} is the kernel's DYNAMIC target cache as a plain state machine
 * that runs under that lock and hands its effects to a {@link io.varpd.overlay.memory.internal.Deferred} to be carried
 * out after it.
 */
package io.varpd.overlay.memory.internal;
