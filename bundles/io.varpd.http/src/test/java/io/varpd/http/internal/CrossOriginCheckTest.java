// SPDX-License-Identifier: CDDL-1.0
// Copyright the varpd for OSGi contributors

package io.varpd.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.varpd.http.internal.CrossOriginCheck.Basis;
import io.varpd.http.internal.CrossOriginCheck.Verdict;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CrossOriginCheckTest {
    private static Verdict check(String method, String scheme, String... nameValue) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < nameValue.length; i += 2) {
            headers.put(nameValue[i], nameValue[i + 1]);
        }
        return CrossOriginCheck.check(method, scheme, headers::get);
    }

    @Test
    void aFormPostFromAnotherPortOnLocalhostIsRefused() {
        // What the attack page of issue 13 sent: same site (localhost), another origin.
        Verdict v = check(
                "POST",
                "http",
                "Host",
                "127.0.0.1:8080",
                "Sec-Fetch-Site",
                "same-site",
                "Origin",
                "http://127.0.0.1:9999");

        assertFalse(v.allowed());
        assertEquals(Basis.SEC_FETCH_SITE, v.basis());
        assertEquals("http://127.0.0.1:9999", v.origin());
        assertFalse(check("DELETE", "http", "Host", "127.0.0.1:8080", "Sec-Fetch-Site", "cross-site")
                .allowed());
    }

    @Test
    void theConsolesOwnPagesAndTypedAddressesPass() {
        assertTrue(check(
                        "POST",
                        "http",
                        "Host",
                        "127.0.0.1:8080",
                        "Sec-Fetch-Site",
                        "same-origin",
                        "Origin",
                        "http://127.0.0.1:8080")
                .allowed());
        assertTrue(check("POST", "http", "Host", "127.0.0.1:8080", "Sec-Fetch-Site", "none")
                .allowed());
    }

    @Test
    void safeMethodsPassWhereverTheyComeFrom() {
        for (String m : new String[] {"GET", "HEAD", "OPTIONS", "TRACE", "get"}) {
            Verdict v = check(
                    m,
                    "http",
                    "Host",
                    "127.0.0.1:8080",
                    "Sec-Fetch-Site",
                    "cross-site",
                    "Origin",
                    "http://evil.example");
            assertTrue(v.allowed(), m);
            assertEquals(Basis.SAFE_METHOD, v.basis());
        }
        assertTrue(CrossOriginCheck.isStateChanging("PATCH"));
        assertFalse(CrossOriginCheck.isStateChanging("HEAD"));
    }

    @Test
    void withoutSecFetchSiteTheOriginMustBeTheAddressedOne() {
        assertTrue(check("POST", "http", "Host", "127.0.0.1:8080", "Origin", "http://127.0.0.1:8080")
                .allowed());
        // Through an ssh tunnel the browser addresses another port, and says so in both headers.
        assertTrue(check("PUT", "http", "Host", "localhost:9999", "Origin", "http://LOCALHOST:9999")
                .allowed());
        // Default ports are the same whether written or not.
        assertTrue(check("POST", "http", "Host", "varpd.example", "Origin", "http://varpd.example:80")
                .allowed());
        assertTrue(check("POST", "https", "Host", "varpd.example:443", "Origin", "https://varpd.example")
                .allowed());

        Verdict other = check("POST", "http", "Host", "127.0.0.1:8080", "Origin", "http://localhost:8080");
        assertFalse(other.allowed());
        assertEquals(Basis.ORIGIN, other.basis());
        assertEquals("http://localhost:8080", other.origin());
        assertFalse(check("POST", "http", "Host", "127.0.0.1:8080", "Origin", "https://127.0.0.1:8080")
                .allowed());
        assertFalse(check("POST", "http", "Host", "127.0.0.1:8080", "Origin", "http://127.0.0.1:8081")
                .allowed());
    }

    @Test
    void anOpaqueOriginOrAMissingHostIsRefused() {
        Verdict opaque = check("POST", "http", "Host", "127.0.0.1:8080", "Origin", "null");
        assertFalse(opaque.allowed());
        assertEquals("null", opaque.origin());
        assertFalse(check("POST", "http", "Origin", "http://127.0.0.1:8080").allowed(), "no Host to compare with");
    }

    @Test
    void theRefererDecidesWhenNothingElseSpeaks() {
        assertTrue(check(
                        "POST",
                        "http",
                        "Host",
                        "127.0.0.1:8080",
                        "Referer",
                        "http://127.0.0.1:8080/system/console/configMgr")
                .allowed());

        Verdict v = check("POST", "http", "Host", "127.0.0.1:8080", "Referer", "http://127.0.0.1:9999/attack.html?x=1");
        assertFalse(v.allowed());
        assertEquals(Basis.REFERER, v.basis());
        assertEquals("http://127.0.0.1:9999", v.origin());
        assertFalse(check("POST", "http", "Host", "127.0.0.1:8080", "Referer", "not a url")
                .allowed());
    }

    @Test
    void aRequestWithoutBrowserHeadersPasses() {
        // curl, scripts, Prometheus: nobody tricked them into sending it.
        Verdict v = check("POST", "http", "Host", "127.0.0.1:8080", "Content-Type", "application/json");
        assertTrue(v.allowed());
        assertEquals(Basis.NO_BROWSER_HEADERS, v.basis());
        assertNull(v.origin());
    }

    @Test
    void anUnknownSecFetchSiteValueLeavesTheDecisionToTheOrigin() {
        assertFalse(check(
                        "POST",
                        "http",
                        "Host",
                        "127.0.0.1:8080",
                        "Sec-Fetch-Site",
                        "somewhere-new",
                        "Origin",
                        "http://127.0.0.1:9999")
                .allowed());
        assertTrue(check(
                        "POST",
                        "http",
                        "Host",
                        "127.0.0.1:8080",
                        "Sec-Fetch-Site",
                        "somewhere-new",
                        "Origin",
                        "http://127.0.0.1:8080")
                .allowed());
    }

    @Test
    void aRefusalWithoutOriginOrRefererStillNamesWhatTheBrowserSaid() {
        Verdict v = check("POST", "http", "Host", "127.0.0.1:8080", "Sec-Fetch-Site", "cross-site");
        assertEquals("(a cross-site page)", v.origin());
    }
}
