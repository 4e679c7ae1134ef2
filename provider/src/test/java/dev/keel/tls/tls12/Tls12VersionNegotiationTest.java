package dev.keel.tls.tls12;

import static dev.keel.tls.tls12.Peers.BC;
import static dev.keel.tls.tls12.Peers.KEEL;
import static dev.keel.tls.tls12.Peers.SUN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.Extensions;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.message.SignatureAlgorithms;
import dev.keel.tls.message.SupportedGroups;
import dev.keel.tls.message.SupportedVersionsClient;
import dev.keel.tls.message.TlsReader;
import dev.keel.tls.testutil.EnginePump;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which version two peers end up with (RFC 8446 4.1.3, 4.2.1; RFC 5246 E.1), the TLS 1.3 downgrade
 * sentinel both ways, TLS_FALLBACK_SCSV (RFC 7507) and the refusal of TLS 1.1 and older (RFC 8996).
 */
class Tls12VersionNegotiationTest {
    private static final byte[] SENTINEL = HexFormat.of().parseHex("444f574e47524401");
    private static final int[] FATAL_PROTOCOL_VERSION = {2, 70};
    private static final int[] FATAL_INAPPROPRIATE_FALLBACK = {2, 86};
    private static final int[] FATAL_ILLEGAL_PARAMETER = {2, 47};

    private static final String BOTH = "TLSv1.3,TLSv1.2";
    private static final String ONLY12 = "TLSv1.2";

    /** client peer, client protocols, server peer, server protocols, expected version. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(KEEL, BOTH, SUN, ONLY12, "TLSv1.2"),
                Arguments.of(KEEL, BOTH, BC, ONLY12, "TLSv1.2"),
                Arguments.of(KEEL, BOTH, KEEL, ONLY12, "TLSv1.2"),
                Arguments.of(KEEL, ONLY12, SUN, BOTH, "TLSv1.2"),
                Arguments.of(KEEL, ONLY12, BC, BOTH, "TLSv1.2"),
                Arguments.of(KEEL, ONLY12, KEEL, BOTH, "TLSv1.2"),
                Arguments.of(SUN, ONLY12, KEEL, BOTH, "TLSv1.2"),
                Arguments.of(BC, ONLY12, KEEL, BOTH, "TLSv1.2"),
                Arguments.of(SUN, BOTH, KEEL, ONLY12, "TLSv1.2"),
                Arguments.of(BC, BOTH, KEEL, ONLY12, "TLSv1.2"),
                Arguments.of(KEEL, BOTH, SUN, BOTH, "TLSv1.3"),
                Arguments.of(SUN, BOTH, KEEL, BOTH, "TLSv1.3"),
                Arguments.of(KEEL, BOTH, BC, BOTH, "TLSv1.3"),
                Arguments.of(BC, BOTH, KEEL, BOTH, "TLSv1.3"),
                Arguments.of(KEEL, BOTH, KEEL, BOTH, "TLSv1.3"));
    }

    @ParameterizedTest(name = "{0} [{1}] client -> {2} [{3}] server: {4}")
    @MethodSource("table")
    void negotiatedVersion(String clientPeer, String clientProtocols, String serverPeer, String serverProtocols,
            String expected) throws SSLException {
        SSLEngine client = Peers.client(clientPeer, "TLS");
        client.setEnabledProtocols(clientProtocols.split(","));
        SSLEngine server = Peers.server(serverPeer, "TLS", KeyType.EC_P256);
        server.setEnabledProtocols(serverProtocols.split(","));
        EnginePump pump = new EnginePump(client, server);
        pump.handshake();
        assertEquals(expected, client.getSession().getProtocol());
        assertEquals(expected, server.getSession().getProtocol());
        pump.transfer(100_000, 100_000);
        pump.closeBoth();
    }

    @Test
    void aTls13OnlyClientRefusesATls12Server() {
        SSLEngine client = Peers.client(KEEL, "TLS");
        client.setEnabledProtocols(new String[] {"TLSv1.3"});
        SSLEngine server = Peers.server(KEEL, "TLSv1.2", KeyType.EC_P256);
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> new EnginePump(client, server).handshake());
        assertTrue(e.getMessage().contains("protocol_version") || e.getMessage().contains("protocol version"),
                e.getMessage());
    }

    // ------------------------------------------------------------------ the ClientHello

    /**
     * One ClientHello for both versions (RFC 8446 4.2.1, D.1): supported_versions lists 1.3 then 1.2,
     * the TLS 1.2 suites follow the TLS 1.3 ones, with TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 3.4);
     * extended_master_secret (RFC 7627 5.1) and ec_point_formats (RFC 8422 5.1.2) are there; static RSA
     * is not offered by default; with no session cached, an empty session_ticket asks for an RFC 5077
     * ticket (RFC 5077 3.2).
     */
    @Test
    void oneClientHelloOffersBothVersions() throws Exception {
        SSLEngine client = Peers.client(KEEL, "TLS");
        client.beginHandshake();
        ClientHello ch = ClientHello.decode(Wire.find(Wire.wrapAll(client), 1).reader());
        assertEquals(0x0303, ch.legacyVersion());
        assertEquals(List.of(0x0304, 0x0303),
                SupportedVersionsClient.decode(ch.extensions().find(ExtensionType.SUPPORTED_VERSIONS)).versions());
        List<Integer> suites = ch.cipherSuites();
        assertEquals(List.of(0x1301, 0x1302, 0x1303), suites.subList(0, 3));
        assertTrue(suites.containsAll(List.of(0xC02C, 0xC02B, 0xCCA9, 0xC030, 0xC02F, 0xCCA8, 0x009F, 0x009E, 0xCCAA)));
        assertFalse(suites.contains(0x009C) || suites.contains(0x009D), "static RSA is off by default");
        assertEquals(0x00FF, suites.get(suites.size() - 1));
        assertFalse(suites.contains(0x5600), "Keel never falls back, so never signals it");
        assertArrayEquals(new byte[0], ch.extensions().find(ExtensionType.EXTENDED_MASTER_SECRET));
        assertArrayEquals(new byte[] {1, 0}, ch.extensions().find(ExtensionType.EC_POINT_FORMATS));
        assertTrue(ch.extensions().contains(ExtensionType.KEY_SHARE));
        assertArrayEquals(new byte[0], ch.extensions().find(ExtensionType.SESSION_TICKET));
        assertFalse(ch.extensions().contains(ExtensionType.RENEGOTIATION_INFO), "the SCSV says it");
    }

