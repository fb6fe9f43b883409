// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.varpd.http.internal.jakarta.ApiContextHelper;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.osgi.service.servlet.context.ServletContextHelper;

class ApiContextHelperTest {
    private ConsoleAccount account = new ConsoleAccount("operator", ConsolePasswordTest.SALTED_1000);
    private final ApiContextHelper helper = new ApiContextHelper(new ApiAuthenticator(() -> account));

    @Test
    void goodCredentialsPassAndNameTheUser() throws IOException {
        HttpFakes.Request req = new HttpFakes.Request("GET", "/overlays")
                .header("Authorization", ApiAuthenticatorTest.basic("operator", "s3cret"));
        HttpFakes.Response resp = new HttpFakes.Response();

        assertTrue(helper.handleSecurity(req.build(), resp.build()));

        assertEquals("operator", req.attributes.get(ServletContextHelper.REMOTE_USER));
        assertEquals("BASIC", req.attributes.get(ServletContextHelper.AUTHENTICATION_TYPE));
        assertEquals("", resp.body(), "nothing written: the servlet answers");
    }

    @Test
    void missingCredentialsGet401ChallengeAndJsonError() throws IOException {
        HttpFakes.Response resp = new HttpFakes.Response();

        assertFalse(helper.handleSecurity(new HttpFakes.Request("GET", "/overlays").build(), resp.build()));

        assertEquals(401, resp.status);
        assertEquals("Basic realm=\"varpd API\", charset=\"UTF-8\"", resp.header("WWW-Authenticate"));
        JsonObject o = JsonParser.parseString(resp.body()).getAsJsonObject();
        assertEquals("EPERM", o.get("error").getAsString());
        assertTrue(o.get("message").getAsString().contains("authentication required"));
    }

    @Test
    void badCredentialsGet401AndNoUser() throws IOException {
        HttpFakes.Request req = new HttpFakes.Request("DELETE", "/overlays/vxlan0")
                .header("Authorization", ApiAuthenticatorTest.basic("operator", "wrong"));
        HttpFakes.Response resp = new HttpFakes.Response();

        assertFalse(helper.handleSecurity(req.build(), resp.build()));

        assertEquals(401, resp.status);
        assertNull(req.attributes.get(ServletContextHelper.REMOTE_USER));
    }

    @Test
    void defaultConsolePasswordLooksLikeAnyOtherRefusalToTheClient() throws IOException {
        account = new ConsoleAccount("admin", ConsolePasswordTest.CONSOLE_DEFAULT_HASH);
        HttpFakes.Request req = new HttpFakes.Request("GET", "/overlays")
                .header("Authorization", ApiAuthenticatorTest.basic("admin", "admin"));
        HttpFakes.Response refused = new HttpFakes.Response();
        assertFalse(helper.handleSecurity(req.build(), refused.build()));

        account = new ConsoleAccount("operator", ConsolePasswordTest.SALTED_1000);
        HttpFakes.Response wrong = new HttpFakes.Response();
        helper.handleSecurity(
                new HttpFakes.Request("GET", "/overlays")
                        .header("Authorization", ApiAuthenticatorTest.basic("admin", "admin"))
                        .build(),
                wrong.build());

        assertEquals(401, refused.status);
        assertEquals(wrong.body(), refused.body(), "the answer does not reveal the default password");
    }

    @Test
    void aRefusalWhileNoUsableAccountExistsIsMarkedAsNoGuess() throws IOException {
        HttpFakes.Request wrong = new HttpFakes.Request("GET", "/overlays")
                .header("Authorization", ApiAuthenticatorTest.basic("operator", "wrong"));
        assertFalse(helper.handleSecurity(wrong.build(), new HttpFakes.Response().build()));
        assertNull(wrong.attributes.get(Guard.LOGIN_NOT_CHECKED), "a wrong password is a guess");

        account = new ConsoleAccount("admin", null);
        HttpFakes.Request starting = new HttpFakes.Request("GET", "/overlays")
                .header("Authorization", ApiAuthenticatorTest.basic("admin", "s3cret"));
        assertFalse(helper.handleSecurity(starting.build(), new HttpFakes.Response().build()));
        assertEquals(Boolean.TRUE, starting.attributes.get(Guard.LOGIN_NOT_CHECKED));
    }
}
