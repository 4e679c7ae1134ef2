package dev.keel.tls.jsse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.testutil.EnginePump;
import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keel's "Default" SSLContext and contexts used before {@code init}: key and trust managers from the
 * {@code javax.net.ssl.*} properties, else the JDK's cacerts. The expected behaviour is SunJSSE's.
 * SunJSSE loads its default managers once per JVM, so only what does not depend on the properties
 * (init refused, cacerts) is compared with it here; its answers to a missing key store (failure), a
 * wrong password (failure) and a missing trust store file (falls back to cacerts) were observed in
 * fresh JVMs and are what these tests expect of Keel.
 *
 * <p>{@code SSLContext.getDefault()} is cached for the life of a JVM, so it is tested in a forked JVM
 * (conformance-tests, package {@code dropin}); here the "Default" service is asked for directly.
 */
class DefaultContextTest {
    private static final String[] PROPERTIES = {
        DefaultManagers.KEY_STORE, DefaultManagers.KEY_STORE_TYPE, DefaultManagers.KEY_STORE_PASSWORD,
        DefaultManagers.KEY_STORE_PROVIDER, DefaultManagers.TRUST_STORE, DefaultManagers.TRUST_STORE_TYPE,
        DefaultManagers.TRUST_STORE_PASSWORD, DefaultManagers.TRUST_STORE_PROVIDER,
        TlsSystemProperties.CLIENT_CIPHER_SUITES, TlsSystemProperties.SERVER_PROTOCOLS};

    private final Map<String, String> saved = new HashMap<>();

    @TempDir
    Path dir;

    @BeforeEach
    void saveProperties() {
        for (String p : PROPERTIES) {
            saved.put(p, System.getProperty(p));
            System.clearProperty(p);
        }
    }

    @AfterEach
    void restoreProperties() {
        saved.forEach(KeelProviderTest::restore);
    }

    private static SSLContext keelDefault() throws NoSuchAlgorithmException {
        return SSLContext.getInstance("Default", new KeelProvider());
    }

    /** SunJSSE's "Default", built afresh (not {@code SSLContext.getDefault()}, which is cached). */
    private static SSLContext sunDefault() throws NoSuchAlgorithmException {
        return SSLContext.getInstance("Default", java.security.Security.getProvider("SunJSSE"));
    }

    @Test
    void defaultIsRegisteredAndRefusesInit() throws Exception {
        Provider keel = new KeelProvider();
        SSLContext ctx = SSLContext.getInstance("Default", keel);
        assertSame(keel, ctx.getProvider());
        assertEquals("Default", ctx.getProtocol());
        KeyManagementException e = assertThrows(KeyManagementException.class, () -> ctx.init(null, null, null));
        assertTrue(e.getMessage().contains("initialized automatically"), e.getMessage());
        // SunJSSE refuses too: the JSSE contract, not a Keel choice.
        assertThrows(KeyManagementException.class, () -> sunDefault().init(null, null, null));
    }

    @Test
    void withoutPropertiesTrustsWhatSunJsseTrustsAndHasNoKey() throws Exception {
        KeelSSLContextSpi spi = KeelProviderTest.spiOf(keelDefault());
        assertNull(spi.keyManager(), "no javax.net.ssl.keyStore: no key");
        TrustManagerFactory sun = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        sun.init((KeyStore) null);
        Set<X509Certificate> expected = Set.of(((X509TrustManager) sun.getTrustManagers()[0]).getAcceptedIssuers());
        assertTrue(expected.size() > 10, "the JDK's cacerts has CAs");
        assertEquals(expected, Set.of(spi.trustManager().getAcceptedIssuers()));
    }

    @Test
    void keyAndTrustStoresComeFromTheProperties() throws Exception {
        Path keys = write("server.p12", TestPki.serverKeyStore(KeyType.EC_P256), TestPki.PASSWORD);
        Path trust = write("trust.p12", TestPki.trustStore(), TestPki.PASSWORD);
        System.setProperty(DefaultManagers.KEY_STORE, keys.toString());
        System.setProperty(DefaultManagers.KEY_STORE_PASSWORD, new String(TestPki.PASSWORD));
        System.setProperty(DefaultManagers.KEY_STORE_TYPE, "PKCS12");
        System.setProperty(DefaultManagers.TRUST_STORE, trust.toString());
        System.setProperty(DefaultManagers.TRUST_STORE_PASSWORD, new String(TestPki.PASSWORD));

        KeelSSLContextSpi spi = KeelProviderTest.spiOf(keelDefault());
        assertArrayEquals(new X509Certificate[] {TestPki.caCertificate()}, spi.trustManager().getAcceptedIssuers());
        X509Certificate leaf = TestPki.server(KeyType.EC_P256).leaf();
        String alias = spi.keyManager().chooseServerAlias("EC", null, null);
        assertNotNull(alias, "the key manager offers the EC key from javax.net.ssl.keyStore");
        assertEquals(leaf, spi.keyManager().getCertificateChain(alias)[0]);

        // A handshake between two Default contexts: the server's key, the client's trust, both from
        // the properties alone.
        SSLEngine client = keelDefault().createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        SSLEngine server = keelDefault().createSSLEngine();
        server.setUseClientMode(false);
        new EnginePump(client, server).handshake();
        assertEquals("TLSv1.3", client.getSession().getProtocol());
        assertEquals(leaf, client.getSession().getPeerCertificates()[0]);
    }

