// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

/**
 * A bundle the browser tests build at test time and drop into the runtime's {@code deploy/} folder: it plays the local
 * guests of an overlay's memory device, so the dashboard has traffic to chart and a target table to show. Not on the
 * runtime's class path otherwise.
 */
package io.varpd.itest.browser.guest;
