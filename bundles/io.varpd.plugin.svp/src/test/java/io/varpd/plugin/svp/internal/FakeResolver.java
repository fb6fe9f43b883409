// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.plugin.svp.internal;

import io.varpd.plugin.svp.internal.remote.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A resolver whose answer the test sets: some addresses, or a failure. Counts its calls. */
final class FakeResolver implements HostResolver {
    private volatile List<InetAddress> addresses = List.of();
    private volatile UnknownHostException failure;
    final AtomicInteger calls = new AtomicInteger();

    void answer(InetAddress... a) {
        addresses = List.of(a);
        failure = null;
    }

    void fail(UnknownHostException e) {
        failure = e;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        calls.incrementAndGet();
        UnknownHostException f = failure;
        if (f != null) {
            throw f;
        }
        return addresses;
    }
}