    @Test
    void aTls12OnlyClientHello() throws Exception {
        SSLEngine client = Peers.client(KEEL, "TLSv1.2");
        client.beginHandshake();
        ClientHello ch = ClientHello.decode(Wire.find(Wire.wrapAll(client), 1).reader());
        assertEquals(0x0303, ch.legacyVersion());
        assertFalse(ch.extensions().contains(ExtensionType.SUPPORTED_VERSIONS));
        assertFalse(ch.extensions().contains(ExtensionType.KEY_SHARE));
        assertArrayEquals(new byte[0], ch.legacySessionId(), "nothing to resume, no middlebox mode in TLS 1.2");
        assertTrue(ch.cipherSuites().stream().noneMatch(s -> (s & 0xFF00) == 0x1300));
        assertEquals(0x00FF, ch.cipherSuites().get(ch.cipherSuites().size() - 1));
        assertTrue(ch.extensions().contains(ExtensionType.EXTENDED_MASTER_SECRET));
        assertTrue(ch.extensions().contains(ExtensionType.SIGNATURE_ALGORITHMS));
        List<Integer> groups = SupportedGroups.decode(ch.extensions().find(ExtensionType.SUPPORTED_GROUPS)).groups();
        assertTrue(groups.contains(0x0100), "ffdhe2048 is offered for DHE (RFC 7919 3)");
    }

    // ------------------------------------------------------------------ the downgrade sentinel

    /**
     * A TLS 1.2-only client facing a Keel server that could do TLS 1.3: the server marks its random
     * (RFC 8446 4.1.3) and the client, which did not offer TLS 1.3, connects regardless.
     */
    @Test
    void aTls13CapableServerMarksItsRandomWhenItNegotiatesTls12() throws Exception {
        SSLEngine client = Peers.client(KEEL, "TLSv1.2");
        SSLEngine server = Peers.server(KEEL, "TLS", KeyType.EC_P256);
        client.beginHandshake();
        byte[] hello = Wire.wrapAll(client);
        assertFalse(ClientHello.decode(Wire.find(hello, 1).reader()).extensions()
                .contains(ExtensionType.SUPPORTED_VERSIONS), "a TLS 1.2-only ClientHello has no supported_versions");
        Wire.unwrapAll(server, hello);
        byte[] flight = Wire.wrapAll(server);
        assertTrue(serverHello(flight).randomEndsWith(SENTINEL));
        Wire.unwrapAll(client, flight);
        // The handshake goes on: the client now sends its key exchange.
        assertTrue(Wire.wrapAll(client).length > 0);
    }

