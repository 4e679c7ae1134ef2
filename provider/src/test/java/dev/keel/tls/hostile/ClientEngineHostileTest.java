package dev.keel.tls.hostile;

import static dev.keel.tls.alert.AlertDescription.BAD_RECORD_MAC;
import static dev.keel.tls.alert.AlertDescription.DECODE_ERROR;
import static dev.keel.tls.alert.AlertDescription.DECRYPT_ERROR;
import static dev.keel.tls.alert.AlertDescription.ILLEGAL_PARAMETER;
import static dev.keel.tls.alert.AlertDescription.PROTOCOL_VERSION;
import static dev.keel.tls.alert.AlertDescription.RECORD_OVERFLOW;
import static dev.keel.tls.alert.AlertDescription.UNEXPECTED_MESSAGE;
import static dev.keel.tls.hostile.Wire.ALERT;
import static dev.keel.tls.hostile.Wire.APPLICATION_DATA;
import static dev.keel.tls.hostile.Wire.CHANGE_CIPHER_SPEC;
import static dev.keel.tls.hostile.Wire.HANDSHAKE;
import static dev.keel.tls.hostile.Wire.concat;
import static dev.keel.tls.hostile.Wire.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.message.CertificateMessage13;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.Extensions;
import dev.keel.tls.message.KeyShareEntry;
import dev.keel.tls.message.KeyShareServerHello;
import dev.keel.tls.message.NewSessionTicket13;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real Keel client {@code SSLEngine} fed a hostile server first flight. The flight starts as what a
 * real Keel server engine sent in answer to this client's ClientHello; the ServerHello record is
 * plaintext and is rewritten, the encrypted records get bits flipped, lengths changed or are moved.
 * A second table uses a {@link ScriptedPeer} server to damage the encrypted messages before they are
 * encrypted. In every case the client must throw an {@code SSLHandshakeException} with a useful
 * message, then write exactly one fatal alert (in the clear: the client has not switched its write
 * keys yet) and be closed.
 */
class ClientEngineHostileTest {

    /** A client engine waiting for the server's flight, and that flight as records. */
    record Flight(SSLEngine client, SSLEngine server, byte[] serverHello, byte[] changeCipherSpec,
            List<byte[]> encrypted) {
        static Flight fromKeelServer() throws SSLException {
            SSLEngine client = EngineProbe.keelClient();
            client.beginHandshake();
            SSLEngine server = EngineProbe.keelServer(KeyType.EC_P256);
            List<byte[]> records = Wire.records(EngineProbe.feed(server, EngineProbe.wrapAll(client)));
            assertEquals(HANDSHAKE, Wire.type(records.get(0)), "ServerHello first");
            assertEquals(CHANGE_CIPHER_SPEC, Wire.type(records.get(1)), "then the compatibility change_cipher_spec");
            for (byte[] r : records.subList(2, records.size())) {
                assertEquals(APPLICATION_DATA, Wire.type(r), "then encrypted records");
            }
            return new Flight(client, server, records.get(0), records.get(1), records.subList(2, records.size()));
        }

        byte[] all() {
            return concat(serverHello, changeCipherSpec, concat(encrypted.toArray(new byte[0][])));
        }

        /** The flight with the ServerHello rewritten. */
        byte[] withServerHello(Consumer<Edit.Sh> change) throws Exception {
            RawHandshake sh = HandshakeHarness.raw(Wire.fragment(serverHello));
            byte[] edited = record(HANDSHAKE, 0x0303, Edit.serverHello(sh, change::accept).wire());
            return concat(edited, changeCipherSpec, concat(encrypted.toArray(new byte[0][])));
        }

        /** The flight with the first encrypted record replaced. */
        byte[] withEncrypted(byte[] replacement) {
            return concat(serverHello, changeCipherSpec, replacement);
        }

        byte[] firstEncrypted() {
            return encrypted.get(0).clone();
        }
    }

    interface Input {
        byte[] make(Flight f) throws Exception;
    }

