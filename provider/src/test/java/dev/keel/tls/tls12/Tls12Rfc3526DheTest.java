package dev.keel.tls.tls12;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.Identity;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.crypto.DHGroup;
import org.bouncycastle.tls.crypto.DHStandardGroups;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsDHConfig;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Keel TLS 1.2 client against a DHE server that predates RFC 7919 and sends an RFC 3526 MODP group as
 * explicit (p, g), as OpenSSL 3.0's s_server does with group 14 by default. The server is Bouncy
 * Castle's own TLS implementation (its low-level {@link TlsServerProtocol}) told to use the RFC 3526
 * group from its {@link DHStandardGroups}: an independent implementation computes the premaster
 * secret, checks Keel's Finished and exchanges data both ways.
 */
class Tls12Rfc3526DheTest {

    static Stream<Arguments> groups() {
        return Stream.of(
                Arguments.of("RFC 3526 group 14", DHStandardGroups.rfc3526_2048),
                Arguments.of("RFC 3526 group 15", DHStandardGroups.rfc3526_3072),
                Arguments.of("RFC 3526 group 16", DHStandardGroups.rfc3526_4096));
    }

    /** The client offers only ffdhe2048 (Keel's TLS 1.2 DHE needs one RFC 7919 group enabled). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("groups")
    void aKeelClientCompletesDheWithAnRfc3526Group(String name, DHGroup group) throws Exception {
        SSLEngine client = Peers.withProperty("jdk.tls.namedGroups", "x25519,ffdhe2048",
                () -> Peers.client(Peers.KEEL, "TLSv1.2"));
        client.setEnabledCipherSuites(new String[] {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"});
        ExplicitDhServer server = new ExplicitDhServer(group);
        TlsServerProtocol bc = new TlsServerProtocol();
        bc.accept(server);

        client.beginHandshake();
        for (int turn = 0; turn < 20 && (client.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING
                || bc.isHandshaking()); turn++) {
            bc.offerInput(Wire.wrapAll(client));
            Wire.unwrapAll(client, drain(bc));
        }
        assertFalse(bc.isHandshaking(), name + ": Bouncy Castle's server finished its handshake");
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, client.getHandshakeStatus());
        assertEquals("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", client.getSession().getCipherSuite());
        assertTrue(server.dhConfigAsked, "the server used its explicit group");
        assertNull(Peers.keelSession(client.getSession()).namedGroup(), "an RFC 3526 group has no NamedGroup");

        byte[] hello = "hello over an RFC 3526 group".getBytes(StandardCharsets.US_ASCII);
        bc.writeApplicationData(hello, 0, hello.length);
        assertArrayEquals(hello, Wire.unwrapAll(client, drain(bc)), "server to client");
        byte[] back = "and back".getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        client.wrap(java.nio.ByteBuffer.wrap(back), out);
        bc.offerInput(Arrays.copyOf(out.array(), out.position()));
        byte[] got = new byte[bc.applicationDataAvailable()];
        bc.readInput(got, 0, got.length);
        assertArrayEquals(back, got, "client to server");
    }

    private static byte[] drain(TlsServerProtocol bc) {
        byte[] out = new byte[bc.getAvailableOutputBytes()];
        bc.readOutput(out, 0, out.length);
        return out;
    }

    /** A TLS 1.2 DHE_RSA server with Keel's RSA test certificate and an explicit DH group. */
    private static final class ExplicitDhServer extends DefaultTlsServer {
        private final DHGroup group;
        private boolean dhConfigAsked;

        ExplicitDhServer(DHGroup group) {
            super(new JcaTlsCryptoProvider().create(new SecureRandom()));
            this.group = group;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.TLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {CipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256};
        }

        @Override
        public TlsDHConfig getDHConfig() {
            dhConfigAsked = true;
            return new TlsDHConfig(group);
        }

        @Override
        protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
            Identity id = TestPki.server(KeyType.RSA_2048);
            JcaTlsCrypto crypto = (JcaTlsCrypto) getCrypto();
            TlsCertificate[] chain = new TlsCertificate[id.chain().length];
            try {
                for (int i = 0; i < chain.length; i++) {
                    X509Certificate c = id.chain()[i];
                    chain[i] = crypto.createCertificate(c.getEncoded());
                }
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException(e);
            }
            return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, id.privateKey(),
                    new Certificate(chain), new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
        }
    }
}
