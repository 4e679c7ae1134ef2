package dev.keel.tls.hostile;

import static dev.keel.tls.alert.AlertDescription.DECODE_ERROR;
import static dev.keel.tls.alert.AlertDescription.HANDSHAKE_FAILURE;
import static dev.keel.tls.alert.AlertDescription.ILLEGAL_PARAMETER;
import static dev.keel.tls.alert.AlertDescription.MISSING_EXTENSION;
import static dev.keel.tls.alert.AlertDescription.PROTOCOL_VERSION;
import static dev.keel.tls.alert.AlertDescription.RECORD_OVERFLOW;
import static dev.keel.tls.alert.AlertDescription.UNEXPECTED_MESSAGE;
import static dev.keel.tls.hostile.Wire.ALERT;
import static dev.keel.tls.hostile.Wire.APPLICATION_DATA;
import static dev.keel.tls.hostile.Wire.CHANGE_CIPHER_SPEC;
import static dev.keel.tls.hostile.Wire.HANDSHAKE;
import static dev.keel.tls.hostile.Wire.bytes;
import static dev.keel.tls.hostile.Wire.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.KeyShareClientHello;
import dev.keel.tls.message.KeyShareEntry;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.SupportedGroups;
import dev.keel.tls.message.SupportedVersionsClient;
import dev.keel.tls.message.TlsReader;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real Keel server {@code SSLEngine} fed hostile first records: non-TLS bytes, malformed records,
 * and ClientHellos that start as the bytes a real Keel or SunJSSE client sent and are then damaged.
 * Each must fail with an {@code SSLHandshakeException} whose message says what was wrong, after which
 * the engine writes exactly one fatal alert (plaintext: the server has no keys yet) and is closed.
 */
class ServerEngineHostileTest {

    /** Where the ClientHello a case damages comes from. */
    enum Client {
        KEEL, SUN;

        /** The first record the client sends, and the ClientHello in it. */
        RawHandshake clientHello() throws SSLException {
            SSLEngine e = this == KEEL ? EngineProbe.keelClient() : EngineProbe.sunClient();
            e.beginHandshake();
            byte[] first = EngineProbe.wrapOnce(e, EngineProbe.EMPTY);
            List<byte[]> records = Wire.records(first);
            byte[] fragment = Wire.fragment(records.get(0));
            assertEquals(HANDSHAKE, Wire.type(records.get(0)));
            return HandshakeHarness.raw(fragment);
        }
    }

    interface Input {
        byte[] make(RawHandshake clientHello) throws Exception;
    }

    record Case(String name, Client client, Input input, AlertDescription alert, String reason) {
        @Override
        public String toString() {
            return name + (client == Client.SUN ? " (SunJSSE ClientHello)" : "") + " -> " + alert.rfcName();
        }
    }

    /** A ClientHello record after {@code change} rewrote the decoded ClientHello. */
    static Input edited(Consumer<Edit.Ch> change) {
        return ch -> Wire.handshakeRecord(Edit.clientHello(ch, change::accept));
    }

    /** A ClientHello record whose body was rewritten by hand. */
    static Input body(java.util.function.UnaryOperator<byte[]> change) {
        return ch -> Wire.handshakeRecord(HandshakeHarness.raw(HandshakeType.CLIENT_HELLO.code(), change.apply(ch.body())));
    }

