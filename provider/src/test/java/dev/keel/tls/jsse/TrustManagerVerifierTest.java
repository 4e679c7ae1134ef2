package dev.keel.tls.jsse;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

class TrustManagerVerifierTest {
    private static final X509Certificate[] LOCALHOST = TestPki.server(KeyType.EC_P256).chain();

    private static SSLEngine client(String host, String endpointIdentification) throws Exception {
        SSLEngine e = KeelSSLEngineTest.context().createSSLEngine(host, 443);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        p.setEndpointIdentificationAlgorithm(endpointIdentification);
        e.setSSLParameters(p);
        return e;
    }

    /** The JDK's PKIX trust manager seen as a plain X509TrustManager. */
    private static X509TrustManager plain() {
        X509ExtendedTrustManager jdk = TestPki.trustManager();
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                jdk.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                jdk.checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return jdk.getAcceptedIssuers();
            }
        };
    }

    @Test
    void plainTrustManagerPlusHostnameCheckForHttps() throws Exception {
        assertDoesNotThrow(() -> new TrustManagerVerifier(plain(), client("localhost", "HTTPS"))
                .verifyServer(LOCALHOST, "UNKNOWN"));
        assertDoesNotThrow(() -> new TrustManagerVerifier(plain(), client("127.0.0.1", "LDAPS"))
                .verifyServer(LOCALHOST, "UNKNOWN"));
        CertificateException e = assertThrows(CertificateException.class,
                () -> new TrustManagerVerifier(plain(), client("www.example.com", "HTTPS"))
                        .verifyServer(LOCALHOST, "UNKNOWN"));
        assertTrue(e.getMessage().contains("www.example.com"), e.getMessage());
        // Without endpoint identification only the chain is checked.
        assertDoesNotThrow(() -> new TrustManagerVerifier(plain(), client("www.example.com", null))
                .verifyServer(LOCALHOST, "UNKNOWN"));
    }

    @Test
    void plainTrustManagerRejectionsPassThrough() throws Exception {
        X509Certificate[] untrustedRoot = {TestPki.caCertificate()};
        var freshLeaf = TestPki.issue(KeyType.EC_P256, "CN=x", List.of("localhost")).chain();
        TrustManagerVerifier v = new TrustManagerVerifier(plain(), client("localhost", "HTTPS"));
        assertDoesNotThrow(() -> v.verifyServer(freshLeaf, "UNKNOWN"));
        assertThrows(CertificateException.class, () -> v.verifyServer(new X509Certificate[0], "UNKNOWN"));
        assertThrows(CertificateException.class, () -> v.verifyServer(null, "UNKNOWN"));
        // A CA certificate presented as a server leaf: the hostname check fails (no SAN).
        assertThrows(CertificateException.class, () -> v.verifyServer(untrustedRoot, "UNKNOWN"));
    }

    @Test
    void extendedTrustManagersGetTheEngine() throws Exception {
        SSLEngine engine = client("localhost", "HTTPS");
        List<Object> seen = new ArrayList<>();
        X509ExtendedTrustManager recording = new X509ExtendedTrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {
                seen.add(authType);
                seen.add(e);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {
                seen.add("client:" + authType);
                seen.add(e);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {
                throw new AssertionError("socket variant used for an engine");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {
                throw new AssertionError("socket variant used for an engine");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                throw new AssertionError("plain variant used for an extended trust manager");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new AssertionError("plain variant used for an extended trust manager");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        TrustManagerVerifier v = new TrustManagerVerifier(recording, engine);
        v.verifyServer(LOCALHOST, "UNKNOWN");
        v.verifyClient(LOCALHOST, "EC");
        assertEquals(List.of("UNKNOWN", engine, "client:EC", engine), seen);
    }

    @Test
    void theJdkTrustManagerLooksForTheHandshakeSessionOnTheEngine() throws Exception {
        // Outside a handshake SunJSSE's PKIX trust manager refuses: proof it consulted the engine,
        // where endpoint identification and algorithm constraints come from.
        TrustManagerVerifier v = new TrustManagerVerifier(TestPki.trustManager(), client("localhost", "HTTPS"));
        CertificateException e = assertThrows(CertificateException.class, () -> v.verifyServer(LOCALHOST, "UNKNOWN"));
        assertTrue(e.getMessage().toLowerCase().contains("handshake session"), e.getMessage());
    }

    @Test
    void nullTrustManagerIsRefused() throws Exception {
        SSLEngine engine = client("localhost", null);
        assertThrows(IllegalArgumentException.class, () -> new TrustManagerVerifier(null, engine));
    }
}
