package dev.keel.tls.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.keel.tls.config.Credential;
import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.net.Socket;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyManagerCredentialsTest {
    private static SSLEngine serverEngine() throws Exception {
        return KeelSSLEngineTest.engine(false);
    }

    @Test
    void keyTypesForTheJdkKeyManagers() {
        assertEquals(List.of("EC"), KeyManagerCredentials.keyManagerKeyTypes("EC"));
        assertEquals(List.of("RSA"), KeyManagerCredentials.keyManagerKeyTypes("RSA"));
        assertEquals(List.of("RSASSA-PSS"), KeyManagerCredentials.keyManagerKeyTypes("RSASSA-PSS"));
        assertEquals(List.of("Ed25519", "EdDSA"), KeyManagerCredentials.keyManagerKeyTypes("Ed25519"));
        assertEquals(List.of("Ed448", "EdDSA"), KeyManagerCredentials.keyManagerKeyTypes("Ed448"));
    }

    @Test
    void keyAlgorithmTellsEdDsaCurvesApartForJdkAndBouncyCastleKeys() throws Exception {
        for (String provider : new String[] {"SunEC", null}) {
            for (String curve : new String[] {"Ed25519", "Ed448"}) {
                KeyPairGenerator g = provider == null
                        ? KeyPairGenerator.getInstance(curve, new BouncyCastleProvider())
                        : KeyPairGenerator.getInstance(curve, provider);
                assertEquals(curve, KeyManagerCredentials.keyAlgorithm(g.generateKeyPair().getPublic()),
                        curve + " from " + (provider == null ? "BC" : provider));
            }
        }
        assertEquals("EC", KeyManagerCredentials.keyAlgorithm(TestPki.server(KeyType.EC_P384).leaf().getPublicKey()));
        assertEquals("RSA", KeyManagerCredentials.keyAlgorithm(TestPki.server(KeyType.RSA_2048).leaf().getPublicKey()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SunX509", "PKIX"})
    void serverCredentialOfEachTypeFromAJdkKeyManager(String kmAlgorithm) throws Exception {
        X509ExtendedKeyManager km = TestPki.keyManager(kmAlgorithm, TestPki.allServersKeyStore());
        KeyManagerCredentials creds = new KeyManagerCredentials(km, serverEngine());
        for (String keyType : new String[] {"EC", "RSA", "Ed25519"}) {
            Credential c = creds.chooseServerCredential(keyType, null);
            assertNotNull(c, keyType + " via " + kmAlgorithm);
            assertEquals(keyType, KeyManagerCredentials.keyAlgorithm(c.leaf().getPublicKey()));
            assertEquals(2, c.chain().size());
            assertNotNull(c.privateKey());
        }
        assertNull(creds.chooseServerCredential("Ed448", null), "the EdDSA key is Ed25519");
        assertNull(creds.chooseServerCredential("RSASSA-PSS", null));
    }

    @Test
    void extendedKeyManagersAreAskedWithTheEngine() throws Exception {
        SSLEngine engine = serverEngine();
        Recording km = new Recording(TestPki.serverKeyManager(KeyType.EC_P256, "SunX509"));
        Credential c = new KeyManagerCredentials(km, engine).chooseServerCredential("EC", null);
        assertEquals(TestPki.server(KeyType.EC_P256).leaf(), c.leaf());
        assertEquals(List.of("engineServer:EC"), km.calls);
        assertSame(engine, km.lastEngine);

        km.calls.clear();
        c = new KeyManagerCredentials(km, engine).chooseClientCredential(new String[] {"Ed25519", "EC"}, null);
        assertEquals(List.of("engineClient:Ed25519", "engineClient:EdDSA", "engineClient:EC"), km.calls);
        assertEquals(TestPki.server(KeyType.EC_P256).leaf(), c.leaf());
    }

    @Test
    void plainKeyManagersAreAskedWithoutAnEngine() throws Exception {
        X509ExtendedKeyManager jdk = TestPki.serverKeyManager(KeyType.RSA_2048, "SunX509");
        List<String> calls = new ArrayList<>();
        X509KeyManager plain = new X509KeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return jdk.getClientAliases(keyType, issuers);
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                calls.add("client:" + String.join(",", keyType));
                return jdk.chooseClientAlias(keyType, issuers, socket);
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return jdk.getServerAliases(keyType, issuers);
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                calls.add("server:" + keyType + ":" + socket);
                return jdk.chooseServerAlias(keyType, issuers, socket);
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return jdk.getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return jdk.getPrivateKey(alias);
            }
        };
        Credential c = new KeyManagerCredentials(plain, serverEngine()).chooseServerCredential("RSA", null);
        assertEquals(TestPki.server(KeyType.RSA_2048).leaf(), c.leaf());
        assertEquals(List.of("server:RSA:null"), calls);
    }

    @Test
    void anAliasWithoutPrivateKeyOrOfTheWrongTypeIsSkipped() throws Exception {
        X509ExtendedKeyManager jdk = TestPki.serverKeyManager(KeyType.EC_P256, "SunX509");
        X509ExtendedKeyManager noKey = new Recording(jdk) {
            @Override
            public PrivateKey getPrivateKey(String alias) {
                return null;
            }
        };
        assertNull(new KeyManagerCredentials(noKey, serverEngine()).chooseServerCredential("EC", null));
        X509ExtendedKeyManager liar = new Recording(jdk) {
            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                return super.chooseEngineServerAlias("EC", issuers, engine); // whatever was asked
            }
        };
        assertNull(new KeyManagerCredentials(liar, serverEngine()).chooseServerCredential("RSA", null));
    }

    /** Delegates to a JDK key manager and records what it was asked. */
    static class Recording extends X509ExtendedKeyManager {
        final X509ExtendedKeyManager delegate;
        final List<String> calls = new ArrayList<>();
        SSLEngine lastEngine;

        Recording(X509ExtendedKeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            calls.add("engineServer:" + keyType);
            lastEngine = engine;
            return delegate.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            calls.add("engineClient:" + String.join(",", keyType));
            lastEngine = engine;
            return delegate.chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            throw new AssertionError("the socket method must not be used for an engine");
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            throw new AssertionError("the socket method must not be used for an engine");
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }
}