    static Input fixed(byte[] bytes) {
        return ch -> bytes;
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        Client k = Client.KEEL;

        // Not TLS at all, or not a record Keel can take (RFC 8446 5.1).
        c.add(new Case("HTTP request", k, fixed(Wire.ascii("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")),
                UNEXPECTED_MESSAGE, "Unrecognized SSL message, plaintext connection?"));
        c.add(new Case("SSLv2-format ClientHello", k,
                fixed(bytes(0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10, 0x07, 0x00, 0xc0)),
                UNEXPECTED_MESSAGE, "SSLv2"));
        c.add(new Case("record version major 2", k, ch -> {
            byte[] r = Wire.handshakeRecord(ch);
            r[1] = 2;
            return r;
        }, UNEXPECTED_MESSAGE, "Unrecognized SSL message"));
        c.add(new Case("record version major 4", k, ch -> {
            byte[] r = Wire.handshakeRecord(ch);
            r[1] = 4;
            return r;
        }, UNEXPECTED_MESSAGE, "Unrecognized SSL message"));
        c.add(new Case("unknown content type 24 (heartbeat)", k, fixed(record(24, 0x0303, new byte[] {1, 0, 0})),
                UNEXPECTED_MESSAGE, "content type 24"));
        c.add(new Case("unknown content type 255", k, fixed(record(255, 0x0303, new byte[] {1})),
                UNEXPECTED_MESSAGE, "content type 255"));
        c.add(new Case("record of 2^14 + 1 bytes", k, fixed(record(HANDSHAKE, 0x0301, (1 << 14) + 1, new byte[0])),
                RECORD_OVERFLOW, "exceeds"));
        c.add(new Case("record of 65535 bytes", k, fixed(record(HANDSHAKE, 0x0301, 0xFFFF, new byte[0])),
                RECORD_OVERFLOW, "exceeds"));
        c.add(new Case("zero-length handshake record", k, fixed(record(HANDSHAKE, 0x0301, new byte[0])),
                UNEXPECTED_MESSAGE, "empty handshake record"));
        c.add(new Case("application data before the handshake", k,
                fixed(record(APPLICATION_DATA, 0x0303, Wire.ascii("hello"))), UNEXPECTED_MESSAGE, "application_data"));
        c.add(new Case("change_cipher_spec before the ClientHello", k,
                fixed(record(CHANGE_CIPHER_SPEC, 0x0303, new byte[] {1})), UNEXPECTED_MESSAGE, "change_cipher_spec"));
        c.add(new Case("change_cipher_spec of value 2", k,
                fixed(record(CHANGE_CIPHER_SPEC, 0x0303, new byte[] {2})), UNEXPECTED_MESSAGE, "change_cipher_spec"));
        c.add(new Case("change_cipher_spec of two bytes", k,
                fixed(record(CHANGE_CIPHER_SPEC, 0x0303, new byte[] {1, 1})), UNEXPECTED_MESSAGE, "change_cipher_spec"));
        c.add(new Case("alert record of 1 byte", k, fixed(record(ALERT, 0x0303, new byte[] {2})), DECODE_ERROR, "alert"));
        c.add(new Case("alert record of 3 bytes", k, fixed(record(ALERT, 0x0303, new byte[] {2, 40, 0})), DECODE_ERROR,
                "alert"));
        c.add(new Case("alert record of 0 bytes", k, fixed(record(ALERT, 0x0303, new byte[0])), UNEXPECTED_MESSAGE,
                "empty alert"));
        c.add(new Case("close_notify instead of a ClientHello", k, fixed(record(ALERT, 0x0303, new byte[] {1, 0})),
                UNEXPECTED_MESSAGE, "closed the connection during the handshake"));

        // Handshake framing (RFC 8446 4, 5.1).
        c.add(new Case("Finished as the first message", k,
                fixed(Wire.handshakeRecord(HandshakeHarness.raw(HandshakeType.FINISHED.code(), new byte[32]))),
                UNEXPECTED_MESSAGE, "before ClientHello"));
        c.add(new Case("unknown handshake type as the first message", k,
                fixed(Wire.handshakeRecord(HandshakeHarness.raw(99, new byte[4]))), UNEXPECTED_MESSAGE,
                "unknown handshake type 99"));
        c.add(new Case("ClientHello announcing 64 KiB + 1", k,
                fixed(record(HANDSHAKE, 0x0301, bytes(1, 0x01, 0x00, 0x01, 3, 3))), DECODE_ERROR, "announces 65537 bytes"));
        c.add(new Case("ClientHello announcing 2^24 - 1 bytes", k,
                fixed(record(HANDSHAKE, 0x0301, bytes(1, 0xFF, 0xFF, 0xFF))), DECODE_ERROR, "announces 16777215 bytes"));
        c.add(new Case("ClientHello longer than its record, then change_cipher_spec", k, ch -> Wire.concat(
                record(HANDSHAKE, 0x0301, Arrays.copyOf(ch.wire(), 100)), record(CHANGE_CIPHER_SPEC, 0x0303, new byte[] {1})),
                UNEXPECTED_MESSAGE, "between the fragments of a handshake message"));
        c.add(new Case("ClientHello longer than its record, then an alert record of 3 bytes", k, ch -> Wire.concat(
                record(HANDSHAKE, 0x0301, Arrays.copyOf(ch.wire(), 100)), record(ALERT, 0x0303, new byte[] {2, 2, 2})),
                DECODE_ERROR, "alert"));
        c.add(new Case("ClientHello cut short (lengths consistent)", k,
                body(b -> Arrays.copyOf(b, b.length / 2)), DECODE_ERROR, "needs"));
        c.add(new Case("ClientHello cut inside the random", k, body(b -> Arrays.copyOf(b, 20)), DECODE_ERROR, "random"));
        c.add(new Case("ClientHello with a trailing byte", k, body(b -> Arrays.copyOf(b, b.length + 1)), DECODE_ERROR,
                "ClientHello"));
        c.add(new Case("legacy_session_id of 33 bytes", k, body(b -> {
            byte[] out = new byte[b.length + 1];
            System.arraycopy(b, 0, out, 0, 34);
            out[34] = 33;
            System.arraycopy(b, 34, out, 35, b.length - 34);
            return out;
        }), DECODE_ERROR, "legacy_session_id"));
        c.add(new Case("empty cipher_suites", k, edited(ch -> ch.cipherSuites = List.of()), DECODE_ERROR, "cipher_suites"));

        // Versions (RFC 8446 4.2.1), against a server with only TLS 1.3 enabled.
        for (Client from : Client.values()) {
            c.add(new Case("ClientHello without supported_versions", from,
                    edited(ch -> ch.remove(ExtensionType.SUPPORTED_VERSIONS)), PROTOCOL_VERSION,
                    "the client offers at most TLSv1.2, this side enables [TLSv1.3]"));
        }
        c.add(new Case("supported_versions offers only TLS 1.2", k, edited(ch -> ch.set(ExtensionType.SUPPORTED_VERSIONS,
                new SupportedVersionsClient(List.of(0x0303)).encode())), PROTOCOL_VERSION, "no protocol version in common"));

        // Negotiation failures (RFC 8446 4.1.1).
        c.add(new Case("no cipher suite in common", k, edited(ch -> ch.cipherSuites = List.of(0xC02F, 0x1304, 0x00FF)),
                HANDSHAKE_FAILURE, "no cipher suite in common"));
        c.add(new Case("no group in common", k, edited(ch -> {
            ch.set(ExtensionType.SUPPORTED_GROUPS, new SupportedGroups(List.of(0x0104, 0x4a4a)).encode());
            ch.set(ExtensionType.KEY_SHARE, new KeyShareClientHello(List.of()).encode());
        }), HANDSHAKE_FAILURE, "no key exchange group in common"));
        for (Client from : Client.values()) {
            c.add(new Case("missing signature_algorithms", from,
                    edited(ch -> ch.remove(ExtensionType.SIGNATURE_ALGORITHMS)), MISSING_EXTENSION, "signature_algorithms"));
        }
        c.add(new Case("missing supported_groups", k, edited(ch -> ch.remove(ExtensionType.SUPPORTED_GROUPS)),
                MISSING_EXTENSION, "supported_groups"));
        c.add(new Case("missing key_share", k, edited(ch -> ch.remove(ExtensionType.KEY_SHARE)), MISSING_EXTENSION,
                "key_share"));

        // Key shares (RFC 8446 4.2.8, 4.2.8.2, 7.4.2).
        c.add(new Case("key share for a group not in supported_groups", k, edited(ch -> ch.set(
                ExtensionType.SUPPORTED_GROUPS, new SupportedGroups(List.of(NamedGroup.SECP256R1.code())).encode())),
                ILLEGAL_PARAMETER, "not in its supported_groups"));
        c.add(new Case("x25519 share of 31 bytes", k, edited(ch -> ch.set(ExtensionType.KEY_SHARE,
                share(NamedGroup.X25519, new byte[31]))), ILLEGAL_PARAMETER, "31 bytes"));
        c.add(new Case("x25519 share that is a low-order point", k, edited(ch -> ch.set(ExtensionType.KEY_SHARE,
                share(NamedGroup.X25519, new byte[32]))), ILLEGAL_PARAMETER, "low-order"));
        c.add(new Case("secp256r1 point not on the curve", k, edited(ch -> {
            ch.set(ExtensionType.SUPPORTED_GROUPS, new SupportedGroups(List.of(NamedGroup.SECP256R1.code())).encode());
            byte[] point = new byte[65];
            point[0] = 4;
            point[32] = 1;
            point[64] = 1;
            ch.set(ExtensionType.KEY_SHARE, share(NamedGroup.SECP256R1, point));
        }), ILLEGAL_PARAMETER, "secp256r1"));
        c.add(new Case("secp256r1 point in compressed form", k, edited(ch -> {
            ch.set(ExtensionType.SUPPORTED_GROUPS, new SupportedGroups(List.of(NamedGroup.SECP256R1.code())).encode());
            byte[] point = new byte[33];
            point[0] = 2;
            point[32] = 1;
            ch.set(ExtensionType.KEY_SHARE, share(NamedGroup.SECP256R1, point));
        }), ILLEGAL_PARAMETER, "secp256r1"));
        c.add(new Case("two key shares for one group", k, edited(ch -> ch.set(ExtensionType.KEY_SHARE,
                new KeyShareClientHello(List.of(new KeyShareEntry(0x001D, new byte[32]),
                        new KeyShareEntry(0x001D, new byte[32]))).encode())), ILLEGAL_PARAMETER, "key_share"));

        // Extension rules (RFC 8446 4.2, 4.2.11) and compression (4.1.2).
        for (Client from : Client.values()) {
            c.add(new Case("duplicate extension", from, edited(ch -> {
                List<Extension> l = new ArrayList<>(ch.extensions);
                l.add(0, l.get(l.size() - 1));
                ch.extensions = l;
            }), ILLEGAL_PARAMETER, "more than once"));
            c.add(new Case("compression method 1 only", from, edited(ch -> ch.compressionMethods = new byte[] {1}),
                    ILLEGAL_PARAMETER, "null compression"));
        }
        c.add(new Case("compression methods null and 1", k, edited(ch -> ch.compressionMethods = new byte[] {0, 1}),
                ILLEGAL_PARAMETER, "null compression"));
        c.add(new Case("pre_shared_key not last", k, edited(ch -> {
            List<Extension> l = new ArrayList<>(ch.extensions);
            l.add(0, new Extension(ExtensionType.PRE_SHARED_KEY, bytes(0, 7, 0, 1, 9, 0, 0, 0, 0, 0, 33)));
            ch.extensions = l;
        }), ILLEGAL_PARAMETER, "pre_shared_key"));
        c.add(new Case("extension data longer than the block", k, body(b -> {
            byte[] out = b.clone();
            // The first extension's length field: after the block length and the extension type.
            int p = extensionsOffset(b);
            out[p + 4] = (byte) 0xFF;
            out[p + 5] = (byte) 0xFF;
            return out;
        }), DECODE_ERROR, "extension"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void serverRejects(Case c) throws Exception {
        RawHandshake ch = c.client().clientHello();
        SSLEngine server = EngineProbe.keelServer(KeyType.EC_P256);
        EngineProbe.assertRejected(server, c.input().make(ch), c.alert(), c.reason());
    }

    // ------------------------------------------------------------------ alerts from the client

    @Test
    void fatalAlertFromTheClientIsReportedAndNotAnswered() throws Exception {
        EngineProbe.assertPeerAlert(EngineProbe.keelServer(KeyType.EC_P256),
                record(ALERT, 0x0301, new byte[] {2, 40}), "handshake_failure");
        EngineProbe.assertPeerAlert(EngineProbe.keelServer(KeyType.EC_P256),
                record(ALERT, 0x0303, new byte[] {1, 70}), "protocol_version");
        EngineProbe.assertPeerAlert(EngineProbe.keelServer(KeyType.EC_P256),
                record(ALERT, 0x0303, new byte[] {2, (byte) 255}), "unknown alert 255");
    }

    @Test
    void fatalAlertAfterTheServerFlightIsReported() throws Exception {
        SSLEngine client = EngineProbe.keelClient();
        client.beginHandshake();
        SSLEngine server = EngineProbe.keelServer(KeyType.EC_P256);
        byte[] flight = EngineProbe.feed(server, EngineProbe.wrapAll(client));
        assertTrue(flight.length > 0);
        // A client that failed on the ServerHello has no keys: its alert comes in the clear.
        EngineProbe.assertPeerAlert(server, record(ALERT, 0x0303, new byte[] {2, 51}), "decrypt_error");
    }

    // ------------------------------------------------------------------ failures after the server's flight

    /**
     * After its flight the server writes with application keys, so its alert is encrypted: the real
     * client that sent the ClientHello reads the flight and then the alert.
     */
    @Test
    void wrongChangeCipherSpecAfterTheFlightGetsAnEncryptedAlert() throws Exception {
        assertEncryptedRejection(record(CHANGE_CIPHER_SPEC, 0x0303, new byte[] {2}), "change_cipher_spec",
                "unexpected_message");
    }

    @Test
    void plaintextHandshakeAfterTheFlightGetsAnEncryptedAlert() throws Exception {
        assertEncryptedRejection(Wire.handshakeRecord(HandshakeHarness.raw(20, new byte[32])), "unprotected handshake",
                "unexpected_message");
    }

    @Test
    void secondClientHelloAfterTheFlightGetsAnEncryptedAlert() throws Exception {
        SSLEngine client = EngineProbe.keelClient();
        client.beginHandshake();
        byte[] ch = EngineProbe.wrapAll(client);
        SSLEngine server = EngineProbe.keelServer(KeyType.EC_P256);
        byte[] flight = EngineProbe.feed(server, ch);
        byte[] alert = EngineProbe.assertRejected(server, ch, javax.net.ssl.SSLHandshakeException.class,
                UNEXPECTED_MESSAGE, "unprotected handshake", openWith(client, flight));
        assertEquals(APPLICATION_DATA, Wire.type(alert));
    }

    @Test
    void garbageInPlaceOfTheClientFinishedIsBadRecordMac() throws Exception {
        SSLEngine client = EngineProbe.keelClient();
        client.beginHandshake();
        SSLEngine server = EngineProbe.keelServer(KeyType.EC_P256);
        byte[] flight = EngineProbe.feed(server, EngineProbe.wrapAll(client));
        EngineProbe.assertRejected(server, record(APPLICATION_DATA, 0x0303, new byte[40]),
                javax.net.ssl.SSLHandshakeException.class, AlertDescription.BAD_RECORD_MAC, "", openWith(client, flight));
    }

    private static void assertEncryptedRejection(byte[] hostile, String reason, String alertName) throws Exception {
        SSLEngine client = EngineProbe.keelClient();
        client.beginHandshake();
        SSLEngine server = EngineProbe.keelServer(KeyType.EC_P256);
        byte[] flight = EngineProbe.feed(server, EngineProbe.wrapAll(client));
        byte[] alert = EngineProbe.assertRejected(server, hostile, javax.net.ssl.SSLHandshakeException.class,
                AlertDescription.valueOf(alertName.toUpperCase(java.util.Locale.ROOT)), reason, openWith(client, flight));
        assertEquals(APPLICATION_DATA, Wire.type(alert), "encrypted under the server's application keys");
        assertEquals(5 + 2 + 1 + 16, alert.length, "header, alert, inner content type, AEAD tag");
    }

    /**
     * Opens an encrypted alert with the real client: it reads the server's flight (answering it), then
     * the alert record, which it must report as "Received fatal alert: ...".
     */
    private static EngineProbe.AlertOpener openWith(SSLEngine client, byte[] flight) {
        return alertRecord -> {
            EngineProbe.feed(client, flight);
            try {
                EngineProbe.feed(client, alertRecord);
            } catch (SSLException e) {
                String prefix = "Received fatal alert: ";
                assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
                AlertDescription a = AlertDescription.valueOf(
                        e.getMessage().substring(prefix.length()).toUpperCase(java.util.Locale.ROOT));
                return new byte[] {2, (byte) a.code()};
            }
            throw new AssertionError("the client did not see the alert");
        };
    }

    // ------------------------------------------------------------------ records that are not errors yet

    /** A partial record is BUFFER_UNDERFLOW, consumes nothing, and needs no alert. */
    @Test
    void truncatedRecordWaitsForMore() throws Exception {
        byte[] ch = Wire.handshakeRecord(Client.KEEL.clientHello());
        SSLEngine server = EngineProbe.keelServer(KeyType.EC_P256);
        for (int n : new int[] {1, 4, 5, ch.length - 1}) {
            ByteBuffer partial = ByteBuffer.wrap(ch, 0, n);
            SSLEngineResult r = server.unwrap(partial, ByteBuffer.allocate(server.getSession().getApplicationBufferSize()));
            assertEquals(SSLEngineResult.Status.BUFFER_UNDERFLOW, r.getStatus(), "after " + n + " bytes");
            assertEquals(0, r.bytesConsumed());
            assertEquals(0, partial.position());
        }
        // The whole record then works.
        byte[] flight = EngineProbe.feed(server, ch);
        assertTrue(flight.length > 0, "the server answered the complete ClientHello");
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] share(NamedGroup g, byte[] value) {
        return new KeyShareClientHello(List.of(new KeyShareEntry(g.code(), value))).encode();
    }

    /** Offset in a ClientHello body of the extensions block (its u16 length field). */
    private static int extensionsOffset(byte[] body) {
        try {
            TlsReader r = new TlsReader(body);
            r.u16("v");
            r.bytes(32, "random");
            r.vector8("sid", 0, 32);
            r.sub16("suites", 2, 0xFFFE);
            r.vector8("compression", 1, 255);
            return body.length - r.remaining();
        } catch (TlsAlertException e) {
            throw new AssertionError(e);
        }
    }
}
