// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.healthcheck.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;

/** Test helper: a result's log as "STATUS message" lines. */
final class Results {
    private Results() {}

    static List<String> lines(Result result) {
        List<String> out = new ArrayList<>();
        for (ResultLog.Entry e : result) {
            out.add(e.getStatus() + " " + e.getMessage());
        }
        return out;
    }
}
