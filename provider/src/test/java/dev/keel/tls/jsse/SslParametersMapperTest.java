package dev.keel.tls.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.config.ClientAuth;
import dev.keel.tls.config.ServerNameMatcher;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.ServerName;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class SslParametersMapperTest {
    private static final List<ProtocolVersion> TLS13 = List.of(ProtocolVersion.TLS13);
    private static final TlsSystemProperties NO_PROPERTIES =
            new TlsSystemProperties(null, null, null, null, null, null, null, 1);

    private static SSLParameters params(String... suites) {
        return new SSLParameters(suites, new String[] {"TLSv1.3", "TLSv1.2", "SSLv2Hello"});
    }

    @Test
    void mapsProtocolsSuitesAlpnSniAndClientAuth() throws Exception {
        SSLParameters p = params("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256");
        p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        p.setServerNames(List.of(new SNIHostName("example.com")));
        p.setNeedClientAuth(true);
        p.setUseCipherSuitesOrder(false);
        TlsConfig c = SslParametersMapper.toConfigBuilder(p, true, NO_PROPERTIES, TLS13).build();
        assertTrue(c.clientMode());
        assertEquals(TLS13, c.protocols(), "TLSv1.2 and SSLv2Hello are not implemented: dropped");
        assertEquals(List.of(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_AES_128_GCM_SHA256),
                c.cipherSuites());
        assertEquals(List.of("h2", "http/1.1"), c.applicationProtocols());
        assertEquals(List.of(ServerName.hostName("example.com")), c.serverNames());
        assertEquals(ClientAuth.REQUIRED, c.clientAuth());
        assertFalse(c.useServerCipherSuiteOrder());
        assertEquals(TlsConfig.builder().build().namedGroups(), c.namedGroups(), "Keel defaults");
        assertEquals(TlsConfig.builder().build().signatureSchemes(), c.signatureSchemes(), "Keel defaults");
    }

    @Test
    void wantClientAuthAndNone() {
        SSLParameters p = params("TLS_AES_128_GCM_SHA256");
        assertEquals(ClientAuth.NONE, SslParametersMapper.clientAuth(p));
        p.setWantClientAuth(true);
        assertEquals(ClientAuth.WANTED, SslParametersMapper.clientAuth(p));
    }

    @Test
    void nothingNegotiableIsAHandshakeError() {
        SSLParameters noProtocol = new SSLParameters(new String[] {"TLS_AES_128_GCM_SHA256"}, new String[] {"TLSv1.2"});
        assertThrows(SSLHandshakeException.class,
                () -> SslParametersMapper.toConfigBuilder(noProtocol, true, NO_PROPERTIES, TLS13));
        SSLParameters noSuite = new SSLParameters(new String[0], new String[] {"TLSv1.3"});
        assertThrows(SSLHandshakeException.class,
                () -> SslParametersMapper.toConfigBuilder(noSuite, true, NO_PROPERTIES, TLS13));
    }

    @Test
    void sniMatchersAreAdapted() throws Exception {
        SSLParameters p = params("TLS_AES_128_GCM_SHA256");
        p.setSNIMatchers(List.of(SNIHostName.createSNIMatcher("www\\.example\\.com")));
        TlsConfig c = SslParametersMapper.toConfigBuilder(p, false, NO_PROPERTIES, TLS13).build();
        ServerNameMatcher m = c.serverNameMatchers().get(0);
        assertEquals(ServerName.HOST_NAME, m.type());
        assertTrue(m.matches(ServerName.hostName("www.example.com")));
        assertFalse(m.matches(ServerName.hostName("evil.example.com")));
        // A name SNIHostName refuses reaches the matcher as an opaque name, which it does not match.
        assertFalse(m.matches(new ServerName(0, "bad..name".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void otherSniTypesSurviveAsOpaqueNames() {
        var jsse = ServerNames.toJsse(new ServerName(7, new byte[] {1, 2, 3}));
        assertEquals(7, jsse.getType());
        assertEquals(List.of(new ServerName(7, new byte[] {1, 2, 3})), ServerNames.toCore(List.of(jsse)));
        SNIMatcher anyType7 = new SNIMatcher(7) {
            @Override
            public boolean matches(javax.net.ssl.SNIServerName name) {
                return name.getEncoded().length == 3;
            }
        };
        assertTrue(ServerNames.toCoreMatchers(List.of(anyType7)).get(0).matches(new ServerName(7, new byte[3])));
    }

    // ------------------------------------------------------------------ system properties

    @Test
    void namedGroupsPropertyIgnoresUnknownNamesAndIsReadPerEngine() throws Exception {
        SSLContext ctx = KeelSSLEngineTest.context();
        withProperties(Map.of(TlsSystemProperties.NAMED_GROUPS, " secp384r1, bogus ,X25519,ffdhe9999"), () -> {
            KeelSSLEngine e = (KeelSSLEngine) ctx.createSSLEngine();
            e.setUseClientMode(true);
            // Read when the engine was created: clearing it now changes nothing for this engine.
            System.clearProperty(TlsSystemProperties.NAMED_GROUPS);
            assertEquals(List.of(NamedGroup.SECP384R1, NamedGroup.X25519), e.previewConfig().namedGroups());
        });
        KeelSSLEngine later = (KeelSSLEngine) ctx.createSSLEngine();
        later.setUseClientMode(true);
        assertEquals(TlsConfig.builder().build().namedGroups(), later.previewConfig().namedGroups(),
                "not cached for the JVM: a new engine sees the property gone");
    }

    @Test
    void signatureSchemePropertiesAreChosenBySide() throws Exception {
        withProperties(Map.of(
                TlsSystemProperties.CLIENT_SIGNATURE_SCHEMES, "\"ed25519,rsa_pss_rsae_sha256,nonsense\"",
                TlsSystemProperties.SERVER_SIGNATURE_SCHEMES, "ecdsa_secp384r1_sha384"), () -> {
                    TlsSystemProperties props = TlsSystemProperties.read();
                    SSLParameters p = params("TLS_AES_128_GCM_SHA256");
                    assertEquals(List.of(SignatureScheme.ED25519, SignatureScheme.RSA_PSS_RSAE_SHA256),
                            SslParametersMapper.toConfigBuilder(p, true, props, TLS13).build().signatureSchemes());
                    assertEquals(List.of(SignatureScheme.ECDSA_SECP384R1_SHA384),
                            SslParametersMapper.toConfigBuilder(p, false, props, TLS13).build().signatureSchemes());
                });
    }

    @Test
    void readingIsSharedWhileThePropertiesKeepTheirValues() throws Exception {
        withProperties(Map.of(TlsSystemProperties.NAMED_GROUPS, "secp384r1"), () -> {
            TlsSystemProperties first = TlsSystemProperties.read();
            assertSame(first, TlsSystemProperties.read(), "unchanged properties: one shared instance");
            System.setProperty(TlsSystemProperties.NAMED_GROUPS, "x25519");
            assertEquals(List.of(NamedGroup.X25519), TlsSystemProperties.read().namedGroups(),
                    "a changed value is seen by the next reading");
            assertEquals(List.of(NamedGroup.SECP384R1), first.namedGroups(), "an earlier reading is not changed");
        });
    }

    @Test
    void onlyUnknownNamesLeaveNothingEnabled() throws Exception {
        withProperties(Map.of(TlsSystemProperties.NAMED_GROUPS, "bogus1,bogus2"), () ->
                assertEquals(List.of(), TlsSystemProperties.read().namedGroups()));
    }

    @Test
    void blankOrUnsetPropertiesMeanDefaults() {
        assertNull(TlsSystemProperties.parseList(null, NamedGroup::fromName));
        assertNull(TlsSystemProperties.parseList("  ", NamedGroup::fromName));
        assertNull(TlsSystemProperties.parseList("\"\"", NamedGroup::fromName));
        assertEquals(List.of(NamedGroup.X25519),
                TlsSystemProperties.parseList("x25519,,x25519", NamedGroup::fromName), "duplicates dropped");
    }

    @Test
    void clientKeySharesProperty() throws Exception {
        assertEquals(1, TlsSystemProperties.read().clientKeyShares());
        for (var entry : Map.of("3", 3, " 2 ", 2, "0", 1, "-4", 1, "many", 1).entrySet()) {
            withProperties(Map.of(TlsSystemProperties.CLIENT_KEY_SHARES, entry.getKey()), () -> {
                TlsSystemProperties props = TlsSystemProperties.read();
                assertEquals(entry.getValue(), props.clientKeyShares(), entry.getKey());
                SSLParameters p = params("TLS_AES_128_GCM_SHA256");
                assertEquals(entry.getValue(),
                        SslParametersMapper.toConfigBuilder(p, true, props, TLS13).build().clientKeyShareCount());
            });
        }
    }

    @Test
    void sslParametersGroupsWinOverThePropertyWhereTheJdkHasThem() throws Exception {
        withProperties(Map.of(TlsSystemProperties.NAMED_GROUPS, "secp521r1"), () -> {
            TlsSystemProperties props = TlsSystemProperties.read();
            SSLParameters p = params("TLS_AES_128_GCM_SHA256");
            List<NamedGroup> expected = List.of(NamedGroup.SECP521R1);
            if (SslParametersMapper.setNamedGroups(p, new String[] {"x448", "unknown_group"})) {
                expected = List.of(NamedGroup.X448); // JDK 20+
            }
            assertEquals(expected, SslParametersMapper.toConfigBuilder(p, true, props, TLS13).build().namedGroups());
        });
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Sets the properties, runs {@code body}, and restores the previous values whatever happens. */
    static void withProperties(Map<String, String> values, ThrowingRunnable body) throws Exception {
        Map<String, String> old = new java.util.HashMap<>();
        for (String k : values.keySet()) {
            old.put(k, System.getProperty(k));
        }
        try {
            values.forEach(System::setProperty);
            body.run();
        } finally {
            old.forEach(KeelProviderTest::restore);
        }
    }
}
