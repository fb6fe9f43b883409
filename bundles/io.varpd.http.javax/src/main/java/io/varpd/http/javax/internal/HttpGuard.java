// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.javax.internal;

import io.varpd.http.internal.ErrorAnswers;
import io.varpd.http.internal.Guard;
import io.varpd.http.internal.GuardConfig;
import java.io.IOException;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.http.whiteboard.Preprocessor;

/**
 * The {@link Guard} as a javax HTTP Whiteboard {@link Preprocessor}: in front of everything served over HTTP (the web
 * console, the HTTP API, the metrics, whatever else registers). Configuration: PID {@value Guard#PID}
 * ({@link GuardConfig}).
 */
@Component(service = Preprocessor.class, configurationPid = Guard.PID)
public class HttpGuard implements Preprocessor {
    private final Guard guard;

    @Activate
    public HttpGuard(GuardConfig config) {
        guard = new Guard(config);
    }

    @Modified
    public void modified(GuardConfig config) {
        guard.configure(config);
    }

    @Override
    public void init(FilterConfig config) {
        // Nothing to set up (Servlet 3.1's Filter has no default methods).
    }

    @Override
    public void destroy() {
        // Nothing to release.
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest req = (HttpServletRequest) request;
        GuardedResponse resp = new GuardedResponse((HttpServletResponse) response);
        JavaxExchange x = new JavaxExchange(req, resp);
        Guard.Admission a = guard.admit(x);
        if (a == null) {
            return;
        }
        if (a.wantsPass()) {
            resp.beforeBody(() -> guard.offerPass(x, a));
        }
        try {
            chain.doFilter(req, resp);
            resp.finish();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // Past the whiteboard's own catch (an Error), or thrown before any context's filters.
            ErrorAnswers.answer(x, e);
        } finally {
            guard.after(x, a);
        }
    }

    /** For the tests: the shared guard this preprocessor applies. */
    public Guard guard() {
        return guard;
    }
}
