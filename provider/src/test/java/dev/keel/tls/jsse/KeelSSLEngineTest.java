package dev.keel.tls.jsse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.connection.TlsConnection;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Engine behaviour that needs no handshake. */
class KeelSSLEngineTest {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    static SSLContext context() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3", new KeelProvider());
        ctx.init(null, null, null);
        return ctx;
    }

    static SSLEngine engine(boolean client) throws Exception {
        SSLEngine e = context().createSSLEngine("www.example.com", 443);
        e.setUseClientMode(client);
        return e;
    }

    private static ByteBuffer packet() {
        return ByteBuffer.allocate(TlsConnection.MAX_PACKET_SIZE);
    }

    // ------------------------------------------------------------------ sessions before the handshake

    @Test
    void sessionBeforeHandshakeIsTheInvalidNullSession() throws Exception {
        SSLEngine e = engine(true);
        SSLSession s = e.getSession();
        assertEquals("NONE", s.getProtocol());
        assertEquals("SSL_NULL_WITH_NULL_NULL", s.getCipherSuite());
        assertFalse(s.isValid());
        assertEquals(0, s.getId().length);
        assertEquals(TlsConnection.MAX_PACKET_SIZE, s.getPacketBufferSize());
        assertEquals(TlsConnection.MAX_PLAINTEXT_SIZE, s.getApplicationBufferSize());
        assertThrows(javax.net.ssl.SSLPeerUnverifiedException.class, s::getPeerCertificates);
        assertSame(s, e.getSession(), "one placeholder per engine");
        assertNull(e.getHandshakeSession());
        assertNull(e.getApplicationProtocol());
        assertNull(e.getHandshakeApplicationProtocol());
        assertEquals(SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING, e.getHandshakeStatus());
        assertNull(e.getDelegatedTask());
        assertFalse(e.isInboundDone());
        assertFalse(e.isOutboundDone());
    }

    // ------------------------------------------------------------------ closing before the handshake

    @Test
    void closeOutboundBeforeHandshakeThenWrapIsClosed() throws Exception {
        SSLEngine e = engine(true);
        e.closeOutbound();
        assertTrue(e.isOutboundDone());
        SSLEngineResult r = e.wrap(ByteBuffer.wrap(new byte[10]), packet());
        assertEquals(SSLEngineResult.Status.CLOSED, r.getStatus());
        assertEquals(SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING, r.getHandshakeStatus());
        assertEquals(0, r.bytesConsumed());
        assertEquals(0, r.bytesProduced());
        SSLEngineResult u = e.unwrap(ByteBuffer.wrap(new byte[10]), ByteBuffer.allocate(100));
        assertEquals(SSLEngineResult.Status.CLOSED, u.getStatus());
        assertEquals(0, u.bytesConsumed());
        SSLException x = assertThrows(SSLException.class, e::beginHandshake);
        assertTrue(x.getMessage().contains("closed"), x.getMessage());
    }

    @Test
    void closeInboundBeforeHandshakeIsNotATruncation() throws Exception {
        SSLEngine e = engine(false);
        e.closeInbound();
        assertTrue(e.isInboundDone());
        assertThrows(SSLException.class, e::beginHandshake);
    }

    // ------------------------------------------------------------------ mode

    @Test
    void wrapUnwrapAndBeginNeedAMode() throws Exception {
        SSLEngine e = context().createSSLEngine();
        assertFalse(e.getUseClientMode());
        assertThrows(IllegalStateException.class, () -> e.wrap(EMPTY, packet()));
        assertThrows(IllegalStateException.class, () -> e.unwrap(EMPTY, ByteBuffer.allocate(10)));
        assertThrows(IllegalStateException.class, e::beginHandshake);
    }

    @Test
    void modeCannotChangeOnceTheHandshakeStarted() throws Exception {
        SSLEngine e = engine(true);
        try {
            e.wrap(EMPTY, packet());
        } catch (SSLException whetherOrNotTheFirstFlightCouldBeWritten) {
            // This test is about the mode, not about the handshake.
        }
        assertThrows(IllegalArgumentException.class, () -> e.setUseClientMode(false));
        e.setUseClientMode(true); // unchanged: allowed
        assertTrue(e.getUseClientMode());
    }

    // ------------------------------------------------------------------ argument checks (SSLEngine javadoc)

    @Test
    void wrapArgumentsAreCheckedLikeTheJdk() throws Exception {
        SSLEngine e = engine(true);
        assertThrows(IllegalArgumentException.class, () -> e.wrap((ByteBuffer[]) null, packet()));
        assertThrows(IllegalArgumentException.class, () -> e.wrap(new ByteBuffer[] {null}, packet()));
        assertThrows(IllegalArgumentException.class, () -> e.wrap(EMPTY, null));
        assertThrows(ReadOnlyBufferException.class, () -> e.wrap(EMPTY, packet().asReadOnlyBuffer()));
        ByteBuffer[] one = {EMPTY};
        assertThrows(IndexOutOfBoundsException.class, () -> e.wrap(one, 1, 1, packet()));
        assertThrows(IndexOutOfBoundsException.class, () -> e.wrap(one, -1, 1, packet()));
        assertThrows(IndexOutOfBoundsException.class, () -> e.wrap(one, 0, 2, packet()));
        // A null outside [offset, offset + length) is not looked at.
        e.closeOutbound();
        assertEquals(SSLEngineResult.Status.CLOSED,
                e.wrap(new ByteBuffer[] {EMPTY, null}, 0, 1, packet()).getStatus());
    }

    @Test
    void unwrapArgumentsAreCheckedLikeTheJdk() throws Exception {
        SSLEngine e = engine(false);
        ByteBuffer dst = ByteBuffer.allocate(100);
        assertThrows(IllegalArgumentException.class, () -> e.unwrap(null, dst));
        assertThrows(IllegalArgumentException.class, () -> e.unwrap(EMPTY, (ByteBuffer[]) null));
        assertThrows(IllegalArgumentException.class, () -> e.unwrap(EMPTY, new ByteBuffer[] {dst, null}));
        assertThrows(ReadOnlyBufferException.class, () -> e.unwrap(EMPTY, dst.asReadOnlyBuffer()));
        assertThrows(IndexOutOfBoundsException.class, () -> e.unwrap(EMPTY, new ByteBuffer[] {dst}, 0, 5));
    }

    // ------------------------------------------------------------------ protocols and suites

    @Test
    void supportedAndEnabledProtocolsAndSuites() throws Exception {
        SSLEngine e = engine(true);
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, e.getSupportedProtocols());
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, e.getEnabledProtocols());
        List<String> supported = List.of(e.getSupportedCipherSuites());
        assertEquals(List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"),
                supported.subList(0, 3));
        assertEquals(14, supported.size(), "3 TLS 1.3 suites and 11 TLS 1.2 AEAD suites");
        List<String> enabled = List.of(e.getEnabledCipherSuites());
        assertEquals(12, enabled.size());
        assertTrue(enabled.stream().noneMatch(s -> s.startsWith("TLS_RSA_")), "no forward secrecy: off by default");
        e.setEnabledCipherSuites(new String[] {"TLS_RSA_WITH_AES_128_GCM_SHA256"});
        assertArrayEquals(new String[] {"TLS_RSA_WITH_AES_128_GCM_SHA256"}, e.getEnabledCipherSuites());

        e.setEnabledCipherSuites(new String[] {"TLS_CHACHA20_POLY1305_SHA256"});
        assertArrayEquals(new String[] {"TLS_CHACHA20_POLY1305_SHA256"}, e.getEnabledCipherSuites());
        // Names JSSE knows are accepted even where Keel does not implement the version (RFC 8996).
        e.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.1", "SSLv2Hello"});
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.1", "SSLv2Hello"}, e.getEnabledProtocols());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv9", "tlsv1.3", "", "SSLv2"})
    void unknownProtocolNamesAreRejected(String name) throws Exception {
        SSLEngine e = engine(true);
        assertThrows(IllegalArgumentException.class, () -> e.setEnabledProtocols(new String[] {"TLSv1.3", name}));
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, e.getEnabledProtocols(),
                "unchanged after a rejected call");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SSL_RSA_WITH_RC4_128_MD5", "TLS_FOO", "tls_aes_128_gcm_sha256"})
    void unsupportedSuitesAreRejected(String name) throws Exception {
        SSLEngine e = engine(true);
        assertThrows(IllegalArgumentException.class, () -> e.setEnabledCipherSuites(new String[] {name}));
    }

    /** Engines of one context given equal lists share one copy, which nobody can change. */
    @Test
    void equalListsSetOnEnginesAreSharedAndStayTheirs() throws Exception {
        SSLContext ctx = context();
        KeelSSLEngine a = (KeelSSLEngine) ctx.createSSLEngine();
        KeelSSLEngine b = (KeelSSLEngine) ctx.createSSLEngine();
        String[] protocols = {"TLSv1.3"};
        String[] suites = {"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"};
        a.setEnabledProtocols(protocols);
        a.setEnabledCipherSuites(suites);
        protocols[0] = "TLSv1.2"; // the application reuses its array
        suites[1] = "TLS_AES_256_GCM_SHA384";
        b.setEnabledProtocols(new String[] {"TLSv1.3"});
        b.setEnabledCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"});
        b.getEnabledProtocols()[0] = "TLSv1.2"; // a copy
        assertArrayEquals(new String[] {"TLSv1.3"}, a.getEnabledProtocols());
        assertArrayEquals(new String[] {"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"},
                a.getEnabledCipherSuites());
        SSLParameters p = b.getSSLParameters();
        p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        a.setSSLParameters(p);
        b.setSSLParameters(p);
        assertArrayEquals(new String[] {"h2", "http/1.1"}, b.getSSLParameters().getApplicationProtocols());

        KeelSSLContextSpi spi = a.contextForTest();
        String[] first = spi.shared(new String[] {"x", "y"});
        assertSame(first, spi.shared(new String[] {"x", "y"}));
        for (int i = 0; i < 2 * KeelSSLContextSpi.MAX_SHARED_LISTS; i++) {
            String[] own = {"list " + i};
            assertArrayEquals(new String[] {"list " + i}, spi.shared(own), "bounded, but always the same content");
        }
    }

    @Test
    void nullListsAreRejected() throws Exception {
        SSLEngine e = engine(true);
        assertThrows(IllegalArgumentException.class, () -> e.setEnabledProtocols(null));
        assertThrows(IllegalArgumentException.class, () -> e.setEnabledCipherSuites(null));
        assertThrows(IllegalArgumentException.class, () -> e.setEnabledCipherSuites(new String[] {null}));
    }

    @Test
    void noImplementedProtocolEnabledFailsTheHandshakeLikeSunJsse() throws Exception {
        SSLEngine e = engine(true);
        e.setEnabledProtocols(new String[] {"TLSv1.1", "TLSv1"});
        SSLHandshakeException x = assertThrows(SSLHandshakeException.class, () -> e.wrap(EMPTY, packet()));
        assertEquals(SslParametersMapper.NO_APPROPRIATE_PROTOCOL, x.getMessage());
    }

    @Test
    void sessionCreationDisabledFailsTheHandshake() throws Exception {
        SSLEngine e = engine(true);
        assertTrue(e.getEnableSessionCreation());
        e.setEnableSessionCreation(false);
        assertFalse(e.getEnableSessionCreation());
        assertThrows(SSLHandshakeException.class, () -> e.wrap(EMPTY, packet()));
    }

    // ------------------------------------------------------------------ client auth

    @Test
    void needAndWantClientAuthAreOneSetting() throws Exception {
        SSLEngine e = engine(false);
        e.setNeedClientAuth(true);
        assertTrue(e.getNeedClientAuth());
        assertFalse(e.getWantClientAuth());
        e.setWantClientAuth(true);
        assertTrue(e.getWantClientAuth());
        assertFalse(e.getNeedClientAuth());
        e.setNeedClientAuth(false);
        assertFalse(e.getWantClientAuth());
        assertFalse(e.getNeedClientAuth());
    }

    // ------------------------------------------------------------------ SSLParameters

    @Test
    void sslParametersRoundTrip() throws Exception {
        SSLEngine e = engine(true);
        SSLParameters p = new SSLParameters(new String[] {"TLS_AES_256_GCM_SHA384"}, new String[] {"TLSv1.3"});
        p.setServerNames(List.of(new SNIHostName("api.example.org")));
        SNIMatcher matcher = SNIHostName.createSNIMatcher("(.*\\.)?example\\.org");
        p.setSNIMatchers(List.of(matcher));
        p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setWantClientAuth(true);
        p.setUseCipherSuitesOrder(false);
        p.setMaximumPacketSize(4096);
        if (SslParametersMapper.hasNamedGroupsApi()) {
            SslParametersMapper.setNamedGroups(p, new String[] {"x25519", "secp256r1"});
        }
        if (SslParametersMapper.hasSignatureSchemesApi()) {
            SslParametersMapper.setSignatureSchemes(p, new String[] {"ed25519", "ecdsa_secp256r1_sha256"});
        }
        e.setSSLParameters(p);

        SSLParameters q = e.getSSLParameters();
        assertArrayEquals(new String[] {"TLS_AES_256_GCM_SHA384"}, q.getCipherSuites());
        assertArrayEquals(new String[] {"TLSv1.3"}, q.getProtocols());
        assertEquals(List.of(new SNIHostName("api.example.org")), q.getServerNames());
        assertEquals(1, q.getSNIMatchers().size());
        assertSame(matcher, q.getSNIMatchers().iterator().next());
        assertArrayEquals(new String[] {"h2", "http/1.1"}, q.getApplicationProtocols());
        assertEquals("HTTPS", q.getEndpointIdentificationAlgorithm());
        assertTrue(q.getWantClientAuth());
        assertFalse(q.getNeedClientAuth());
        assertFalse(q.getUseCipherSuitesOrder());
        assertEquals(4096, q.getMaximumPacketSize());
        if (SslParametersMapper.hasNamedGroupsApi()) {
            assertArrayEquals(new String[] {"x25519", "secp256r1"}, SslParametersMapper.getNamedGroups(q));
        }
        if (SslParametersMapper.hasSignatureSchemesApi()) {
            assertArrayEquals(new String[] {"ed25519", "ecdsa_secp256r1_sha256"},
                    SslParametersMapper.getSignatureSchemes(q));
        }
        assertTrue(e.getWantClientAuth());
        assertArrayEquals(new String[] {"TLS_AES_256_GCM_SHA384"}, e.getEnabledCipherSuites());
    }

    @Test
    void nullListsInSslParametersKeepTheCurrentValues() throws Exception {
        SSLEngine e = engine(true);
        e.setEnabledCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"});
        e.setNeedClientAuth(true);
        List<SNIServerName> before = e.getSSLParameters().getServerNames();
        e.setSSLParameters(new SSLParameters());
        assertArrayEquals(new String[] {"TLS_AES_128_GCM_SHA256"}, e.getEnabledCipherSuites());
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, e.getEnabledProtocols());
        assertEquals(before, e.getSSLParameters().getServerNames());
        assertFalse(e.getNeedClientAuth(), "need/want always follow the parameters");
    }

    @Test
    void invalidSuitesInSslParametersChangeNothing() throws Exception {
        SSLEngine e = engine(true);
        SSLParameters p = new SSLParameters(new String[] {"TLS_NOPE"}, new String[] {"TLSv1.3"});
        p.setEndpointIdentificationAlgorithm("HTTPS");
        assertThrows(IllegalArgumentException.class, () -> e.setSSLParameters(p));
        assertNull(e.getSSLParameters().getEndpointIdentificationAlgorithm());
    }

    // ------------------------------------------------------------------ SNI from the peer host

    @Test
    void clientSendsThePeerHostAsServerNameLikeSunJsse() throws Exception {
        SSLContext ctx = context();
        assertEquals(List.of(new SNIHostName("www.example.com")),
                ctx.createSSLEngine("www.example.com", 443).getSSLParameters().getServerNames());
        assertEquals(List.of(new SNIHostName("a.example")),
                ctx.createSSLEngine("a.example.", 443).getSSLParameters().getServerNames(), "trailing dot removed");
        for (String noSni : new String[] {"localhost", "intranet", "127.0.0.1", "::1", "[::1]", "bad_name.example"}) {
            assertNull(ctx.createSSLEngine(noSni, 443).getSSLParameters().getServerNames(), noSni);
        }
        assertNull(ctx.createSSLEngine().getSSLParameters().getServerNames());
    }

    @Test
    void theConfigCarriesTheEngineSettings() throws Exception {
        KeelSSLEngine e = (KeelSSLEngine) engine(true);
        e.setEnabledCipherSuites(new String[] {"TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"});
        SSLParameters p = e.getSSLParameters();
        p.setApplicationProtocols(new String[] {"h2"});
        e.setSSLParameters(p);
        var config = e.previewConfig();
        assertTrue(config.clientMode());
        assertEquals(List.of(dev.keel.tls.crypto.CipherSuite.TLS_AES_256_GCM_SHA384,
                dev.keel.tls.crypto.CipherSuite.TLS_AES_128_GCM_SHA256), config.cipherSuites());
        assertEquals(List.of(dev.keel.tls.message.ServerName.hostName("www.example.com")), config.serverNames());
        assertEquals(List.of("h2"), config.applicationProtocols());
        assertEquals("www.example.com", config.peerHost());
        assertEquals(443, config.peerPort());
        assertNotNullVerifier(config);
    }

    private static void assertNotNullVerifier(dev.keel.tls.config.TlsConfig config) {
        assertTrue(config.peerVerifier() instanceof TrustManagerVerifier, "default trust manager wrapped");
        assertSame(dev.keel.tls.config.CredentialSelector.NONE, config.credentials(), "no key manager");
    }

    @Test
    void applicationProtocolSelectorIsKeptAndAdapted() throws Exception {
        KeelSSLEngine e = (KeelSSLEngine) engine(false);
        assertNull(e.getHandshakeApplicationProtocolSelector());
        BiFunction<SSLEngine, List<String>, String> selector = (engine, offered) -> {
            assertSame(e, engine);
            return offered.contains("h2") ? "h2" : null;
        };
        e.setHandshakeApplicationProtocolSelector(selector);
        assertSame(selector, e.getHandshakeApplicationProtocolSelector());
        var core = e.previewConfig().applicationProtocolSelector();
        assertEquals("h2", core.select(List.of("http/1.1", "h2")));
        assertNull(core.select(List.of("http/1.1")));
    }
}