    @Test
    void aContextUsedBeforeInitGetsTheDefaultManagers() throws Exception {
        Path trust = write("trust.p12", TestPki.trustStore(), TestPki.PASSWORD);
        System.setProperty(DefaultManagers.TRUST_STORE, trust.toString());
        System.setProperty(DefaultManagers.TRUST_STORE_PASSWORD, new String(TestPki.PASSWORD));
        for (String algorithm : new String[] {"TLS", "TLSv1.3"}) {
            SSLContext ctx = SSLContext.getInstance(algorithm, new KeelProvider());
            assertNotNull(ctx.getSocketFactory());
            SSLEngine engine = ctx.createSSLEngine();
            KeelSSLContextSpi spi = assertInstanceOf(KeelSSLEngine.class, engine).contextForTest();
            assertArrayEquals(new X509Certificate[] {TestPki.caCertificate()},
                    spi.trustManager().getAcceptedIssuers(), algorithm);
            assertNull(spi.keyManager(), algorithm);
            // init later still chooses the managers.
            ctx.init(null, new javax.net.ssl.TrustManager[0], null);
            assertNull(KeelProviderTest.spiOf(ctx).trustManager(), algorithm);
        }
    }

    @Test
    void aMissingKeyStoreFailsLikeSunJsseAndSaysWhich() {
        System.setProperty(DefaultManagers.KEY_STORE, dir.resolve("missing.p12").toString());
        NoSuchAlgorithmException e = assertThrows(NoSuchAlgorithmException.class, DefaultContextTest::keelDefault);
        assertInstanceOf(KeyManagementException.class, e.getCause());
        assertTrue(e.getMessage().contains("javax.net.ssl.keyStore=" + dir.resolve("missing.p12")), e.getMessage());
        assertTrue(e.getMessage().contains("file not found"), e.getMessage());
    }

    @Test
    void aWrongKeyStorePasswordFailsLikeSunJsse() throws Exception {
        Path keys = write("server.p12", TestPki.serverKeyStore(KeyType.EC_P256), TestPki.PASSWORD);
        System.setProperty(DefaultManagers.KEY_STORE, keys.toString());
        System.setProperty(DefaultManagers.KEY_STORE_PASSWORD, "wrong");
        NoSuchAlgorithmException e = assertThrows(NoSuchAlgorithmException.class, DefaultContextTest::keelDefault);
        assertTrue(e.getMessage().contains("key store"), e.getMessage());

        // A context used before init reports the same reason, as an IllegalStateException.
        SSLContext tls = SSLContext.getInstance("TLS", new KeelProvider());
        IllegalStateException ise = assertThrows(IllegalStateException.class, tls::createSSLEngine);
        assertTrue(ise.getMessage().contains("javax.net.ssl.keyStore=" + keys), ise.getMessage());
    }

    @Test
    void aTrustStoreFileThatDoesNotExistFallsBackToCacertsAsInSunJsse() throws Exception {
        System.setProperty(DefaultManagers.TRUST_STORE, dir.resolve("missing.p12").toString());
        TrustManagerFactory sun = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        sun.init((KeyStore) null);
        Set<X509Certificate> expected = Set.of(((X509TrustManager) sun.getTrustManagers()[0]).getAcceptedIssuers());
        assertTrue(expected.size() > 10);
        assertEquals(expected, Set.of(KeelProviderTest.spiOf(keelDefault()).trustManager().getAcceptedIssuers()));
    }

    @Test
    void aWrongTrustStorePasswordFailsLikeSunJsse() throws Exception {
        Path trust = write("trust.p12", TestPki.trustStore(), TestPki.PASSWORD);
        System.setProperty(DefaultManagers.TRUST_STORE, trust.toString());
        System.setProperty(DefaultManagers.TRUST_STORE_PASSWORD, "wrong");
        NoSuchAlgorithmException e = assertThrows(NoSuchAlgorithmException.class, DefaultContextTest::keelDefault);
        assertTrue(e.getMessage().contains("trust store"), e.getMessage());
    }

    @Test
    void theDefaultContextHonoursTheJdkTlsProperties() throws Exception {
        System.setProperty(TlsSystemProperties.CLIENT_CIPHER_SUITES, "TLS_CHACHA20_POLY1305_SHA256");
        System.setProperty(TlsSystemProperties.SERVER_PROTOCOLS, "TLSv1.3");
        SSLContext ctx = keelDefault();
        assertArrayEquals(new String[] {"TLS_CHACHA20_POLY1305_SHA256"}, ctx.getDefaultSSLParameters().getCipherSuites());
        SSLEngine client = ctx.createSSLEngine();
        client.setUseClientMode(true);
        assertArrayEquals(new String[] {"TLS_CHACHA20_POLY1305_SHA256"}, client.getEnabledCipherSuites());
        SSLEngine server = ctx.createSSLEngine();
        server.setUseClientMode(false);
        assertTrue(server.getEnabledCipherSuites().length > 1, "the client's property leaves the server alone");
        assertArrayEquals(new String[] {"TLSv1.3"}, server.getEnabledProtocols());
    }

    @Test
    void aPkcs11TypeAloneMeansTheToken() {
        System.setProperty(DefaultManagers.KEY_STORE_TYPE, "PKCS11");
        DefaultManagers.StoreLocation where = DefaultManagers.keyStoreLocation();
        assertNotNull(where);
        assertNull(where.file());
        assertEquals("javax.net.ssl.keyStore=NONE", where.description());
        System.clearProperty(DefaultManagers.KEY_STORE_TYPE);
        assertNull(DefaultManagers.keyStoreLocation());
    }

    private Path write(String name, KeyStore store, char[] password) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        return file;
    }
}
