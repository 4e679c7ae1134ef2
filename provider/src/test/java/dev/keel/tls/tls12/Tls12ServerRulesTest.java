package dev.keel.tls.tls12;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.jsse.TlsSystemProperties;
import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.Extensions;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.message.SignatureAlgorithms;
import dev.keel.tls.message.SupportedGroups;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * A Keel TLS 1.2 server against a scripted client ({@link ScriptedClient12}): the extended master
 * secret (RFC 7627), renegotiation_info (RFC 5746), the place of ChangeCipherSpec (RFC 5246 7.1) and
 * what may follow the handshake.
 */
class Tls12ServerRulesTest {
    private static final int[] FATAL_HANDSHAKE_FAILURE = {2, 40};
    private static final int[] FATAL_UNEXPECTED_MESSAGE = {2, 10};

    private static SSLEngine rsaServer() {
        SSLEngine server = Peers.server(Peers.KEEL, "TLS", KeyType.RSA_2048);
        server.setEnabledCipherSuites(new String[] {"TLS_RSA_WITH_AES_128_GCM_SHA256"});
        return server;
    }

    // ------------------------------------------------------------------ RFC 7627

    @Test
    void aClientWithoutExtendedMasterSecretIsRefused() {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        ClientHello ch = client.clientHello(false, List.of());
        assertArrayEquals(FATAL_HANDSHAKE_FAILURE, Wire.failingWith(server, Wire.record(Wire.HANDSHAKE, ch.encode())));
    }

    @Test
    void theRefusalNamesTheExtendedMasterSecret() {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        ClientHello ch = client.clientHello(false, List.of());
        SSLException e = assertThrows(SSLException.class,
                () -> Wire.unwrapAll(server, Wire.record(Wire.HANDSHAKE, ch.encode())));
        assertTrue(e.getMessage().contains("extended master secret"), e.getMessage());
    }

    /** With keel.tls.allowLegacyMasterSecret=true the legacy master secret (RFC 5246 8.1) is used. */
    @Test
    void legacyMasterSecretWhenAllowed() throws Exception {
        SSLEngine server = Peers.withProperty(TlsSystemProperties.ALLOW_LEGACY_MASTER_SECRET, "true",
                Tls12ServerRulesTest::rsaServer);
        ScriptedClient12 client = new ScriptedClient12(server);
        ClientHello ch = client.clientHello(false, List.of());
        byte[] flight = client.hello(ch);
        ServerHello sh = ServerHello.decode(Wire.find(flight, HandshakeType.SERVER_HELLO.code()).reader());
        assertFalse(sh.extensions().contains(ExtensionType.EXTENDED_MASTER_SECRET), "RFC 7627 5.2: not echoed");
        byte[] m = client.randomBytes(48);
        m[0] = 3;
        m[1] = 3;
        byte[] cke = client.clientKeyExchange(client.rawEncrypt(client.pkcs1Block(m)), m);
        Wire.unwrapAll(server, Wire.concat(cke, Wire.changeCipherSpec(), client.finished()));
        List<Wire.Rec> reply = Wire.records(Wire.wrapAll(server));
        assertTrue(client.serverFinishedMatches(reply.get(1).fragment()));
        assertFalse(Peers.keelSession(server.getSession()).extendedMasterSecret());
    }

    @Test
    void extendedMasterSecretIsEchoedEmpty() throws Exception {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        byte[] flight = client.hello(client.clientHello(true, List.of()));
        ServerHello sh = ServerHello.decode(Wire.find(flight, HandshakeType.SERVER_HELLO.code()).reader());
        assertArrayEquals(new byte[0], sh.extensions().find(ExtensionType.EXTENDED_MASTER_SECRET));
        // RFC 5746 3.6: the SCSV is answered with an empty renegotiation_info.
        assertArrayEquals(new byte[] {0}, sh.extensions().find(ExtensionType.RENEGOTIATION_INFO));
        // The client offered no session: the server names a new one, which it may resume later.
        assertEquals(32, sh.legacySessionIdEcho().length, "a fresh session id");
    }

    // ------------------------------------------------------------------ groups and point formats

