package dev.keel.tls.interop;

import static dev.keel.tls.interop.Engines.KEEL;
import static dev.keel.tls.interop.Engines.SUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.jsse.KeelProvider;
import dev.keel.tls.testutil.EnginePump;
import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.security.cert.X509Certificate;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** TLS 1.3 client certificates: need / want / none, Keel on either side, SunJSSE or Keel opposite. */
class ClientAuth13Test {
    static Stream<Arguments> pairs() {
        return Stream.of(Arguments.of(KEEL, SUN), Arguments.of(SUN, KEEL), Arguments.of(KEEL, KEEL));
    }

    private static SSLEngine clientWithCertificate(String provider) throws Exception {
        SSLContext ctx = provider.equals(KEEL) ? SSLContext.getInstance("TLSv1.3", new KeelProvider())
                : SSLContext.getInstance("TLSv1.3", provider);
        ctx.init(new KeyManager[] {TestPki.clientKeyManager("PKIX")}, new TrustManager[] {TestPki.trustManager()}, null);
        SSLEngine e = ctx.createSSLEngine("localhost", 443);
        e.setUseClientMode(true);
        return e;
    }

    @ParameterizedTest(name = "{0} client -> {1} server")
    @MethodSource("pairs")
    void needClientAuthWithACertificate(String clientProvider, String serverProvider) throws Exception {
        SSLEngine client = clientWithCertificate(clientProvider);
        SSLEngine server = Engines.server(serverProvider, KeyType.EC_P256);
        server.setNeedClientAuth(true);
        EnginePump pump = new EnginePump(client, server);
        pump.handshake();
        X509Certificate seen = (X509Certificate) server.getSession().getPeerCertificates()[0];
        assertEquals(TestPki.client().leaf(), seen);
        assertEquals(seen, client.getSession().getLocalCertificates()[0]);
        pump.transfer(10_000, 10_000);
    }

    @ParameterizedTest(name = "{0} client -> {1} server")
    @MethodSource("pairs")
    void needClientAuthWithoutACertificateFails(String clientProvider, String serverProvider) {
        SSLEngine client = Engines.client(clientProvider);
        SSLEngine server = Engines.server(serverProvider, KeyType.EC_P256);
        server.setNeedClientAuth(true);
        SSLException e = assertThrows(SSLException.class, () -> new EnginePump(client, server).handshake());
        if (serverProvider.equals(KEEL)) {
            assertTrue(e.getMessage().contains("certificate_required") || e.getMessage().contains("requires a client certificate"),
                    e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} client -> {1} server")
    @MethodSource("pairs")
    void wantClientAuthWithoutACertificateContinues(String clientProvider, String serverProvider) throws Exception {
        SSLEngine client = Engines.client(clientProvider);
        SSLEngine server = Engines.server(serverProvider, KeyType.RSA_2048);
        server.setWantClientAuth(true);
        new EnginePump(client, server).handshake();
        assertThrows(SSLPeerUnverifiedException.class, () -> server.getSession().getPeerCertificates());
        assertNotNull(client.getSession().getPeerCertificates());
    }
}
