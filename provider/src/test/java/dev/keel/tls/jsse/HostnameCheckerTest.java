package dev.keel.tls.jsse;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 9525 service identity checks against certificates with known subjectAltNames. */
class HostnameCheckerTest {
    /** One certificate carrying every kind of presented identifier the table needs. */
    private static final X509Certificate CERT = TestPki.issue(KeyType.EC_P256, "CN=table.example", List.of(
                    "www.example.com",
                    "*.wild.example.com",
                    "xn--bcher-kva.example",
                    "trailing.example.org.",
                    "MiXeD.Example.NET",
                    "*.com",
                    "f*o.partial.example",
                    "*.*.double.example",
                    "*.0.2.1"),
            List.of("192.0.2.1", "2001:db8::1"),
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), true).leaf();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // exact names, case-insensitive, trailing dot on either side
        "www.example.com, true",
        "WWW.Example.COM, true",
        "www.example.com., true",
        "example.com, false",
        "ww.example.com, false",
        "trailing.example.org, true",
        "mixed.example.net, true",
        // wildcards: complete left-most label only, exactly one label
        "a.wild.example.com, true",
        "A-B.WILD.example.com, true",
        "wild.example.com, false",
        "a.b.wild.example.com, false",
        "foo.com, false",
        "foo.partial.example, false",
        "fo.partial.example, false",
        "x.y.double.example, false",
        // internationalised names: compared as A-labels
        "bücher.example, true",
        "xn--bcher-kva.example, true",
        "BÜCHER.example, true",
        "bucher.example, false",
        // IP literals: iPAddress entries only, never dNSName or wildcards
        "192.0.2.1, true",
        "192.0.2.2, false",
        "2001:db8::1, true",
        "2001:DB8:0:0:0:0:0:1, true",
        "[2001:db8::1], true",
        "2001:db8::2, false",
        "1.0.2.1, false",
        // malformed references
        "'', false",
        "., false",
        "www..example.com, false",
        "*.wild.example.com, false",
    })
    void table(String host, boolean expected) throws Exception {
        assertEquals(expected, HostnameChecker.matches(host, CERT), host);
    }

    @Test
    void noCommonNameFallback() throws Exception {
        X509Certificate cnOnly = TestPki.issue(KeyType.EC_P256, "CN=cn.example.com", List.of()).leaf();
        assertFalse(HostnameChecker.matches("cn.example.com", cnOnly));
        X509Certificate sanElsewhere = TestPki.issue(KeyType.EC_P256, "CN=cn.example.com",
                List.of("other.example.com")).leaf();
        assertFalse(HostnameChecker.matches("cn.example.com", sanElsewhere));
    }

    @Test
    void anIpAddressWrittenAsDnsNameDoesNotMatchTheIp() throws Exception {
        X509Certificate dnsIp = TestPki.issue(KeyType.EC_P256, "CN=x", List.of("192.0.2.7")).leaf();
        assertFalse(HostnameChecker.matches("192.0.2.7", dnsIp));
    }

    @Test
    void ipLiteralDetection() {
        for (String ip : new String[] {"127.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "[::1]", "fe80::1:2"}) {
            assertTrue(HostnameChecker.isIpLiteral(ip), ip);
        }
        for (String name : new String[] {"256.0.0.1", "1.2.3", "01.2.3.4", "1.2.3.4.5", "example.com", "localhost",
                "fe80::1%eth0", "::g", ""}) {
            assertFalse(HostnameChecker.isIpLiteral(name), name);
        }
    }

    @Test
    void checkThrowsWithTheHostInTheMessage() {
        X509Certificate localhost = TestPki.server(KeyType.EC_P256).leaf();
        assertDoesNotThrow(() -> HostnameChecker.check("localhost", localhost));
        assertDoesNotThrow(() -> HostnameChecker.check("127.0.0.1", localhost));
        CertificateException e = assertThrows(CertificateException.class,
                () -> HostnameChecker.check("evil.example", localhost));
        assertTrue(e.getMessage().contains("evil.example"), e.getMessage());
        assertThrows(CertificateException.class, () -> HostnameChecker.check("127.0.0.2", localhost));
    }
}