    private static ClientHello ecdheHello(List<Integer> groups, byte[] pointFormats, boolean signatureAlgorithms,
            List<Integer> suites) {
        List<Extension> ext = new ArrayList<>();
        ext.add(new Extension(ExtensionType.SUPPORTED_GROUPS, new SupportedGroups(groups).encode()));
        if (pointFormats != null) {
            ext.add(new Extension(ExtensionType.EC_POINT_FORMATS, pointFormats));
        }
        if (signatureAlgorithms) {
            ext.add(new Extension(ExtensionType.SIGNATURE_ALGORITHMS,
                    new SignatureAlgorithms(List.of(0x0403, 0x0804, 0x0401)).encode()));
        }
        ext.add(new Extension(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]));
        return new ClientHello(0x0303, new byte[32], new byte[0], suites, new byte[] {0}, Extensions.of(ext));
    }

    /** RFC 8422 5.1.2: a point format list without uncompressed is illegal_parameter. */
    @Test
    void pointFormatsWithoutUncompressedAreRefused() {
        SSLEngine server = Peers.server(Peers.KEEL, "TLSv1.2", KeyType.EC_P256);
        ClientHello ch = ecdheHello(List.of(0x17), new byte[] {1, 1}, true, List.of(0xC02B));
        assertArrayEquals(new int[] {2, 47}, Wire.failingWith(server, Wire.record(Wire.HANDSHAKE, ch.encode())));
    }

    /** RFC 7919 4: DHE offered only with FFDHE groups the server does not enable is insufficient_security. */
    @Test
    void unknownFfdheGroupsOnlyIsInsufficientSecurity() {
        SSLEngine server = Peers.server(Peers.KEEL, "TLSv1.2", KeyType.RSA_2048);
        ClientHello ch = ecdheHello(List.of(0x0104 /* ffdhe8192 */), null, true, List.of(0x009E));
        assertArrayEquals(new int[] {2, 71}, Wire.failingWith(server, Wire.record(Wire.HANDSHAKE, ch.encode())));
    }

    /** A client that lists no FFDHE group does not know RFC 7919: the server picks ffdhe2048 (RFC 7919 4). */
    @Test
    void dheWithoutFfdheGroupsUsesTheServersGroup() throws Exception {
        SSLEngine server = Peers.server(Peers.KEEL, "TLSv1.2", KeyType.RSA_2048);
        Wire.unwrapAll(server, Wire.record(Wire.HANDSHAKE,
                ecdheHello(List.of(0x17), null, true, List.of(0x009E)).encode()));
        Wire.wrapAll(server);
        assertEquals(dev.keel.tls.crypto.NamedGroup.FFDHE2048,
                Peers.keelSession(server.getHandshakeSession()).namedGroup());
    }

    /**
     * Without signature_algorithms a client accepts only SHA-1 signatures (RFC 5246 7.4.1.4.1), which
     * Keel does not make: no signed key exchange is possible, so the handshake fails.
     */
    @Test
    void noSignatureAlgorithmsLeavesNoSignedKeyExchange() {
        SSLEngine server = Peers.server(Peers.KEEL, "TLSv1.2", KeyType.EC_P256);
        ClientHello ch = ecdheHello(List.of(0x17), new byte[] {1, 0}, false, List.of(0xC02B));
        assertArrayEquals(FATAL_HANDSHAKE_FAILURE, Wire.failingWith(server, Wire.record(Wire.HANDSHAKE, ch.encode())));
    }

    // ------------------------------------------------------------------ RFC 5746

    @Test
    void aNonEmptyRenegotiationInfoInAnInitialHandshakeIsRefused() {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        ClientHello base = client.clientHello(true, List.of());
        List<Extension> ext = new ArrayList<>(base.extensions().list());
        byte[] verifyData = new byte[12];
        Arrays.fill(verifyData, (byte) 7);
        ext.add(new Extension(ExtensionType.RENEGOTIATION_INFO, Wire.concat(new byte[] {12}, verifyData)));
        ClientHello ch = new ClientHello(0x0303, base.random(), new byte[0], List.of(0x009C), new byte[] {0},
                Extensions.of(ext));
        assertArrayEquals(FATAL_HANDSHAKE_FAILURE, Wire.failingWith(server, Wire.record(Wire.HANDSHAKE, ch.encode())));
    }

    @Test
    void anEmptyRenegotiationInfoExtensionIsAnsweredLikeTheScsv() throws Exception {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        ClientHello base = client.clientHello(true, List.of());
        List<Extension> ext = new ArrayList<>(base.extensions().list());
        ext.add(new Extension(ExtensionType.RENEGOTIATION_INFO, new byte[] {0}));
        ClientHello ch = new ClientHello(0x0303, base.random(), new byte[0], List.of(0x009C), new byte[] {0},
                Extensions.of(ext));
        byte[] flight = client.hello(ch);
        ServerHello sh = ServerHello.decode(Wire.find(flight, HandshakeType.SERVER_HELLO.code()).reader());
        assertArrayEquals(new byte[] {0}, sh.extensions().find(ExtensionType.RENEGOTIATION_INFO));
    }

    // ------------------------------------------------------------------ ChangeCipherSpec (RFC 5246 7.1)

    @Test
    void changeCipherSpecBeforeTheKeyExchangeIsUnexpected() throws Exception {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        client.hello(client.clientHello(true, List.of()));
        assertArrayEquals(FATAL_UNEXPECTED_MESSAGE, Wire.failingWith(server, Wire.changeCipherSpec()));
    }

    @Test
    void changeCipherSpecInsideAHandshakeMessageIsUnexpected() throws Exception {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        client.hello(client.clientHello(true, List.of()));
        byte[] m = client.randomBytes(48);
        byte[] cke = client.clientKeyExchange(client.rawEncrypt(client.pkcs1Block(m)), m);
        byte[] firstHalf = Arrays.copyOfRange(cke, 5, 5 + 100);
        byte[] secondHalf = Arrays.copyOfRange(cke, 5 + 100, cke.length);
        client.feedQuietly(Wire.record(Wire.HANDSHAKE, firstHalf));
        assertArrayEquals(FATAL_UNEXPECTED_MESSAGE, Wire.failingWith(server,
                Wire.concat(Wire.changeCipherSpec(), Wire.record(Wire.HANDSHAKE, secondHalf))));
    }

    @Test
    void finishedWithoutChangeCipherSpecIsUnexpected() throws Exception {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        client.hello(client.clientHello(true, List.of()));
        byte[] m = client.randomBytes(48);
        m[0] = 3;
        m[1] = 3;
        client.feedQuietly(client.clientKeyExchange(client.rawEncrypt(client.pkcs1Block(m)), m));
        byte[] plaintextFinished = Wire.record(Wire.HANDSHAKE, Wire.concat(new byte[] {20, 0, 0, 12}, new byte[12]));
        assertArrayEquals(FATAL_UNEXPECTED_MESSAGE, Wire.failingWith(server, plaintextFinished));
    }

    @Test
    void aMalformedChangeCipherSpecIsUnexpected() throws Exception {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        client.hello(client.clientHello(true, List.of()));
        byte[] m = client.randomBytes(48);
        client.feedQuietly(client.clientKeyExchange(client.rawEncrypt(client.pkcs1Block(m)), m));
        assertArrayEquals(FATAL_UNEXPECTED_MESSAGE,
                Wire.failingWith(server, Wire.record(Wire.CHANGE_CIPHER_SPEC, new byte[] {2})));
    }

    @Test
    void aSecondClientHelloDuringTheHandshakeIsUnexpected() throws Exception {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        ClientHello ch = client.clientHello(true, List.of());
        client.hello(ch);
        assertArrayEquals(FATAL_UNEXPECTED_MESSAGE, Wire.failingWith(server, Wire.record(Wire.HANDSHAKE, ch.encode())));
    }

    // ------------------------------------------------------------------ after the handshake

    /** RFC 5746 4.4, RFC 5246 7.2.2: a renegotiating ClientHello gets a warning no_renegotiation. */
    @Test
    void renegotiationIsRefusedWithAWarning() throws Exception {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        assertTrue(client.completeHandshake(client.clientHello(true, List.of())));
        ClientHello again = client.clientHello(true, List.of());
        Wire.unwrapAll(server, client.seal(Wire.HANDSHAKE, again.encode()));
        List<Wire.Rec> reply = Wire.records(Wire.wrapAll(server));
        assertEquals(1, reply.size());
        assertEquals(Wire.ALERT, reply.get(0).type());
        assertArrayEquals(new byte[] {1, 100}, client.open(Wire.ALERT, reply.get(0).fragment()),
                "warning no_renegotiation");
        // The connection goes on.
        byte[] data = client.randomBytes(1000);
        assertArrayEquals(data, Wire.unwrapAll(server, client.seal(Wire.APPLICATION_DATA, data)));
    }

    @Test
    void keyUpdateDoesNotExistInTls12() throws Exception {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        assertTrue(client.completeHandshake(client.clientHello(true, List.of())));
        byte[] keyUpdate = {24, 0, 0, 1, 0};
        SSLException e = assertThrows(SSLException.class,
                () -> Wire.unwrapAll(server, client.seal(Wire.HANDSHAKE, keyUpdate)));
        assertTrue(e.getMessage().contains("key_update"), e.getMessage());
        byte[] alert = Wire.records(Wire.wrapAll(server)).get(0).fragment();
        assertArrayEquals(new byte[] {2, 10}, client.open(Wire.ALERT, alert));
    }

    @Test
    void aChangeCipherSpecAfterTheHandshakeIsUnexpected() throws Exception {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        assertTrue(client.completeHandshake(client.clientHello(true, List.of())));
        assertThrows(SSLException.class,
                () -> Wire.unwrapAll(server, client.seal(Wire.CHANGE_CIPHER_SPEC, new byte[] {1})));
        byte[] alert = Wire.records(Wire.wrapAll(server)).get(0).fragment();
        assertArrayEquals(new byte[] {2, 10}, client.open(Wire.ALERT, alert));
    }

    /** RFC 5246 7.2.1: close_notify is answered with close_notify (TLS 1.2 has no half-close). */
    @Test
    void closeNotifyIsAnswered() throws Exception {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        assertTrue(client.completeHandshake(client.clientHello(true, List.of())));
        Wire.unwrapAll(server, client.seal(Wire.ALERT, new byte[] {1, 0}));
        assertTrue(server.isInboundDone());
        assertEquals(javax.net.ssl.SSLEngineResult.HandshakeStatus.NEED_WRAP, server.getHandshakeStatus());
        List<Wire.Rec> reply = Wire.records(Wire.wrapAll(server));
        assertArrayEquals(new byte[] {1, 0}, client.open(Wire.ALERT, reply.get(0).fragment()));
        assertTrue(server.isOutboundDone());
    }

    @Test
    void theSessionRecordsTheMasterSecret() throws Exception {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        assertTrue(client.completeHandshake(client.clientHello(true, List.of())));
        assertNotNull(Peers.keelSession(server.getSession()).masterSecret());
        assertEquals("TLSv1.2", server.getSession().getProtocol());
    }
}
