// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.javax.internal;

import io.varpd.http.internal.ErrorAnswers;
import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Catches what a servlet throws, in every servlet context (the web console's own included), and answers it as
 * {@link ErrorAnswers} says: one log line for an aborted request, a plain 500 with a reference (never a stack trace)
 * for anything else.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterName("varpd error filter")
@HttpWhiteboardFilterAsyncSupported
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=*)")
public class ServletErrorFilter implements Filter {
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
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (request instanceof HttpServletRequest && response instanceof HttpServletResponse) {
                ErrorAnswers.answer(new JavaxExchange((HttpServletRequest) request, (HttpServletResponse) response), e);
            } else {
                throw e;
            }
        }
    }
}
