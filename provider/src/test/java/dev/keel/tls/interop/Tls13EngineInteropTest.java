package dev.keel.tls.interop;

import static dev.keel.tls.interop.Engines.KEEL;
import static dev.keel.tls.interop.Engines.SUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.testutil.EnginePump;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keel ↔ SunJSSE and Keel ↔ Keel, in memory, TLS 1.3: every suite × certificate type, every group,
 * HelloRetryRequest both ways, ALPN, SNI, 1 MiB each way and close_notify, asserting what both sides
 * negotiated.
 */
class Tls13EngineInteropTest {
    private static final String[] SUITES = {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"};
    private static final int MIB = 1 << 20;

    static Stream<Arguments> suiteByKeyByPair() {
        List<Arguments> out = new ArrayList<>();
        String[][] pairs = {{KEEL, SUN}, {SUN, KEEL}, {KEEL, KEEL}};
        for (String[] pair : pairs) {
            for (KeyType key : KeyType.values()) {
                for (String suite : SUITES) {
                    out.add(Arguments.of(pair[0], pair[1], key, suite));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} client -> {1} server, {2}, {3}")
    @MethodSource("suiteByKeyByPair")
    void everySuiteAndCertificateType(String clientProvider, String serverProvider, KeyType key, String suite)
            throws SSLException {
        SSLEngine client = Engines.client(clientProvider);
        SSLEngine server = Engines.server(serverProvider, key);
        Engines.suites(client, suite);
        EnginePump pump = new EnginePump(client, server);
        pump.handshake();

        for (SSLEngine e : new SSLEngine[] {client, server}) {
            SSLSession s = e.getSession();
            assertEquals("TLSv1.3", s.getProtocol());
            assertEquals(suite, s.getCipherSuite());
        }
        X509Certificate leaf = (X509Certificate) client.getSession().getPeerCertificates()[0];
        assertEquals(key.jcaKeyType().equals("Ed25519") ? List.of("Ed25519", "EdDSA").contains(
                leaf.getPublicKey().getAlgorithm()) : true, true);
        assertKeelFinishedOnce(pump, client, clientProvider);
        assertKeelFinishedOnce(pump, server, serverProvider);

        pump.transfer(MIB, MIB);
        pump.closeBoth();
        assertTrue(client.isInboundDone() && client.isOutboundDone());
        assertTrue(server.isInboundDone() && server.isOutboundDone());
    }

    private static void assertKeelFinishedOnce(EnginePump pump, SSLEngine e, String provider) {
        if (provider.equals(KEEL)) {
            assertEquals(1, pump.finishedCount(e), "a Keel engine reports FINISHED exactly once");
        }
    }

    static Stream<Arguments> groupByPair() {
        List<Arguments> out = new ArrayList<>();
        String[] groups = {"x25519", "secp256r1", "secp384r1", "x448", "ffdhe2048", "ffdhe3072"};
        for (String g : groups) {
            out.add(Arguments.of(KEEL, SUN, g));
            out.add(Arguments.of(SUN, KEEL, g));
            out.add(Arguments.of(KEEL, KEEL, g));
        }
        return out.stream();
    }

    /**
     * The Keel side is restricted to one group. A Keel client then sends its only share for it; a Keel
     * server facing SunJSSE's default shares (x25519, secp256r1) must ask for any other group with a
     * HelloRetryRequest.
     */
    @ParameterizedTest(name = "{0} client -> {1} server, {2}")
    @MethodSource("groupByPair")
    void everyGroup(String clientProvider, String serverProvider, String group) throws SSLException {
        SSLEngine client = null;
        SSLEngine server = null;
        EnginePump pump = null;
        // SunJSSE does not left-pad its TLS 1.3 ffdhe shared secret (RFC 8446 7.4.1): about one handshake
        // in 256 derives other keys than Keel's, which pads, and fails on the first encrypted record. Such
        // a failure (and only that one) gets one more try; any other failure, or two in a row, fails.
        boolean sunFfdhe = group.startsWith("ffdhe") && (clientProvider.equals(SUN) || serverProvider.equals(SUN));
        for (int attempt = 1; pump == null; attempt++) {
            client = clientProvider.equals(KEEL)
                    ? Engines.withNamedGroups(group, () -> Engines.client(KEEL)) : Engines.client(SUN);
            server = serverProvider.equals(KEEL)
                    ? Engines.withNamedGroups(group, () -> Engines.server(KEEL, KeyType.EC_P256))
                    : Engines.server(SUN, KeyType.EC_P256);
            EnginePump candidate = new EnginePump(client, server);
            try {
                candidate.handshake();
                pump = candidate;
            } catch (SSLException e) {
                String m = String.valueOf(e.getMessage());
                boolean padding = m.contains("Tag mismatch") || m.contains("bad_record_mac");
                if (!sunFfdhe || !padding || attempt == 2) {
                    throw e;
                }
            }
        }
        SSLEngine keel = clientProvider.equals(KEEL) ? client : server;
        assertEquals(NamedGroup.fromName(group), Engines.keelSession(keel.getSession()).namedGroup());
        if (clientProvider.equals(SUN)) {
            boolean sunSentShare = group.equals("x25519") || group.equals("secp256r1");
            assertEquals(!sunSentShare, Engines.keelSession(server.getSession()).helloRetryRequested());
        }
        pump.transfer(1000, 1000);
        pump.closeBoth();
    }

    /** Keel client offers x25519 first; the server accepts only secp384r1: HelloRetryRequest. */
    @ParameterizedTest(name = "Keel client -> {0} server")
    @ValueSource(strings = {KEEL})
    void keelClientAnswersHelloRetryRequest(String serverProvider) throws SSLException {
        SSLEngine client = Engines.withNamedGroups("x25519,secp384r1", () -> Engines.client(KEEL));
        SSLEngine server = Engines.withNamedGroups("secp384r1", () -> Engines.server(serverProvider, KeyType.RSA_2048));
        EnginePump pump = new EnginePump(client, server);
        pump.handshake();
        assertTrue(Engines.keelSession(client.getSession()).helloRetryRequested());
        assertTrue(Engines.keelSession(server.getSession()).helloRetryRequested());
        assertEquals(NamedGroup.SECP384R1, Engines.keelSession(client.getSession()).namedGroup());
        pump.transfer(10_000, 10_000);
    }

    static Stream<Arguments> pairs() {
        return Stream.of(Arguments.of(KEEL, SUN), Arguments.of(SUN, KEEL), Arguments.of(KEEL, KEEL));
    }

    @ParameterizedTest(name = "{0} client -> {1} server")
    @MethodSource("pairs")
    void alpnPicksTheServersPreference(String clientProvider, String serverProvider) throws SSLException {
        SSLEngine client = Engines.client(clientProvider);
        SSLEngine server = Engines.server(serverProvider, KeyType.EC_P256);
        Engines.alpn(client, "h2", "http/1.1");
        Engines.alpn(server, "http/1.1", "h2");
        new EnginePump(client, server).handshake();
        assertEquals("http/1.1", client.getApplicationProtocol());
        assertEquals("http/1.1", server.getApplicationProtocol());
    }

    @ParameterizedTest(name = "{0} client -> {1} server")
    @MethodSource("pairs")
    void alpnMismatchIsNoApplicationProtocol(String clientProvider, String serverProvider) {
        SSLEngine client = Engines.client(clientProvider);
        SSLEngine server = Engines.server(serverProvider, KeyType.EC_P256);
        Engines.alpn(client, "h2");
        Engines.alpn(server, "spdy/3");
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> new EnginePump(client, server).handshake());
        // Keel's own failure names the offers; a received alert names it; SunJSSE's server says
        // "No matching application layer protocol values".
        String m = e.getMessage();
        assertTrue(m.contains("no_application_protocol") || m.contains("application protocol")
                || m.contains("No matching application layer protocol"), m);
    }

    @ParameterizedTest(name = "{0} client -> {1} server")
    @MethodSource("pairs")
    void noAlpnOnEitherSideNegotiatesNone(String clientProvider, String serverProvider) throws SSLException {
        SSLEngine client = Engines.client(clientProvider);
        SSLEngine server = Engines.server(serverProvider, KeyType.EC_P256);
        new EnginePump(client, server).handshake();
        assertEquals("", client.getApplicationProtocol());
        assertEquals("", server.getApplicationProtocol());
    }

    @ParameterizedTest(name = "{0} client -> {1} server")
    @MethodSource("pairs")
    void sniReachesTheServer(String clientProvider, String serverProvider) throws SSLException {
        SSLEngine client = Engines.client(clientProvider);
        SSLParameters p = client.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName("www.example.com")));
        client.setSSLParameters(p);
        SSLEngine server = Engines.server(serverProvider, KeyType.EC_P256);
        new EnginePump(client, server).handshake();
        List<SNIServerName> names = ((ExtendedSSLSession) server.getSession()).getRequestedServerNames();
        assertEquals(List.of(new SNIHostName("www.example.com")), names);
    }

    @ParameterizedTest(name = "{0} client -> Keel server")
    @ValueSource(strings = {KEEL, SUN})
    void sniMatcherRejectsAnUnknownName(String clientProvider) {
        SSLEngine client = Engines.client(clientProvider);
        SSLParameters p = client.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName("evil.example")));
        client.setSSLParameters(p);
        SSLEngine server = Engines.server(KEEL, KeyType.EC_P256);
        SSLParameters sp = server.getSSLParameters();
        sp.setSNIMatchers(List.of(SNIHostName.createSNIMatcher("www\\.example\\.com")));
        server.setSSLParameters(sp);
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> new EnginePump(client, server).handshake());
        assertInstanceOf(SSLHandshakeException.class, e);
        assertFalse(server.getSession().isValid());
    }

    /** The client's session shows the server's certificate, the server's its own. */
    @ParameterizedTest(name = "{0} client -> {1} server")
    @MethodSource("pairs")
    void sessionsShowCertificatesAndPeer(String clientProvider, String serverProvider) throws Exception {
        SSLEngine client = Engines.client(clientProvider);
        SSLEngine server = Engines.server(serverProvider, KeyType.RSA_2048);
        new EnginePump(client, server).handshake();
        SSLSession cs = client.getSession();
        assertEquals("localhost", cs.getPeerHost());
        assertEquals(443, cs.getPeerPort());
        X509Certificate serverLeaf = (X509Certificate) server.getSession().getLocalCertificates()[0];
        assertEquals(serverLeaf, cs.getPeerCertificates()[0]);
        assertEquals(serverLeaf.getSubjectX500Principal(), cs.getPeerPrincipal());
    }
}
