// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import java.util.Objects;

/**
 * The web console's account as it is configured now: the user name, the stored password (plain or hashed, see
 * {@link ConsolePassword}; {@code null} when none is configured) and where that password came from, for messages to the
 * operator.
 */
record ConsoleAccount(String username, String storedPassword, String passwordSource) {
    ConsoleAccount {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordSource, "passwordSource");
    }

    /** An account whose password comes from the console's configuration. */
    ConsoleAccount(String username, String storedPassword) {
        this(username, storedPassword, "configuration " + ConsoleAccountReader.CONSOLE_PID);
    }

    @Override
    public String toString() {
        return "ConsoleAccount[username=" + username + ", password=" + (storedPassword == null ? "unset" : "(hidden)")
                + " from " + passwordSource + "]";
    }
}
