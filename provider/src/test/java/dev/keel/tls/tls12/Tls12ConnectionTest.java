package dev.keel.tls.tls12;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.config.Credential;
import dev.keel.tls.config.CredentialSelector;
import dev.keel.tls.config.PeerVerifier;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.connection.TlsConnection;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.testutil.EnginePump;
import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TLS 1.2 specifics of the connection: the RFC 5705 exporter, the trust manager's authType, no
 * KeyUpdate, renegotiation refused both ways (checked by SunJSSE's reaction), duplex close_notify, and
 * buffer sizes.
 */
class Tls12ConnectionTest {

    // ------------------------------------------------------------------ two sans-IO connections

    /** A Keel client and server connection with the test PKI, pumped in memory. */
    private static final class Pair {
        final TlsConnection client;
        final TlsConnection server;
        final List<String> authTypes = new ArrayList<>();
        final ByteArrayOutputStream clientToServer = new ByteArrayOutputStream();
        final ByteArrayOutputStream serverToClient = new ByteArrayOutputStream();

        Pair(CipherSuite suite, KeyType key) {
            PeerVerifier verifier = new PeerVerifier() {
                @Override
                public void verifyServer(X509Certificate[] chain, String authType) {
                    authTypes.add(authType);
                }

                @Override
                public void verifyClient(X509Certificate[] chain, String authType) {
                    authTypes.add(authType);
                }
            };
            TestPki.Identity id = TestPki.server(key);
            CredentialSelector credentials = new CredentialSelector() {
                @Override
                public Credential chooseServerCredential(String keyType, Principal[] issuers) {
                    String alg = id.leaf().getPublicKey().getAlgorithm();
                    return keyType.equals(alg) ? new Credential(List.of(id.chain()), id.privateKey()) : null;
                }

                @Override
                public Credential chooseClientCredential(String[] keyTypes, Principal[] issuers) {
                    return null;
                }
            };
            List<ProtocolVersion> v12 = List.of(ProtocolVersion.TLS12);
            client = new TlsConnection(TlsConfig.builder().clientMode(true).protocols(v12)
                    .cipherSuites(List.of(suite)).peerVerifier(verifier).build());
            server = new TlsConnection(TlsConfig.builder().clientMode(false).protocols(v12)
                    .cipherSuites(List.of(suite)).credentials(credentials).build());
        }

        void handshake() throws Exception {
            for (int i = 0; i < 50 && (client.session() == null || server.session() == null); i++) {
                clientToServer.writeBytes(pass(client, server));
                serverToClient.writeBytes(pass(server, client));
            }
            assertTrue(client.session() != null && server.session() != null, "handshake did not complete");
        }

        /** Wraps everything {@code from} has, unwraps it into {@code to}; returns the bytes. */
        private static byte[] pass(TlsConnection from, TlsConnection to) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                ByteBuffer dst = ByteBuffer.allocate(TlsConnection.MAX_PACKET_SIZE);
                TlsConnection.Result r = from.wrap(new ByteBuffer[0], 0, 0, dst);
                if (r.bytesProduced() == 0) {
                    break;
                }
                out.write(dst.array(), 0, dst.position());
            }
            ByteBuffer src = ByteBuffer.wrap(out.toByteArray());
            ByteBuffer app = ByteBuffer.allocate(TlsConnection.MAX_PLAINTEXT_SIZE);
            while (src.hasRemaining()) {
                to.unwrap(src, new ByteBuffer[] {app}, 0, 1);
            }
            return out.toByteArray();
        }
    }

    /** RFC 5705 4, evaluated with the independent PRF of {@link Wire}. */
    @Test
    void exporterFollowsRfc5705() throws Exception {
        Pair pair = new Pair(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, KeyType.EC_P256);
        pair.handshake();
        byte[] cr = ClientHello.decode(Wire.find(pair.clientToServer.toByteArray(),
                HandshakeType.CLIENT_HELLO.code()).reader()).random();
        byte[] sr = ServerHello.decode(Wire.find(pair.serverToClient.toByteArray(),
                HandshakeType.SERVER_HELLO.code()).reader()).random();
        byte[] master = pair.client.session().masterSecret();
        assertArrayEquals(master, pair.server.session().masterSecret());
        byte[] context = "context".getBytes(StandardCharsets.US_ASCII);

        byte[] withContext = pair.client.exportKeyingMaterial("EXPORTER-keel-test", context, 40);
        byte[] expected = Wire.prf256(master, "EXPORTER-keel-test",
                Wire.concat(cr, sr, new byte[] {0, (byte) context.length}, context), 40);
        assertArrayEquals(expected, withContext);
        assertArrayEquals(withContext, pair.server.exportKeyingMaterial("EXPORTER-keel-test", context, 40));

        byte[] noContext = pair.server.exportKeyingMaterial("EXPORTER-keel-test", null, 40);
        assertArrayEquals(Wire.prf256(master, "EXPORTER-keel-test", Wire.concat(cr, sr), 40), noContext);
        byte[] emptyContext = pair.server.exportKeyingMaterial("EXPORTER-keel-test", new byte[0], 40);
        assertFalse(Arrays.equals(noContext, emptyContext), "RFC 5705 4: no context differs from an empty one");
    }

    @Test
    void noExporterBeforeTheHandshake() {
        Pair pair = new Pair(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, KeyType.EC_P256);
        assertNull(pair.client.exportKeyingMaterial("EXPORTER-x", null, 16));
    }

    /** JSSE trust managers get the TLS 1.2 key exchange as authType (X509TrustManager javadoc). */
    @ParameterizedTest
    @CsvSource({"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, EC_P256, ECDHE_ECDSA",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, RSA_2048, ECDHE_RSA",
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, RSA_2048, DHE_RSA",
        "TLS_RSA_WITH_AES_128_GCM_SHA256, RSA_2048, RSA"})
    void authTypeIsTheKeyExchange(CipherSuite suite, KeyType key, String authType) throws Exception {
        Pair pair = new Pair(suite, key);
        pair.handshake();
        assertEquals(List.of(authType), pair.authTypes);
        assertEquals(suite, pair.client.session().cipherSuite());
    }

    /** TLS 1.2 has no KeyUpdate: asking for one changes nothing. */
    @Test
    void keyUpdateRequestsAreIgnored() throws Exception {
        Pair pair = new Pair(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, KeyType.EC_P256);
        pair.handshake();
        pair.client.requestKeyUpdate(true);
        ByteBuffer dst = ByteBuffer.allocate(TlsConnection.MAX_PACKET_SIZE);
        assertEquals(0, pair.client.wrap(new ByteBuffer[0], 0, 0, dst).bytesProduced());
    }

    // ------------------------------------------------------------------ renegotiation, with SunJSSE

    /**
     * SunJSSE's server asks for renegotiation with HelloRequest; the Keel client declines with a
     * warning no_renegotiation (RFC 5246 7.4.1.1), which SunJSSE then turns into a failure of its own
     * renegotiation: its message names the warning, which shows what Keel sent.
     */
    @Test
    void helloRequestIsDeclined() throws Exception {
        SSLEngine client = Peers.client(Peers.KEEL, "TLSv1.2");
        SSLEngine server = Peers.server(Peers.SUN, "TLS", KeyType.EC_P256);
        server.setEnabledProtocols(new String[] {"TLSv1.2"});
        new EnginePump(client, server).handshake();
        server.beginHandshake();
        Wire.unwrapAll(client, Wire.wrapAll(server));
        assertEquals(SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING, client.getHandshakeStatus(),
                "the Keel client does not start a handshake");
        byte[] warning = Wire.wrapAll(client);
        assertEquals(1, Wire.records(warning).size());
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> Wire.unwrapAll(server, warning));
        assertTrue(e.getMessage().contains("no_renegotiation"), e.getMessage());
    }

    /** SunJSSE's client renegotiates; the Keel server declines with a warning no_renegotiation (RFC 5746 4.4). */
    @Test
    void renegotiatingClientHelloIsDeclined() throws Exception {
        SSLEngine client = Peers.client(Peers.SUN, "TLSv1.2");
        client.setEnabledProtocols(new String[] {"TLSv1.2"});
        SSLEngine server = Peers.server(Peers.KEEL, "TLS", KeyType.EC_P256);
        new EnginePump(client, server).handshake();
        client.beginHandshake();
        Wire.unwrapAll(server, Wire.wrapAll(client));
        byte[] warning = Wire.wrapAll(server);
        assertEquals(1, Wire.records(warning).size());
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> Wire.unwrapAll(client, warning));
        assertTrue(e.getMessage().contains("no_renegotiation"), e.getMessage());
    }

    // ------------------------------------------------------------------ close and buffers

    /** RFC 5246 7.2.1: the Keel client answers the server's close_notify without being asked to. */
    @Test
    void closeNotifyIsAnsweredByTheClient() throws Exception {
        SSLEngine client = Peers.client(Peers.KEEL, "TLSv1.2");
        SSLEngine server = Peers.server(Peers.SUN, "TLSv1.2", KeyType.EC_P256);
        server.setEnabledProtocols(new String[] {"TLSv1.2"});
        new EnginePump(client, server).handshake();
        server.closeOutbound();
        Wire.unwrapAll(client, Wire.wrapAll(server));
        assertTrue(client.isInboundDone());
        assertEquals(SSLEngineResult.HandshakeStatus.NEED_WRAP, client.getHandshakeStatus());
        Wire.unwrapAll(server, Wire.wrapAll(client));
        assertTrue(client.isOutboundDone());
        assertTrue(server.isInboundDone(), "SunJSSE read Keel's close_notify");
    }

    /**
     * A full TLS 1.2 record (2^14 bytes of data, 8 bytes of explicit nonce, 16 of tag) fits the packet
     * buffer size and unwraps into a buffer of exactly the application buffer size (never
     * BUFFER_OVERFLOW there, as the SSLEngine contract requires).
     */
    @Test
    void aFullRecordFitsTheAdvertisedBufferSizes() throws Exception {
        SSLEngine client = Peers.client(Peers.KEEL, "TLSv1.2");
        SSLEngine server = Peers.server(Peers.SUN, "TLSv1.2", KeyType.EC_P256);
        server.setEnabledProtocols(new String[] {"TLSv1.2"});
        server.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"});
        new EnginePump(client, server).handshake();
        ByteBuffer net = ByteBuffer.allocate(server.getSession().getPacketBufferSize());
        server.wrap(ByteBuffer.wrap(new byte[1 << 14]), net);
        net.flip();
        assertEquals(5 + 8 + (1 << 14) + 16, net.remaining());
        assertTrue(net.remaining() <= client.getSession().getPacketBufferSize());
        ByteBuffer app = ByteBuffer.allocate(client.getSession().getApplicationBufferSize());
        SSLEngineResult r = client.unwrap(net, app);
        assertEquals(SSLEngineResult.Status.OK, r.getStatus());
        assertEquals(1 << 14, r.bytesProduced());
    }
}
