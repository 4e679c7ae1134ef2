package dev.keel.tls.jsse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class KeelProviderTest {
    private static final String[] TLS13_SUITES = {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"};
    /** The TLS 1.2 suites enabled by default: forward secrecy only (no TLS_RSA_*). */
    private static final String[] TLS12_DEFAULT_SUITES = {
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};
    private static final String[] TLS12_RSA_SUITES = {
        "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256"};

    @Test
    void registersTlsAndTls13ContextsUnderItsName() throws Exception {
        Provider keel = new KeelProvider();
        assertEquals("Keel", keel.getName());
        for (String alg : new String[] {"TLS", "TLSv1.3", "TLSv1.2", "SSL"}) {
            SSLContext ctx = SSLContext.getInstance(alg, keel);
            assertSame(keel, ctx.getProvider());
            assertEquals(alg, ctx.getProtocol());
        }
        assertNotNull(keel.getService("SSLContext", "TLSv1.3"));
        assertNotNull(keel.getService("SSLContext", "TLSv1.2"));
        assertThrows(NoSuchAlgorithmException.class, () -> SSLContext.getInstance("DTLSv1.2", keel));
    }

    @Test
    void isFoundByNameOnceInstalled() throws Exception {
        Security.addProvider(new KeelProvider());
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3", "Keel");
            assertEquals("Keel", ctx.getProvider().getName());
        } finally {
            Security.removeProvider("Keel");
        }
    }

    @Test
    void servesPlainGetInstanceWhenInstalledFirst() throws Exception {
        Security.insertProviderAt(new KeelProvider(), 1);
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            assertEquals("Keel", ctx.getProvider().getName());
            ctx.init(null, null, null);
            SSLEngine engine = ctx.createSSLEngine();
            assertInstanceOf(KeelSSLEngine.class, engine);
        } finally {
            Security.removeProvider("Keel");
        }
    }

    @Test
    void isListedForServiceLoader() {
        ServiceLoader<Provider> loader = ServiceLoader.load(Provider.class);
        assertTrue(StreamSupport.stream(loader.spliterator(), false).anyMatch(p -> p instanceof KeelProvider));
    }

    @Test
    void contextParametersListWhatKeelImplements() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3", new KeelProvider());
        ctx.init(null, null, null);
        SSLParameters supported = ctx.getSupportedSSLParameters();
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, supported.getProtocols());
        assertArrayEquals(concat(TLS13_SUITES, TLS12_DEFAULT_SUITES, TLS12_RSA_SUITES), supported.getCipherSuites());
        SSLParameters defaults = ctx.getDefaultSSLParameters();
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, defaults.getProtocols());
        assertArrayEquals(concat(TLS13_SUITES, TLS12_DEFAULT_SUITES), defaults.getCipherSuites());
    }

    @Test
    void tls12ContextEnablesOnlyTls12() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", new KeelProvider());
        ctx.init(null, null, null);
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, ctx.getSupportedSSLParameters().getProtocols());
        SSLParameters defaults = ctx.getDefaultSSLParameters();
        assertArrayEquals(new String[] {"TLSv1.2"}, defaults.getProtocols());
        assertArrayEquals(TLS12_DEFAULT_SUITES, defaults.getCipherSuites());
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    @Test
    void anUninitialisedContextInitialisesItselfAsTheDefaultContext() throws Exception {
        // SunJSSE throws IllegalStateException here; Keel builds the "Default" context's managers
        // instead (DefaultContextTest has the details).
        SSLContext ctx = SSLContext.getInstance("TLS", new KeelProvider());
        assertInstanceOf(KeelSSLEngine.class, ctx.createSSLEngine());
        assertInstanceOf(KeelSSLSocketFactory.class, ctx.getSocketFactory());
    }

    @Test
    void initWithNullsUsesDefaultsAndHandsOutFactories() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS", new KeelProvider());
        ctx.init(null, null, null);
        KeelSSLContextSpi spi = spiOf(ctx);
        assertEquals(null, spi.keyManager());
        assertNotNull(spi.trustManager(), "the default TrustManagerFactory's trust manager");
        assertTrue(spi.trustManager().getAcceptedIssuers().length > 0, "the JDK's cacerts");
        assertNotNull(spi.random());
        assertInstanceOf(KeelSSLSocketFactory.class, ctx.getSocketFactory());
        assertInstanceOf(KeelSSLServerSocketFactory.class, ctx.getServerSocketFactory());
        assertNotNull(ctx.getClientSessionContext());
        assertNotNull(ctx.getServerSessionContext());
        SSLEngine e = ctx.createSSLEngine("example.com", 443);
        assertEquals("example.com", e.getPeerHost());
        assertEquals(443, e.getPeerPort());
    }

    @Test
    void managerArraysWithoutX509ManagersLeaveNone() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS", new KeelProvider());
        ctx.init(new javax.net.ssl.KeyManager[0], new javax.net.ssl.TrustManager[0], null);
        assertEquals(null, spiOf(ctx).keyManager());
        assertEquals(null, spiOf(ctx).trustManager());
    }

    @Test
    void jdkTlsClientProtocolsChoosesTheTlsContextsDefaults() throws Exception {
        String old = System.getProperty(TlsSystemProperties.CLIENT_PROTOCOLS);
        try {
            System.setProperty(TlsSystemProperties.CLIENT_PROTOCOLS, "TLSv1.2");
            SSLContext tls = SSLContext.getInstance("TLS", new KeelProvider());
            tls.init(null, null, null);
            assertArrayEquals(new String[] {"TLSv1.2"}, tls.getDefaultSSLParameters().getProtocols());
            assertArrayEquals(TLS12_DEFAULT_SUITES, tls.getDefaultSSLParameters().getCipherSuites());
            // "TLSv1.3" contexts ignore the property, as SunJSSE's version-specific contexts do.
            SSLContext tls13 = SSLContext.getInstance("TLSv1.3", new KeelProvider());
            tls13.init(null, null, null);
            assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, tls13.getDefaultSSLParameters().getProtocols());

            System.setProperty(TlsSystemProperties.CLIENT_PROTOCOLS, "TLSv1.3,TLSv1.1");
            SSLContext again = SSLContext.getInstance("TLS", new KeelProvider());
            again.init(null, null, null);
            assertArrayEquals(new String[] {"TLSv1.3"}, again.getDefaultSSLParameters().getProtocols(),
                    "TLS 1.1 is not implemented (RFC 8996)");
        } finally {
            restore(TlsSystemProperties.CLIENT_PROTOCOLS, old);
        }
    }

    @Test
    void jdkTlsServerCipherSuitesChoosesServerDefaults() throws Exception {
        String old = System.getProperty(TlsSystemProperties.SERVER_CIPHER_SUITES);
        try {
            System.setProperty(TlsSystemProperties.SERVER_CIPHER_SUITES,
                    "TLS_CHACHA20_POLY1305_SHA256, TLS_NOT_A_SUITE, TLS_AES_256_GCM_SHA384");
            SSLContext ctx = SSLContext.getInstance("TLS", new KeelProvider());
            ctx.init(null, null, null);
            SSLEngine server = ctx.createSSLEngine();
            server.setUseClientMode(false);
            assertArrayEquals(new String[] {"TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384"},
                    server.getEnabledCipherSuites());
            SSLEngine client = ctx.createSSLEngine();
            client.setUseClientMode(true);
            assertArrayEquals(concat(TLS13_SUITES, TLS12_DEFAULT_SUITES), client.getEnabledCipherSuites());

            // Named in the property, a static-RSA suite is enabled by default too.
            System.setProperty(TlsSystemProperties.SERVER_CIPHER_SUITES, "TLS_RSA_WITH_AES_128_GCM_SHA256");
            SSLContext rsa = SSLContext.getInstance("TLS", new KeelProvider());
            rsa.init(null, null, null);
            SSLEngine rsaServer = rsa.createSSLEngine();
            rsaServer.setUseClientMode(false);
            assertArrayEquals(new String[] {"TLS_RSA_WITH_AES_128_GCM_SHA256"}, rsaServer.getEnabledCipherSuites());
        } finally {
            restore(TlsSystemProperties.SERVER_CIPHER_SUITES, old);
        }
    }

    static KeelSSLContextSpi spiOf(SSLContext ctx) {
        // The engine knows its context; an engine is the public way to reach it.
        return ((KeelSSLEngine) ctx.createSSLEngine()).contextForTest();
    }

    static void restore(String property, String old) {
        if (old == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, old);
        }
    }
}
