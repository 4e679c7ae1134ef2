package dev.keel.tls.jsse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.connection.TlsConnection;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.ServerName;
import dev.keel.tls.session.TlsSession;
import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSessionBindingEvent;
import javax.net.ssl.SSLSessionBindingListener;
import org.junit.jupiter.api.Test;

class KeelSSLSessionTest {
    private static final KeelSessionContext CONTEXT = new KeelSessionContext(true);

    private static TlsSession negotiated() {
        TlsSession s = new TlsSession("peer.example", 8443);
        s.setId(new byte[] {1, 2, 3});
        s.setProtocol(ProtocolVersion.TLS13);
        s.setCipherSuite(CipherSuite.TLS_AES_256_GCM_SHA384);
        X509Certificate[] chain = TestPki.server(KeyType.EC_P256).chain();
        s.setPeerCertificates(chain);
        s.setRequestedServerNames(List.of(ServerName.hostName("peer.example")));
        s.setLocalSignatureSchemes(List.of(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA256,
                SignatureScheme.RSA_PSS_PSS_SHA256, SignatureScheme.ED25519, SignatureScheme.RSA_PKCS1_SHA256));
        s.setPeerSignatureSchemes(List.of(SignatureScheme.ECDSA_SECP384R1_SHA384, SignatureScheme.ED448));
        return s;
    }

    @Test
    void oneWrapperPerCoreSession() {
        TlsSession core = negotiated();
        KeelSSLSession a = KeelSSLSession.of(core, CONTEXT);
        assertSame(a, KeelSSLSession.of(core, CONTEXT));
        assertSame(core, a.tlsSession());
        assertNotSame(a, KeelSSLSession.of(negotiated(), CONTEXT));
    }

    @Test
    void reportsWhatWasNegotiated() throws Exception {
        TlsSession core = negotiated();
        KeelSSLSession s = KeelSSLSession.of(core, CONTEXT);
        assertEquals("TLSv1.3", s.getProtocol());
        assertEquals("TLS_AES_256_GCM_SHA384", s.getCipherSuite());
        assertArrayEquals(new byte[] {1, 2, 3}, s.getId());
        assertEquals("peer.example", s.getPeerHost());
        assertEquals(8443, s.getPeerPort());
        assertSame(CONTEXT, s.getSessionContext());
        assertEquals(TlsConnection.MAX_PACKET_SIZE, s.getPacketBufferSize());
        assertEquals(TlsConnection.MAX_PLAINTEXT_SIZE, s.getApplicationBufferSize());
        X509Certificate leaf = TestPki.server(KeyType.EC_P256).leaf();
        assertEquals(leaf, s.getPeerCertificates()[0]);
        assertEquals(leaf.getSubjectX500Principal(), s.getPeerPrincipal());
        assertNull(s.getLocalCertificates());
        assertNull(s.getLocalPrincipal());
        assertEquals(List.of(new SNIHostName("peer.example")), s.getRequestedServerNames());
        assertEquals(core.creationTime(), s.getCreationTime());
        assertTrue(s.getLastAccessedTime() >= s.getCreationTime());
        assertTrue(s.isValid());
        s.invalidate();
        assertFalse(s.isValid());
        assertFalse(core.isValid());
    }

    @Test
    void signatureAlgorithmsUseJcaNames() {
        KeelSSLSession s = KeelSSLSession.of(negotiated(), CONTEXT);
        assertArrayEquals(new String[] {"SHA256withECDSA", "RSASSA-PSS", "Ed25519", "SHA256withRSA"},
                s.getLocalSupportedSignatureAlgorithms());
        assertArrayEquals(new String[] {"SHA384withECDSA", "Ed448"}, s.getPeerSupportedSignatureAlgorithms());
    }

    @Test
    void everyJcaNameIsARealSignatureAlgorithm() throws Exception {
        for (SignatureScheme scheme : SignatureScheme.values()) {
            // Throws NoSuchAlgorithmException for a name the JDK does not know.
            java.security.Signature.getInstance(scheme.jcaName());
        }
    }

    @Test
    void unauthenticatedPeer() {
        TlsSession core = new TlsSession(null, -1);
        KeelSSLSession s = KeelSSLSession.of(core, CONTEXT);
        assertThrows(SSLPeerUnverifiedException.class, s::getPeerCertificates);
        assertThrows(SSLPeerUnverifiedException.class, s::getPeerPrincipal);
        core.setLocalCertificates(TestPki.server(KeyType.RSA_2048).chain());
        assertEquals(TestPki.server(KeyType.RSA_2048).leaf().getSubjectX500Principal(), s.getLocalPrincipal());
    }

    @Test
    void valuesWithBindingEvents() {
        KeelSSLSession s = KeelSSLSession.of(negotiated(), CONTEXT);
        List<String> events = new ArrayList<>();
        SSLSessionBindingListener listener = new SSLSessionBindingListener() {
            @Override
            public void valueBound(SSLSessionBindingEvent e) {
                assertSame(s, e.getSession());
                events.add("bound:" + e.getName());
            }

            @Override
            public void valueUnbound(SSLSessionBindingEvent e) {
                events.add("unbound:" + e.getName());
            }
        };
        // Before any value is put (the map is then made on demand): nothing to see or remove.
        assertEquals(0, s.getValueNames().length);
        assertNull(s.getValue("a"));
        s.removeValue("a");
        assertEquals(List.of(), events);
        s.putValue("a", listener);
        s.putValue("b", "plain");
        assertSame(listener, s.getValue("a"));
        assertEquals(List.of("a", "b"), List.of(s.getValueNames()).stream().sorted().toList());
        s.putValue("a", "replacement");
        s.putValue("c", listener);
        s.removeValue("c");
        s.removeValue("missing");
        assertEquals(List.of("bound:a", "unbound:a", "bound:c", "unbound:c"), events);
        assertNull(s.getValue("c"));
        assertThrows(IllegalArgumentException.class, () -> s.putValue(null, "x"));
        assertThrows(IllegalArgumentException.class, () -> s.putValue("x", null));
        assertThrows(IllegalArgumentException.class, () -> s.getValue(null));
        assertThrows(IllegalArgumentException.class, () -> s.removeValue(null));
    }

    @Test
    void nullSessionLooksLikeSunJsses() {
        KeelSSLSession s = KeelSSLSession.nullSession();
        assertEquals("NONE", s.getProtocol());
        assertEquals("SSL_NULL_WITH_NULL_NULL", s.getCipherSuite());
        assertFalse(s.isValid());
        assertNull(s.getPeerHost());
        assertEquals(-1, s.getPeerPort());
        assertNull(s.getSessionContext());
        assertEquals(0, s.getLocalSupportedSignatureAlgorithms().length);
        assertTrue(s.getRequestedServerNames().isEmpty());
    }

    @Test
    void sessionContextKeepsSettings() {
        KeelSessionContext c = new KeelSessionContext(true);
        assertEquals(KeelSessionContext.DEFAULT_TIMEOUT_SECONDS, c.getSessionTimeout());
        c.setSessionTimeout(60);
        c.setSessionCacheSize(5);
        assertEquals(60, c.getSessionTimeout());
        assertEquals(5, c.getSessionCacheSize());
        assertFalse(c.getIds().hasMoreElements());
        assertNull(c.getSession(new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> c.setSessionTimeout(-1));
    }
}
