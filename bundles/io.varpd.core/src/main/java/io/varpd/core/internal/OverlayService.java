// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.core.internal;

import io.varpd.api.VarpdException;
import io.varpd.api.admin.PluginInfo;
import io.varpd.api.device.OverlayDeviceProvider;
import io.varpd.core.internal.instance.OverlayRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Core's private service between the reconciler ({@link VarpdCore}) and the management component: read the records, and
 * apply one configuration now and wait for the outcome.
 */
public interface OverlayService {
    List<OverlayRecord> records();

    Optional<OverlayRecord> byLink(String link);

    List<PluginInfo> plugins();

    /** The device provider in charge of each device type, by type. */
    Map<String, OverlayDeviceProvider> deviceProviders();

    /**
     * Reads {@code pid} from Configuration Admin, applies it (or its deletion) and returns the record afterwards; empty
     * when it no longer exists.
     *
     * @throws VarpdException ETIME when core did not finish within its time limit
     */
    Optional<OverlayRecord> sync(String pid) throws VarpdException;
}