    @Test
    void aTls12OnlyKeelServerDoesNotMarkItsRandom() throws SSLException {
        SSLEngine client = Peers.client(KEEL, "TLS");
        SSLEngine server = Peers.server(KEEL, "TLSv1.2", KeyType.EC_P256);
        client.beginHandshake();
        Wire.unwrapAll(server, Wire.wrapAll(client));
        assertFalse(serverHello(Wire.wrapAll(server)).randomEndsWith(SENTINEL));
    }

    static Stream<Arguments> downgradePairs() {
        return Stream.of(Arguments.of(KEEL, KEEL), Arguments.of(KEEL, SUN), Arguments.of(SUN, KEEL),
                Arguments.of(KEEL, BC), Arguments.of(BC, KEEL));
    }

    /**
     * An attacker strips supported_versions from a ClientHello that offers TLS 1.3 and 1.2, so the
     * server, which supports TLS 1.3, negotiates TLS 1.2: the server's sentinel lets the client detect
     * it at ServerHello (illegal_parameter), before any Finished. Keel is checked as the writer (with
     * SunJSSE and BCJSSE clients as independent readers) and as the reader.
     */
    @ParameterizedTest(name = "{0} client -> {1} server")
    @MethodSource("downgradePairs")
    void strippingSupportedVersionsIsDetected(String clientPeer, String serverPeer) throws SSLException {
        SSLEngine client = Peers.client(clientPeer, "TLS");
        SSLEngine server = Peers.server(serverPeer, "TLS", KeyType.RSA_2048);
        client.beginHandshake();
        byte[] hello = Wire.rewrite(Wire.wrapAll(client), 1, Tls12VersionNegotiationTest::withoutSupportedVersions);
        Wire.unwrapAll(server, hello);
        byte[] flight = Wire.wrapAll(server);
        ServerHello sh = serverHello(flight);
        assertEquals(0x0303, sh.legacyVersion());
        assertFalse(sh.extensions().contains(ExtensionType.SUPPORTED_VERSIONS), "the server chose TLS 1.2");
        assertTrue(sh.randomEndsWith(SENTINEL), "a TLS 1.3 server marks its random");
        SSLException e = assertThrows(SSLException.class, () -> {
            Wire.unwrapAll(client, flight);
            Wire.wrapAll(client); // SunJSSE and BCJSSE report a failure of their delegated work here
        });
        switch (clientPeer) {
            case KEEL -> {
                assertTrue(e.getMessage().contains("downgrade"), e.getMessage());
                assertArrayEquals(FATAL_ILLEGAL_PARAMETER, Wire.plaintextAlert(Wire.wrapAll(client)));
            }
            case SUN -> assertTrue(e.getMessage().contains("downgrade attack"), e.getMessage());
            default -> assertTrue(e.getMessage().contains("illegal_parameter"), e.getMessage());
        }
    }

