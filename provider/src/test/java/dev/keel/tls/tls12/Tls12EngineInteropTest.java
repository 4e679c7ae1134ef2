package dev.keel.tls.tls12;

import static dev.keel.tls.tls12.Peers.BC;
import static dev.keel.tls.tls12.Peers.KEEL;
import static dev.keel.tls.tls12.Peers.SUN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.session.TlsSession;
import dev.keel.tls.testutil.EnginePump;
import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS 1.2 in memory, Keel ↔ SunJSSE, Keel ↔ Bouncy Castle JSSE (both ways) and Keel ↔ Keel: every
 * TLS 1.2 suite Keel implements with the certificate its key exchange needs, asserting the version and
 * suite both sides negotiated, then 1 MiB each way and close_notify both ways.
 *
 * <p>The client uses its default protocols (TLS 1.3 and 1.2, so a Keel client sends its one ClientHello
 * for both and hands over to TLS 1.2 on the ServerHello); the server is limited to TLS 1.2 and to the
 * suite under test. Static-RSA suites are not enabled by default anywhere, so the client enables the
 * suite explicitly.
 */
class Tls12EngineInteropTest {
    private static final int MIB = 1 << 20;

    static final String[] ECDHE_ECDSA = {
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"};
    static final String[] ECDHE_RSA = {
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};
    static final String[] DHE_RSA = {
        "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};
    static final String[] RSA = {"TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256"};

    static final String[][] PAIRS = {{KEEL, SUN}, {SUN, KEEL}, {KEEL, BC}, {BC, KEEL}, {KEEL, KEEL}};

    static Stream<Arguments> suiteByPair() {
        List<Arguments> out = new ArrayList<>();
        for (String[] pair : PAIRS) {
            for (String s : ECDHE_ECDSA) {
                out.add(Arguments.of(pair[0], pair[1], s, KeyType.EC_P256));
            }
            for (String s : concat(ECDHE_RSA, DHE_RSA)) {
                out.add(Arguments.of(pair[0], pair[1], s, KeyType.RSA_2048));
            }
            for (String s : RSA) {
                if (!pair[0].equals(SUN) && !pair[1].equals(SUN) || sunJsseEnablesStaticRsa()) {
                    out.add(Arguments.of(pair[0], pair[1], s, KeyType.RSA_2048));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} client -> {1} server, {2}")
    @MethodSource("suiteByPair")
    void everySuite(String clientPeer, String serverPeer, String suite, KeyType key) throws SSLException {
        SSLEngine client = Peers.client(clientPeer, "TLS");
        SSLEngine server = Peers.server(serverPeer, "TLS", key);
        server.setEnabledProtocols(new String[] {"TLSv1.2"});
        server.setEnabledCipherSuites(new String[] {suite});
        if (suite.startsWith("TLS_RSA_")) {
            client.setEnabledCipherSuites(concat(client.getEnabledCipherSuites(), new String[] {suite}));
        }
        EnginePump pump = new EnginePump(client, server);
        pump.handshake();

        for (SSLEngine e : new SSLEngine[] {client, server}) {
            SSLSession s = e.getSession();
            assertEquals("TLSv1.2", s.getProtocol(), e + " protocol");
            assertEquals(suite, s.getCipherSuite(), e + " suite");
        }
        X509Certificate serverLeaf = (X509Certificate) client.getSession().getPeerCertificates()[0];
        assertEquals(TestPki.server(key).leaf(), serverLeaf);
        for (String[] side : new String[][] {{clientPeer, "client"}, {serverPeer, "server"}}) {
            if (side[0].equals(KEEL)) {
                SSLEngine keel = side[1].equals("client") ? client : server;
                assertEquals(1, pump.finishedCount(keel), "a Keel engine reports FINISHED exactly once");
                TlsSession ts = Peers.keelSession(keel.getSession());
                assertTrue(ts.extendedMasterSecret(), "extended master secret negotiated");
                assertEquals(48, ts.masterSecret().length);
                if (!suite.startsWith("TLS_RSA_")) {
                    assertNotNull(ts.namedGroup(), "the (EC)DHE group is recorded");
                    assertEquals(suite.startsWith("TLS_DHE_"), ts.namedGroup().isFiniteField());
                }
            }
        }
        pump.transfer(MIB, MIB);
        pump.closeBoth();
        assertTrue(client.isInboundDone() && client.isOutboundDone());
        assertTrue(server.isInboundDone() && server.isOutboundDone());
    }

    /**
     * SunJSSE on JDK 24+ lists TLS_RSA_* in jdk.tls.disabledAlgorithms, read once per JVM: static
     * RSA against SunJSSE is then covered by {@link Tls12SunJsseStaticRsaTest} in a JVM of its own.
     */
    static boolean sunJsseEnablesStaticRsa() {
        String disabled = Security.getProperty("jdk.tls.disabledAlgorithms");
        return disabled == null || !disabled.contains("TLS_RSA_");
    }

    // ------------------------------------------------------------------ certificates and groups

    static Stream<Arguments> ecdsaKeys() {
        List<Arguments> out = new ArrayList<>();
        for (String[] pair : new String[][] {{KEEL, SUN}, {SUN, KEEL}, {KEEL, KEEL}}) {
            for (KeyType key : new KeyType[] {KeyType.EC_P384, KeyType.ED25519}) {
                out.add(Arguments.of(pair[0], pair[1], key));
            }
        }
        return out.stream();
    }

    /** ECDSA P-384 and Ed25519 certificates sign the ServerKeyExchange of ECDHE_ECDSA (RFC 8422 5.1). */
    @ParameterizedTest(name = "{0} client -> {1} server, {2}")
    @MethodSource("ecdsaKeys")
    void ecdheEcdsaWithOtherCertificateKeys(String clientPeer, String serverPeer, KeyType key) throws SSLException {
        SSLEngine client = Peers.client(clientPeer, "TLSv1.2");
        SSLEngine server = Peers.server(serverPeer, "TLSv1.2", key);
        EnginePump pump = new EnginePump(client, server);
        pump.handshake();
        assertEquals("TLSv1.2", client.getSession().getProtocol());
        assertTrue(server.getSession().getCipherSuite().startsWith("TLS_ECDHE_ECDSA_"),
                server.getSession().getCipherSuite());
        pump.transfer(10_000, 10_000);
        pump.closeBoth();
    }

    static Stream<Arguments> groups() {
        List<Arguments> out = new ArrayList<>();
        for (String g : new String[] {"x25519", "secp256r1", "secp384r1", "secp521r1", "x448"}) {
            out.add(Arguments.of(g, ECDHE_RSA[1], KEEL));
            out.add(Arguments.of(g, ECDHE_RSA[1], SUN));
        }
        for (String g : new String[] {"ffdhe2048", "ffdhe3072", "ffdhe4096"}) {
            out.add(Arguments.of(g, DHE_RSA[1], KEEL));
            out.add(Arguments.of(g, DHE_RSA[1], SUN));
        }
        return out.stream();
    }

    /**
     * The Keel client offers one group only; the server (Keel, SunJSSE) must use it: RFC 8422 5.1.1
     * for curves, RFC 7919 4 for finite-field groups in DHE.
     */
    @ParameterizedTest(name = "Keel client ({0}) -> {2} server, {1}")
    @MethodSource("groups")
    void everyGroup(String group, String suite, String serverPeer) throws SSLException {
        SSLEngine client = Peers.withProperty("jdk.tls.namedGroups", group, () -> Peers.client(KEEL, "TLSv1.2"));
        SSLEngine server = serverPeer.equals(KEEL)
                ? Peers.withProperty("jdk.tls.namedGroups", group, () -> Peers.server(KEEL, "TLSv1.2", KeyType.RSA_2048))
                : Peers.server(serverPeer, "TLSv1.2", KeyType.RSA_2048);
        server.setEnabledCipherSuites(new String[] {suite});
        EnginePump pump = new EnginePump(client, server);
        pump.handshake();
        assertEquals(NamedGroup.fromName(group), Peers.keelSession(client.getSession()).namedGroup());
        pump.transfer(1000, 1000);
    }

    // ------------------------------------------------------------------ ALPN, SNI, client auth

    static Stream<Arguments> pairs() {
        return Arrays.stream(PAIRS).map(p -> Arguments.of(p[0], p[1]));
    }

    @ParameterizedTest(name = "{0} client -> {1} server")
    @MethodSource("pairs")
    void alpnAndSniInServerHello(String clientPeer, String serverPeer) throws SSLException {
        SSLEngine client = Peers.client(clientPeer, "TLSv1.2");
        SSLParameters p = client.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName("www.example.com")));
        p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        client.setSSLParameters(p);
        SSLEngine server = Peers.server(serverPeer, "TLSv1.2", KeyType.EC_P256);
        SSLParameters sp = server.getSSLParameters();
        sp.setApplicationProtocols(new String[] {"http/1.1", "h2"});
        server.setSSLParameters(sp);
        new EnginePump(client, server).handshake();
        assertEquals("http/1.1", client.getApplicationProtocol());
        assertEquals("http/1.1", server.getApplicationProtocol());
        if (!serverPeer.equals(BC)) { // BCJSSE answers this on the handshake session only
            assertEquals(List.of(new SNIHostName("www.example.com")),
                    ((ExtendedSSLSession) server.getSession()).getRequestedServerNames());
        }
    }

    static Stream<Arguments> clientAuthPairs() {
        return Stream.of(Arguments.of(KEEL, SUN), Arguments.of(SUN, KEEL), Arguments.of(KEEL, BC),
                Arguments.of(BC, KEEL), Arguments.of(KEEL, KEEL));
    }

    /** CertificateRequest → client Certificate and CertificateVerify over the handshake messages (RFC 5246 7.4.8). */
    @ParameterizedTest(name = "{0} client -> {1} server")
    @MethodSource("clientAuthPairs")
    void clientCertificate(String clientPeer, String serverPeer) throws SSLException {
        SSLEngine client = Peers.clientWithCertificate(clientPeer, "TLSv1.2");
        SSLEngine server = Peers.server(serverPeer, "TLSv1.2", KeyType.RSA_2048);
        server.setNeedClientAuth(true);
        EnginePump pump = new EnginePump(client, server);
        pump.handshake();
        assertEquals("TLSv1.2", server.getSession().getProtocol());
        X509Certificate seen = (X509Certificate) server.getSession().getPeerCertificates()[0];
        assertEquals(TestPki.client().leaf(), seen);
        assertEquals(TestPki.client().leaf(), client.getSession().getLocalCertificates()[0]);
        pump.transfer(10_000, 10_000);
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static void assertSameContent(String[] expected, String[] actual) {
        assertArrayEquals(expected, actual);
    }
}
