// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

/**
 * The HTTP guard's settings (Configuration Admin PID {@value Guard#PID}), the same for the Jakarta and the javax
 * registration.
 */
public @interface GuardConfig {
    /** Largest declared request body, in bytes (1 to 2147483647); larger ones get 413. */
    long maxBodyBytes() default 1024 * 1024;

    /** Failed logins per address and user within a minute that cost nothing (0 to 100). */
    int loginFreeFailures() default 5;

    /** Longest wait imposed after repeated failed logins, in seconds (1 to 3600). */
    int loginMaxDelaySeconds() default 30;
}