    private static byte[] withoutSupportedVersions(byte[] clientHelloWire) {
        try {
            ClientHello ch = ClientHello.decode(new TlsReader(Arrays.copyOfRange(clientHelloWire, 4,
                    clientHelloWire.length)));
            List<Extension> kept = new ArrayList<>();
            for (Extension e : ch.extensions().list()) {
                if (e.type() != ExtensionType.SUPPORTED_VERSIONS) {
                    kept.add(e);
                }
            }
            return new ClientHello(ch.legacyVersion(), ch.random(), ch.legacySessionId(), ch.cipherSuites(),
                    ch.legacyCompressionMethods(), Extensions.of(kept)).encode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ServerHello serverHello(byte[] flight) {
        RawHandshake sh = Wire.find(flight, HandshakeType.SERVER_HELLO.code());
        assertNotNull(sh, "no ServerHello in the server's flight");
        try {
            return ServerHello.decode(sh.reader());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ scripted ClientHellos

    /** A ClientHello as an old or fallback client would send it (no supported_versions unless given). */
    private static byte[] clientHello(int legacyVersion, List<Integer> supportedVersions, List<Integer> suites) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        List<Extension> ext = new ArrayList<>();
        ext.add(new Extension(ExtensionType.SUPPORTED_GROUPS, new SupportedGroups(List.of(0x17, 0x1D)).encode()));
        ext.add(new Extension(ExtensionType.SIGNATURE_ALGORITHMS,
                new SignatureAlgorithms(List.of(0x0403, 0x0804)).encode()));
        ext.add(new Extension(ExtensionType.EC_POINT_FORMATS, new byte[] {1, 0}));
        ext.add(new Extension(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]));
        if (supportedVersions != null) {
            ext.add(new Extension(ExtensionType.SUPPORTED_VERSIONS, new SupportedVersionsClient(supportedVersions).encode()));
        }
        ClientHello ch = new ClientHello(legacyVersion, random, new byte[0], suites, new byte[] {0}, Extensions.of(ext));
        return Wire.record(Wire.HANDSHAKE, Math.min(legacyVersion, 0x0303), ch.encode());
    }

    private static final List<Integer> ECDHE_SUITES = List.of(0xC02B, 0xC02F, 0x00FF);

    /** RFC 7507 3: a fallback to TLS 1.2 at a server that supports TLS 1.3 is inappropriate_fallback. */
    @Test
    void fallbackScsvToATls13ServerIsInappropriateFallback() {
        SSLEngine server = Peers.server(KEEL, "TLS", KeyType.EC_P256);
        List<Integer> suites = new ArrayList<>(ECDHE_SUITES);
        suites.add(0x5600);
        SSLException e = assertThrows(SSLException.class,
                () -> Wire.unwrapAll(server, clientHello(0x0303, null, suites)));
        assertTrue(e.getMessage().contains("RFC 7507"), e.getMessage());
        try {
            assertArrayEquals(FATAL_INAPPROPRIATE_FALLBACK, Wire.plaintextAlert(Wire.wrapAll(server)));
        } catch (SSLException x) {
            throw new AssertionError(x);
        }
    }

    /** The same ClientHello at a TLS 1.2-only server is no downgrade: the handshake goes on. */
    @Test
    void fallbackScsvToATls12OnlyServerIsAccepted() throws SSLException {
        SSLEngine server = Peers.server(KEEL, "TLSv1.2", KeyType.EC_P256);
        List<Integer> suites = new ArrayList<>(ECDHE_SUITES);
        suites.add(0x5600);
        Wire.unwrapAll(server, clientHello(0x0303, null, suites));
        assertEquals(0x0303, serverHello(Wire.wrapAll(server)).legacyVersion());
    }

    /** RFC 8996: TLS 1.1, TLS 1.0 and SSL 3.0 ClientHellos are refused with protocol_version. */
    @ParameterizedTest(name = "legacy_version 0x{0}")
    @ValueSource(strings = {"0302", "0301", "0300"})
    void oldClientHellosAreRefused(String version) {
        int v = Integer.parseInt(version, 16);
        SSLEngine server = Peers.server(KEEL, "TLS", KeyType.EC_P256);
        assertArrayEquals(FATAL_PROTOCOL_VERSION, Wire.failingWith(server, clientHello(v, null, ECDHE_SUITES)));
        SSLEngine again = Peers.server(KEEL, "TLS", KeyType.EC_P256);
        SSLException e = assertThrows(SSLException.class,
                () -> Wire.unwrapAll(again, clientHello(v, null, ECDHE_SUITES)));
        assertTrue(e.getMessage().contains("RFC 8996"), e.getMessage());
    }

    /** supported_versions listing only TLS 1.1 and 1.0 is refused the same way (RFC 8446 4.2.1). */
    @Test
    void supportedVersionsWithOnlyOldVersionsIsRefused() {
        SSLEngine server = Peers.server(KEEL, "TLS", KeyType.EC_P256);
        SSLException e = assertThrows(SSLException.class,
                () -> Wire.unwrapAll(server, clientHello(0x0303, List.of(0x0302, 0x0301), ECDHE_SUITES)));
        assertTrue(e.getMessage().contains("TLSv1.1") && e.getMessage().contains("RFC 8996"), e.getMessage());
    }

    /** A client offering 1.2 in supported_versions to a 1.2-only server gets 1.2 even with legacy_version 0x0301. */
    @Test
    void supportedVersionsDecidesOverLegacyVersion() throws SSLException {
        SSLEngine server = Peers.server(KEEL, "TLSv1.2", KeyType.EC_P256);
        Wire.unwrapAll(server, clientHello(0x0301, List.of(0x0304, 0x0303), ECDHE_SUITES));
        assertEquals(0x0303, serverHello(Wire.wrapAll(server)).legacyVersion());
    }
}