    record Case(String name, Input input, AlertDescription alert, String reason) {
        @Override
        public String toString() {
            return name + " -> " + alert.rfcName();
        }
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // The plaintext ServerHello (RFC 8446 4.1.3).
        c.add(new Case("ServerHello with a suite the client did not offer",
                f -> f.withServerHello(sh -> sh.cipherSuite = 0x1304), ILLEGAL_PARAMETER, "did not offer"));
        c.add(new Case("ServerHello with another session id",
                f -> f.withServerHello(sh -> sh.sessionIdEcho = new byte[32]), ILLEGAL_PARAMETER, "legacy_session_id"));
        c.add(new Case("ServerHello with another key share", f -> f.withServerHello(sh -> sh.set(ExtensionType.KEY_SHARE,
                new KeyShareServerHello(new KeyShareEntry(0x001D, new byte[31])).encode())), ILLEGAL_PARAMETER, "31 bytes"));
        c.add(new Case("TLS 1.2 ServerHello with the downgrade sentinel", f -> f.withServerHello(sh -> {
            sh.extensions = List.of();
            System.arraycopy(ServerHello.DOWNGRADE_TLS12, 0, sh.random, 24, 8);
        }), ILLEGAL_PARAMETER, "downgrade"));
        c.add(new Case("TLS 1.2 ServerHello", f -> f.withServerHello(sh -> sh.extensions = List.of()),
                PROTOCOL_VERSION, "TLS 1.3 only"));
        c.add(new Case("ServerHello cut short (lengths consistent)", f -> {
            byte[] body = Arrays.copyOf(HandshakeHarness.raw(Wire.fragment(f.serverHello())).body(), 50);
            return record(HANDSHAKE, 0x0303, HandshakeHarness.raw(2, body).wire());
        }, DECODE_ERROR, "ServerHello"));
        c.add(new Case("ServerHello record also holding the start of the next message", f -> record(HANDSHAKE, 0x0303,
                concat(Wire.fragment(f.serverHello()), new byte[] {8, 0})), UNEXPECTED_MESSAGE, "key change"));
        c.add(new Case("ServerHello split by a change_cipher_spec", f -> {
            byte[] sh = Wire.fragment(f.serverHello());
            return concat(record(HANDSHAKE, 0x0303, Arrays.copyOf(sh, 10)), f.changeCipherSpec(),
                    record(HANDSHAKE, 0x0303, Arrays.copyOfRange(sh, 10, sh.length)));
        }, UNEXPECTED_MESSAGE, "between the fragments of a handshake message"));
        c.add(new Case("ServerHello twice", f -> concat(f.serverHello(), f.serverHello()), UNEXPECTED_MESSAGE,
                "unprotected handshake"));
        c.add(new Case("HTTP response instead of a ServerHello",
                f -> Wire.ascii("HTTP/1.1 400 Bad Request\r\n\r\n"), UNEXPECTED_MESSAGE,
                "Unrecognized SSL message, plaintext connection?"));
        c.add(new Case("record of 2^14 + 1 bytes before the ServerHello",
                f -> record(HANDSHAKE, 0x0303, (1 << 14) + 1, new byte[0]), RECORD_OVERFLOW, "exceeds"));
        c.add(new Case("zero-length handshake record", f -> record(HANDSHAKE, 0x0303, new byte[0]),
                UNEXPECTED_MESSAGE, "empty handshake record"));
        c.add(new Case("application data before the ServerHello",
                f -> record(APPLICATION_DATA, 0x0303, new byte[20]), UNEXPECTED_MESSAGE, "application_data"));
        c.add(new Case("change_cipher_spec of value 2", f -> concat(f.serverHello(),
                record(CHANGE_CIPHER_SPEC, 0x0303, new byte[] {2})), UNEXPECTED_MESSAGE, "change_cipher_spec"));
        c.add(new Case("alert record of 3 bytes", f -> record(ALERT, 0x0303, new byte[] {2, 40, 40}),
                DECODE_ERROR, "alert"));
        c.add(new Case("unknown content type", f -> record(0x19, 0x0303, new byte[] {2, 40}), UNEXPECTED_MESSAGE,
                "content type 25"));

        // The encrypted records (RFC 8446 5.2, 5.3).
        c.add(new Case("bit flipped in the ciphertext", f -> {
            byte[] r = f.firstEncrypted();
            r[5 + 3] ^= 0x40;
            return f.withEncrypted(r);
        }, BAD_RECORD_MAC, "authentication"));
        c.add(new Case("bit flipped in the tag", f -> {
            byte[] r = f.firstEncrypted();
            r[r.length - 1] ^= 1;
            return f.withEncrypted(r);
        }, BAD_RECORD_MAC, "authentication"));
        c.add(new Case("legacy_record_version of the encrypted record changed", f -> {
            byte[] r = f.firstEncrypted();
            r[2] = 1;
            return f.withEncrypted(r);
        }, BAD_RECORD_MAC, "authentication"));
        c.add(new Case("encrypted record cut to 15 bytes", f -> f.withEncrypted(
                record(APPLICATION_DATA, 0x0303, Arrays.copyOfRange(f.firstEncrypted(), 5, 20))),
                BAD_RECORD_MAC, "shorter than the 16-byte"));
        c.add(new Case("encrypted record of zero bytes", f -> f.withEncrypted(record(APPLICATION_DATA, 0x0303, new byte[0])),
                BAD_RECORD_MAC, "shorter"));
        c.add(new Case("encrypted record of 2^14 + 257 bytes", f -> f.withEncrypted(
                record(APPLICATION_DATA, 0x0303, (1 << 14) + 257, new byte[0])), RECORD_OVERFLOW, "exceeds"));
        c.add(new Case("encrypted record sent as a plaintext handshake record", f -> {
            byte[] r = f.firstEncrypted();
            r[0] = HANDSHAKE;
            return f.withEncrypted(r);
        }, UNEXPECTED_MESSAGE, "unprotected handshake"));
        c.add(new Case("encrypted record sent as a plaintext alert", f -> {
            byte[] r = f.firstEncrypted();
            r[0] = ALERT;
            return f.withEncrypted(r);
        }, DECODE_ERROR, "alert"));
        c.add(new Case("encrypted record garbage of the right size", f -> f.withEncrypted(
                record(APPLICATION_DATA, 0x0303, new byte[f.firstEncrypted().length - 5])), BAD_RECORD_MAC, "authentication"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void clientRejects(Case c) throws Exception {
        Flight f = Flight.fromKeelServer();
        EngineProbe.assertRejected(f.client(), c.input().make(f), javax.net.ssl.SSLHandshakeException.class,
                c.alert(), c.reason(), openedByTheServer(f.server()));
    }

    /**
     * A client that failed before deriving keys sends a plaintext alert; once it has processed the
     * ServerHello the server reads it with the client's handshake key, so its alert is encrypted and
     * only the real server engine can open it (it must report "Received fatal alert: ...").
     */
    static EngineProbe.AlertOpener openedByTheServer(SSLEngine server) {
        return record -> {
            if (Wire.type(record) == ALERT) {
                return EngineProbe.PLAINTEXT.open(record);
            }
            assertEquals(APPLICATION_DATA, Wire.type(record), "an encrypted alert");
            try {
                EngineProbe.feed(server, record);
            } catch (javax.net.ssl.SSLException e) {
                String prefix = "Received fatal alert: ";
                assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
                return new byte[] {2, (byte) dev.keel.tls.alert.AlertDescription.valueOf(
                        e.getMessage().substring(prefix.length()).toUpperCase(java.util.Locale.ROOT)).code()};
            }
            throw new AssertionError("the server did not see the alert");
        };
    }

    /**
     * An alert sent after the client processed the ServerHello must be encrypted: the scripted server
     * opens it. A client that failed on the ServerHello itself has no keys yet: a plaintext alert.
     */
    static EngineProbe.AlertOpener openedBy(ScriptedPeer server, boolean afterServerHello) {
        return record -> {
            if (!afterServerHello && Wire.type(record) == ALERT) {
                return EngineProbe.PLAINTEXT.open(record);
            }
            assertEquals(APPLICATION_DATA, Wire.type(record), "an encrypted alert");
            List<ScriptedPeer.Received> got = server.read(record);
            assertEquals(1, got.size());
            assertEquals(dev.keel.tls.message.ContentType.ALERT, got.get(0).type(), "an encrypted alert");
            return got.get(0).content();
        };
    }

    @Test
    void untouchedFlightIsAccepted() throws Exception {
        Flight f = Flight.fromKeelServer();
        byte[] answer = EngineProbe.feed(f.client(), f.all());
        List<byte[]> records = Wire.records(answer);
        assertEquals(List.of(CHANGE_CIPHER_SPEC, APPLICATION_DATA), records.stream().map(Wire::type).toList(),
                "change_cipher_spec and the encrypted Finished");
    }

    // ------------------------------------------------------------------ alerts from the server

    @Test
    void fatalAlertInPlaceOfTheServerHelloIsReportedAndNotAnswered() throws Exception {
        Flight f = Flight.fromKeelServer();
        EngineProbe.assertPeerAlert(f.client(), record(ALERT, 0x0303, new byte[] {2, 40}), "handshake_failure");
    }

    @Test
    void plaintextAlertAfterTheServerHelloIsReported() throws Exception {
        // A server that failed after its ServerHello may not have keys yet (RFC 8446 5, as OpenSSL does).
        Flight f = Flight.fromKeelServer();
        EngineProbe.assertPeerAlert(f.client(), concat(f.serverHello(), f.changeCipherSpec(),
                record(ALERT, 0x0303, new byte[] {2, 47})), "illegal_parameter");
    }

    @Test
    void replayedEncryptedRecordAfterTheHandshakeIsBadRecordMac() throws Exception {
        SSLEngine client = EngineProbe.keelClient();
        client.beginHandshake();
        SSLEngine server = EngineProbe.keelServer(KeyType.EC_P256);
        byte[] flight = EngineProbe.feed(server, EngineProbe.wrapAll(client));
        byte[] clientFinished = EngineProbe.feed(client, flight);
        List<byte[]> records = Wire.records(flight);
        // The client now reads with the server's application keys: the old record does not authenticate.
        byte[] alert = EngineProbe.assertRejected(client, records.get(records.size() - 1), javax.net.ssl.SSLProtocolException.class,
                BAD_RECORD_MAC, "authentication", record -> {
                    EngineProbe.feed(server, clientFinished);
                    SSLException e = EngineProbe.expectFailure(server, record);
                    assertEquals("Received fatal alert: bad_record_mac", e.getMessage());
                    return new byte[] {2, (byte) BAD_RECORD_MAC.code()};
                });
        assertEquals(APPLICATION_DATA, Wire.type(alert), "after the handshake the alert is encrypted");
    }

    // ------------------------------------------------------------------ damaged before encryption

    record Scripted(String name, ScriptedPeer.Rewrite rewrite, AlertDescription alert, String reason) {
        @Override
        public String toString() {
            return name + " -> " + alert.rfcName();
        }
    }

    static Stream<Scripted> encryptedMessages() {
        return Stream.of(
                new Scripted("EncryptedExtensions with key_share", m -> m.type() != 8 ? m.wire()
                        : Edit.encryptedExtensions(m, l -> l.add(new Extension(ExtensionType.KEY_SHARE,
                                new KeyShareServerHello(new KeyShareEntry(0x001D, new byte[32])).encode()))).wire(),
                        ILLEGAL_PARAMETER, "EncryptedExtensions"),
                new Scripted("empty server Certificate", m -> m.type() != 11 ? m.wire()
                        : HandshakeHarness.raw(new CertificateMessage13(new byte[0], List.of())).wire(),
                        DECODE_ERROR, "empty Certificate"),
                new Scripted("CertificateVerify signature tampered",
                        m -> m.type() != 15 ? m.wire() : HandshakeHarness.flipBit(m, -1).wire(),
                        DECRYPT_ERROR, "CertificateVerify"),
                new Scripted("Finished tampered", m -> m.type() != 20 ? m.wire() : HandshakeHarness.flipBit(m, 3).wire(),
                        DECRYPT_ERROR, "Finished"),
                new Scripted("CertificateVerify left out", m -> m.type() == 15 ? new byte[0] : m.wire(),
                        UNEXPECTED_MESSAGE, "expected certificate_verify"),
                new Scripted("Certificate sent twice", m -> m.type() == 11 ? concat(m.wire(), m.wire()) : m.wire(),
                        UNEXPECTED_MESSAGE, "expected certificate_verify"),
                new Scripted("NewSessionTicket in the Finished record", m -> m.type() != 20 ? m.wire()
                        : concat(m.wire(), new NewSessionTicket13(60, 1, new byte[1], new byte[8], Extensions.empty()).encode()),
                        UNEXPECTED_MESSAGE, "key change"),
                new Scripted("ServerHello with a trailing EncryptedExtensions header", m -> m.type() != 2 ? m.wire()
                        : concat(m.wire(), new byte[] {8, 0, 0}), UNEXPECTED_MESSAGE, "key change"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encryptedMessages")
    void clientRejectsDamagedEncryptedMessages(Scripted s) throws Exception {
        SSLEngine client = EngineProbe.keelClient();
        client.beginHandshake();
        ScriptedPeer server = new ScriptedPeer(Fixtures.server(KeyType.EC_P256).build());
        server.outgoing = s.rewrite();
        server.read(EngineProbe.wrapAll(client));
        EngineProbe.assertRejected(client, server.flush(), javax.net.ssl.SSLHandshakeException.class, s.alert(),
                s.reason(), openedBy(server, false));
    }

    @Test
    void encryptedRecordsOutOfOrderAreBadRecordMac() throws Exception {
        SSLEngine client = EngineProbe.keelClient();
        client.beginHandshake();
        ScriptedPeer server = new ScriptedPeer(Fixtures.server(KeyType.EC_P256).build());
        server.read(EngineProbe.wrapAll(client));
        List<byte[]> records = new ArrayList<>(Wire.records(server.flush()));
        // SH, CCS, then EE, Certificate, CertificateVerify, Finished one per record: swap EE and Certificate.
        assertEquals(6, records.size());
        java.util.Collections.swap(records, 2, 3);
        EngineProbe.assertRejected(client, concat(records.toArray(new byte[0][])),
                javax.net.ssl.SSLHandshakeException.class, BAD_RECORD_MAC, "authentication", openedBy(server, true));
    }

    @Test
    void scriptedPeerBaselineCompletes() throws Exception {
        SSLEngine client = EngineProbe.keelClient();
        ScriptedPeer server = new ScriptedPeer(Fixtures.server(KeyType.EC_P256).build());
        ScriptedPeer.handshake(client, server);
        assertEquals("TLSv1.3", client.getSession().getProtocol());
    }
}
