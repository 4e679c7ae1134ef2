package dev.keel.tls.hostile;

import static dev.keel.tls.alert.AlertDescription.BAD_CERTIFICATE;
import static dev.keel.tls.alert.AlertDescription.CERTIFICATE_REQUIRED;
import static dev.keel.tls.alert.AlertDescription.DECODE_ERROR;
import static dev.keel.tls.alert.AlertDescription.DECRYPT_ERROR;
import static dev.keel.tls.alert.AlertDescription.ILLEGAL_PARAMETER;
import static dev.keel.tls.alert.AlertDescription.MISSING_EXTENSION;
import static dev.keel.tls.alert.AlertDescription.PROTOCOL_VERSION;
import static dev.keel.tls.alert.AlertDescription.UNEXPECTED_MESSAGE;
import static dev.keel.tls.alert.AlertDescription.UNSUPPORTED_EXTENSION;
import static dev.keel.tls.hostile.HandshakeHarness.duplicated;
import static dev.keel.tls.hostile.HandshakeHarness.find;
import static dev.keel.tls.hostile.HandshakeHarness.flipBit;
import static dev.keel.tls.hostile.HandshakeHarness.raw;
import static dev.keel.tls.hostile.HandshakeHarness.replace;
import static dev.keel.tls.hostile.HandshakeHarness.swapped;
import static dev.keel.tls.hostile.HandshakeHarness.without;
import static dev.keel.tls.message.HandshakeType.CERTIFICATE;
import static dev.keel.tls.message.HandshakeType.CERTIFICATE_REQUEST;
import static dev.keel.tls.message.HandshakeType.CERTIFICATE_VERIFY;
import static dev.keel.tls.message.HandshakeType.CLIENT_HELLO;
import static dev.keel.tls.message.HandshakeType.ENCRYPTED_EXTENSIONS;
import static dev.keel.tls.message.HandshakeType.FINISHED;
import static dev.keel.tls.message.HandshakeType.SERVER_HELLO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.ClientAuth;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.handshake.HandshakeProtocol;
import dev.keel.tls.message.ApplicationLayerProtocols;
import dev.keel.tls.message.CertificateEntry;
import dev.keel.tls.message.CertificateMessage13;
import dev.keel.tls.message.CertificateRequest13;
import dev.keel.tls.message.CertificateVerify;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.Extensions;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.KeyShareClientHello;
import dev.keel.tls.message.KeyShareEntry;
import dev.keel.tls.message.KeyShareHelloRetryRequest;
import dev.keel.tls.message.KeyShareServerHello;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.message.ServerName;
import dev.keel.tls.message.SupportedGroups;
import dev.keel.tls.message.SupportedVersionsServer;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keel's TLS 1.3 state machines against a hostile peer, message by message and without a record layer
 * ({@link HandshakeHarness}): messages out of order, missing, repeated or rewritten must each end the
 * handshake with the alert RFC 8446 names for it and a reason a person can act on.
 *
 * <p>Expected alerts come from RFC 8446: section 4 and Appendix A for the order of messages
 * (unexpected_message), 4.1.3/4.1.4/4.2 for the server's hello and extensions, 4.4.3/4.4.4 for
 * signature and Finished failures (decrypt_error), 6.2 for the rest.
 */
class HandshakeStateMachineHostileTest {

    /** What a case does with a fresh harness; it must end in a TlsAlertException. */
    interface Script {
        void run(HandshakeHarness h) throws TlsAlertException;
    }

    /** One row of a table. */
    record Case(String name, AlertDescription alert, Supplier<HandshakeHarness> setup, Script script) {
        @Override
        public String toString() {
            return name + " -> " + alert.rfcName();
        }
    }

    // ------------------------------------------------------------------ setups

    static HandshakeHarness standard() {
        return new HandshakeHarness(Fixtures.client(), Fixtures.server(KeyType.EC_P256));
    }

    static HandshakeHarness withServerKey(KeyType key) {
        return new HandshakeHarness(Fixtures.client(), Fixtures.server(key));
    }

    /** The client sends only an x25519 share; the server accepts only secp384r1: HelloRetryRequest. */
    static HandshakeHarness helloRetry() {
        return new HandshakeHarness(
                Fixtures.client().namedGroups(List.of(NamedGroup.X25519, NamedGroup.SECP384R1)),
                Fixtures.server(KeyType.EC_P256).namedGroups(List.of(NamedGroup.SECP384R1)));
    }

    static HandshakeHarness clientAuth(ClientAuth auth) {
        return new HandshakeHarness(Fixtures.clientWithCertificate(),
                Fixtures.server(KeyType.EC_P256).clientAuth(auth));
    }

    static HandshakeHarness with(TlsConfig.Builder client, TlsConfig.Builder server) {
        return new HandshakeHarness(client, server);
    }

    // ------------------------------------------------------------------ the unmutated baseline

    /** Without tampering every setup used below completes, so each failure is the mutation's doing. */
    @ParameterizedTest
    @EnumSource(KeyType.class)
    void untouchedHandshakeCompletes(KeyType key) throws TlsAlertException {
        HandshakeHarness h = withServerKey(key);
        List<RawHandshake> clientFlight = h.toClient(h.serverFlight());
        assertEquals(List.of("finished"), HandshakeHarness.types(clientFlight));
        assertTrue(h.toServer(clientFlight).isEmpty());
        assertTrue(h.client.isComplete() && h.server.isComplete());
        assertEquals(h.clientIo.writeSecrets.get(1).length, h.serverIo.readSecrets.get(1).length);
        assertTrue(Arrays.equals(h.clientIo.writeSecrets.get(1), h.serverIo.readSecrets.get(1)),
                "both sides derived the same client application traffic secret");
    }

    @Test
    void untouchedHelloRetryAndClientAuthHandshakesComplete() throws TlsAlertException {
        HandshakeHarness hrr = helloRetry();
        List<RawHandshake> retry = hrr.serverFlight();
        assertEquals(List.of("server_hello"), HandshakeHarness.types(retry));
        hrr.toServer(hrr.toClient(hrr.toServer(hrr.toClient(retry))));
        assertTrue(hrr.client.isComplete() && hrr.server.isComplete());

        HandshakeHarness auth = clientAuth(ClientAuth.REQUIRED);
        List<RawHandshake> second = auth.toClient(auth.serverFlight());
        assertEquals(List.of("certificate", "certificate_verify", "finished"), HandshakeHarness.types(second));
        auth.toServer(second);
        assertTrue(auth.client.isComplete() && auth.server.isComplete());
    }

    // ------------------------------------------------------------------ every state x every wrong message

    /** A state of one side, reached by {@code prepare}, and the message types it accepts. */
    record State(String name, boolean clientSide, Supplier<HandshakeHarness> setup, Script prepare,
                 Set<HandshakeType> allowed) {
    }

    static List<State> states() {
        return List.of(
                new State("client WAIT_SH", true, HandshakeStateMachineHostileTest::standard,
                        h -> h.clientHello(), EnumSet.of(SERVER_HELLO)),
                new State("client WAIT_EE", true, HandshakeStateMachineHostileTest::standard,
                        h -> h.toClient(h.serverFlight().subList(0, 1)), EnumSet.of(ENCRYPTED_EXTENSIONS)),
                new State("client WAIT_CERT_CR", true, HandshakeStateMachineHostileTest::standard,
                        h -> h.toClient(h.serverFlight().subList(0, 2)), EnumSet.of(CERTIFICATE_REQUEST, CERTIFICATE)),
                new State("client WAIT_CERT", true, () -> clientAuth(ClientAuth.REQUIRED),
                        h -> h.toClient(h.serverFlight().subList(0, 3)), EnumSet.of(CERTIFICATE)),
                new State("client WAIT_CV", true, HandshakeStateMachineHostileTest::standard,
                        h -> h.toClient(h.serverFlight().subList(0, 3)), EnumSet.of(CERTIFICATE_VERIFY)),
                new State("client WAIT_FINISHED", true, HandshakeStateMachineHostileTest::standard,
                        h -> h.toClient(h.serverFlight().subList(0, 4)), EnumSet.of(FINISHED)),
                new State("client CONNECTED", true, HandshakeStateMachineHostileTest::standard,
                        h -> h.toServer(h.toClient(h.serverFlight())), EnumSet.noneOf(HandshakeType.class)),
                new State("server WAIT_CH", false, HandshakeStateMachineHostileTest::standard,
                        h -> { }, EnumSet.of(CLIENT_HELLO)),
                new State("server WAIT_CH2", false, HandshakeStateMachineHostileTest::helloRetry,
                        h -> h.serverFlight(), EnumSet.of(CLIENT_HELLO)),
                new State("server WAIT_CERT", false, () -> clientAuth(ClientAuth.REQUIRED),
                        h -> h.serverFlight(), EnumSet.of(CERTIFICATE)),
                new State("server WAIT_CV", false, () -> clientAuth(ClientAuth.REQUIRED),
                        h -> h.toServer(h.clientSecondFlight().subList(0, 1)), EnumSet.of(CERTIFICATE_VERIFY)),
                new State("server WAIT_FINISHED", false, HandshakeStateMachineHostileTest::standard,
                        h -> h.serverFlight(), EnumSet.of(FINISHED)),
                new State("server CONNECTED", false, HandshakeStateMachineHostileTest::standard,
                        h -> h.toServer(h.clientSecondFlight()), EnumSet.noneOf(HandshakeType.class)));
    }

    /** Every known handshake type plus two codes no RFC assigns. */
    static List<Integer> everyTypeCode() {
        List<Integer> codes = new ArrayList<>();
        for (HandshakeType t : HandshakeType.values()) {
            codes.add(t.code());
        }
        codes.add(3); // hello_verify_request is DTLS-only, unknown to Keel
        codes.add(99);
        return codes;
    }

    static Stream<Arguments> wrongMessageInEveryState() {
        List<Arguments> out = new ArrayList<>();
        for (State s : states()) {
            for (int code : everyTypeCode()) {
                HandshakeType t = HandshakeType.fromCode(code);
                if (t == null || !s.allowed().contains(t)) {
                    out.add(Arguments.of(s.name(), t == null ? "type " + code : t.rfcName(), s, code));
                }
            }
        }
        return out.stream();
    }

    /** RFC 8446 A.1/A.2: any message the state does not expect is unexpected_message. */
    @ParameterizedTest(name = "{0} given {1}")
    @MethodSource("wrongMessageInEveryState")
    void wrongMessageInEveryStateIsUnexpected(String state, String type, State s, int code) throws TlsAlertException {
        HandshakeHarness h = s.setup().get();
        s.prepare().run(h);
        RawHandshake wrong = raw(code, new byte[] {0, 0, 0, 0});
        TlsAlertException e = expectAlert(UNEXPECTED_MESSAGE,
                () -> {
                    HandshakeProtocol side = s.clientSide() ? h.client : h.server;
                    side.handle(wrong);
                });
        assertTrue(e.getMessage().contains(state.substring(state.indexOf(' ') + 1)),
                "the reason names the state: " + e.getMessage());
    }

    // ------------------------------------------------------------------ the client against a hostile server

    static Stream<Case> hostileServer() {
        List<Case> c = new ArrayList<>();
        Supplier<HandshakeHarness> std = HandshakeStateMachineHostileTest::standard;

        // Missing, repeated and reordered messages (RFC 8446 A.1).
        c.add(new Case("EncryptedExtensions missing", UNEXPECTED_MESSAGE, std,
                h -> h.toClient(without(h.serverFlight(), ENCRYPTED_EXTENSIONS))));
        c.add(new Case("Certificate missing", UNEXPECTED_MESSAGE, std,
                h -> h.toClient(without(h.serverFlight(), CERTIFICATE))));
        c.add(new Case("CertificateVerify missing", UNEXPECTED_MESSAGE, std,
                h -> h.toClient(without(h.serverFlight(), CERTIFICATE_VERIFY))));
        c.add(new Case("Certificate and CertificateVerify swapped", UNEXPECTED_MESSAGE, std,
                h -> h.toClient(swapped(h.serverFlight(), CERTIFICATE, CERTIFICATE_VERIFY))));
        c.add(new Case("ServerHello twice", UNEXPECTED_MESSAGE, std,
                h -> h.toClient(duplicated(h.serverFlight(), SERVER_HELLO))));
        c.add(new Case("EncryptedExtensions twice", UNEXPECTED_MESSAGE, std,
                h -> h.toClient(duplicated(h.serverFlight(), ENCRYPTED_EXTENSIONS))));
        c.add(new Case("Finished twice", UNEXPECTED_MESSAGE, std,
                h -> h.toClient(duplicated(h.serverFlight(), FINISHED))));
        c.add(new Case("ClientHello sent to the client", UNEXPECTED_MESSAGE, std,
                h -> h.toClient(List.of(h.clientHello()))));

        // Signatures and Finished (RFC 8446 4.4.3, 4.4.4).
        for (KeyType key : KeyType.values()) {
            c.add(new Case("CertificateVerify signature tampered (" + key + ")", DECRYPT_ERROR,
                    () -> withServerKey(key), h -> {
                        List<RawHandshake> f = h.serverFlight();
                        h.toClient(replace(f, CERTIFICATE_VERIFY, flipBit(find(f, CERTIFICATE_VERIFY), -1)));
                    }));
        }
        c.add(new Case("CertificateVerify signature empty", DECRYPT_ERROR, std,
                h -> h.toClient(editCv(h.serverFlight(), cv -> new CertificateVerify(cv.signatureScheme(), new byte[0])))));
        c.add(new Case("Finished tampered", DECRYPT_ERROR, std, h -> {
            List<RawHandshake> f = h.serverFlight();
            h.toClient(replace(f, FINISHED, flipBit(find(f, FINISHED), 0)));
        }));
        c.add(new Case("Finished one byte short", DECODE_ERROR, std, h -> {
            List<RawHandshake> f = h.serverFlight();
            byte[] body = find(f, FINISHED).body();
            h.toClient(replace(f, FINISHED, raw(FINISHED.code(), Arrays.copyOf(body, body.length - 1))));
        }));
        c.add(new Case("CertificateVerify with a scheme the client did not offer", ILLEGAL_PARAMETER,
                () -> with(Fixtures.client().signatureSchemes(List.of(SignatureScheme.ECDSA_SECP256R1_SHA256,
                        SignatureScheme.RSA_PSS_RSAE_SHA256)), Fixtures.server(KeyType.EC_P256)),
                h -> h.toClient(editCv(h.serverFlight(),
                        cv -> new CertificateVerify(SignatureScheme.ED25519.code(), cv.signature())))));
        c.add(new Case("CertificateVerify with rsa_pkcs1_sha256 (TLS 1.2 only)", ILLEGAL_PARAMETER,
                () -> withServerKey(KeyType.RSA_2048),
                h -> h.toClient(editCv(h.serverFlight(),
                        cv -> new CertificateVerify(SignatureScheme.RSA_PKCS1_SHA256.code(), cv.signature())))));
        c.add(new Case("CertificateVerify with an unknown scheme", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editCv(h.serverFlight(), cv -> new CertificateVerify(0x0999, cv.signature())))));
        c.add(new Case("CertificateVerify scheme does not fit the certificate key", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editCv(h.serverFlight(),
                        cv -> new CertificateVerify(SignatureScheme.RSA_PSS_RSAE_SHA256.code(), cv.signature())))));

        // Certificate (RFC 8446 4.4.2, 4.4.2.4).
        c.add(new Case("server Certificate empty", DECODE_ERROR, std,
                h -> h.toClient(replace(h.serverFlight(), CERTIFICATE,
                        raw(new CertificateMessage13(new byte[0], List.of()))))));
        c.add(new Case("server Certificate with a request context", ILLEGAL_PARAMETER, std, h -> {
            List<RawHandshake> f = h.serverFlight();
            CertificateMessage13 cm = CertificateMessage13.decode(find(f, CERTIFICATE).reader());
            h.toClient(replace(f, CERTIFICATE, raw(new CertificateMessage13(new byte[] {7}, cm.entries()))));
        }));
        c.add(new Case("server Certificate that is not DER", BAD_CERTIFICATE, std,
                h -> h.toClient(replace(h.serverFlight(), CERTIFICATE, raw(new CertificateMessage13(new byte[0],
                        List.of(new CertificateEntry(new byte[] {0x30, 0x03, 1, 2, 3}, Extensions.empty()))))))));

        // ServerHello (RFC 8446 4.1.3, 4.2, 4.2.1, 4.2.8).
        c.add(new Case("ServerHello chooses a suite the client did not offer", ILLEGAL_PARAMETER,
                () -> with(Fixtures.client().cipherSuites(List.of(CipherSuite.TLS_AES_128_GCM_SHA256)),
                        Fixtures.server(KeyType.EC_P256)),
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.cipherSuite = 0x1302))));
        c.add(new Case("ServerHello chooses a TLS 1.2 suite", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.cipherSuite = 0xC02F))));
        c.add(new Case("ServerHello does not echo the session id", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.sessionIdEcho[0] ^= 1))));
        c.add(new Case("ServerHello echoes an empty session id", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.sessionIdEcho = new byte[0]))));
        c.add(new Case("ServerHello with an unsolicited extension (ALPN)", UNSUPPORTED_EXTENSION, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.set(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
                        new ApplicationLayerProtocols(List.of("h2")).encode())))));
        // RFC 8446 4.2: an extension the client did not send is unsupported_extension (checked before
        // "not allowed in ServerHello", which is illegal_parameter); the client sent no early_data.
        c.add(new Case("ServerHello with early_data", UNSUPPORTED_EXTENSION, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.set(ExtensionType.EARLY_DATA, new byte[0])))));
        c.add(new Case("ServerHello with an unknown extension", UNSUPPORTED_EXTENSION, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.set(0x7777, new byte[0])))));
        c.add(new Case("ServerHello with supported_groups (offered, but not a ServerHello extension)",
                ILLEGAL_PARAMETER, std, h -> h.toClient(editSh(h.serverFlight(), sh -> sh.set(
                        ExtensionType.SUPPORTED_GROUPS, new SupportedGroups(List.of(0x001D)).encode())))));
        c.add(new Case("ServerHello without key_share", MISSING_EXTENSION, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.remove(ExtensionType.KEY_SHARE)))));
        c.add(new Case("ServerHello key share for a group the client sent no share for", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.set(ExtensionType.KEY_SHARE,
                        new KeyShareServerHello(new KeyShareEntry(NamedGroup.SECP256R1.code(), new byte[65])).encode())))));
        c.add(new Case("ServerHello x25519 share of 31 bytes", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.set(ExtensionType.KEY_SHARE,
                        new KeyShareServerHello(new KeyShareEntry(NamedGroup.X25519.code(), new byte[31])).encode())))));
        c.add(new Case("ServerHello x25519 share that is a low-order point", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.set(ExtensionType.KEY_SHARE,
                        new KeyShareServerHello(new KeyShareEntry(NamedGroup.X25519.code(), new byte[32])).encode())))));
        c.add(new Case("ServerHello selects TLS 1.2 in supported_versions", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.set(ExtensionType.SUPPORTED_VERSIONS,
                        new SupportedVersionsServer(0x0303).encode())))));
        c.add(new Case("ServerHello selects an unknown version", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.set(ExtensionType.SUPPORTED_VERSIONS,
                        new SupportedVersionsServer(0x7f1c).encode())))));
        c.add(new Case("TLS 1.2 ServerHello with the TLS 1.2 downgrade sentinel", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> {
                    sh.remove(ExtensionType.SUPPORTED_VERSIONS).remove(ExtensionType.KEY_SHARE);
                    System.arraycopy(ServerHello.DOWNGRADE_TLS12, 0, sh.random, 24, 8);
                }))));
        c.add(new Case("TLS 1.1 ServerHello with the TLS 1.1 downgrade sentinel", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> {
                    sh.legacyVersion = 0x0302;
                    sh.extensions = List.of();
                    System.arraycopy(ServerHello.DOWNGRADE_TLS11, 0, sh.random, 24, 8);
                }))));
        c.add(new Case("TLS 1.2 ServerHello without a sentinel", PROTOCOL_VERSION, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.extensions = List.of()))));
        c.add(new Case("ServerHello legacy_version 0x0304", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.legacyVersion = 0x0304))));
        c.add(new Case("ServerHello compression method 1", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.compression = 1))));
        c.add(new Case("ServerHello with a trailing byte", DECODE_ERROR, std, h -> {
            List<RawHandshake> f = h.serverFlight();
            byte[] body = find(f, SERVER_HELLO).body();
            h.toClient(replace(f, SERVER_HELLO, raw(SERVER_HELLO.code(), Arrays.copyOf(body, body.length + 1))));
        }));
        c.add(new Case("ServerHello cut short", DECODE_ERROR, std, h -> {
            List<RawHandshake> f = h.serverFlight();
            byte[] body = find(f, SERVER_HELLO).body();
            h.toClient(replace(f, SERVER_HELLO, raw(SERVER_HELLO.code(), Arrays.copyOf(body, 40))));
        }));

        // EncryptedExtensions (RFC 8446 4.2, 4.3.1; RFC 7301 3.1; RFC 6066 3).
        c.add(new Case("EncryptedExtensions with key_share", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editEe(h.serverFlight(), l -> l.add(new Extension(ExtensionType.KEY_SHARE,
                        new KeyShareServerHello(new KeyShareEntry(0x001D, new byte[32])).encode()))))));
        c.add(new Case("EncryptedExtensions with supported_versions", ILLEGAL_PARAMETER, std,
                h -> h.toClient(editEe(h.serverFlight(), l -> l.add(new Extension(ExtensionType.SUPPORTED_VERSIONS,
                        new SupportedVersionsServer(0x0304).encode()))))));
        c.add(new Case("EncryptedExtensions with ALPN the client did not offer", UNSUPPORTED_EXTENSION, std,
                h -> h.toClient(editEe(h.serverFlight(), l -> l.add(alpn("h2"))))));
        Supplier<HandshakeHarness> alpnClient = () -> with(Fixtures.client().applicationProtocols(List.of("h2")),
                Fixtures.server(KeyType.EC_P256));
        c.add(new Case("EncryptedExtensions selects a protocol the client did not offer", ILLEGAL_PARAMETER,
                alpnClient, h -> h.toClient(editEe(h.serverFlight(), l -> l.add(alpn("http/1.1"))))));
        c.add(new Case("EncryptedExtensions selects two protocols", ILLEGAL_PARAMETER,
                alpnClient, h -> h.toClient(editEe(h.serverFlight(), l -> l.add(alpn("h2", "h2"))))));
        c.add(new Case("EncryptedExtensions with an empty ALPN list", DECODE_ERROR,
                alpnClient, h -> h.toClient(editEe(h.serverFlight(),
                        l -> l.add(new Extension(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION, new byte[] {0, 0}))))));
        c.add(new Case("EncryptedExtensions with server_name when the client sent none", UNSUPPORTED_EXTENSION, std,
                h -> h.toClient(editEe(h.serverFlight(), l -> l.add(new Extension(ExtensionType.SERVER_NAME, new byte[0]))))));
        c.add(new Case("EncryptedExtensions with a non-empty server_name", DECODE_ERROR,
                () -> with(Fixtures.client().serverNames(List.of(ServerName.hostName("example.com"))),
                        Fixtures.server(KeyType.EC_P256)),
                h -> h.toClient(editEe(h.serverFlight(), l -> {
                    l.removeIf(e -> e.type() == ExtensionType.SERVER_NAME);
                    l.add(new Extension(ExtensionType.SERVER_NAME, new byte[] {0}));
                }))));
        c.add(new Case("EncryptedExtensions with an unknown extension", UNSUPPORTED_EXTENSION, std,
                h -> h.toClient(editEe(h.serverFlight(), l -> l.add(new Extension(0x7777, new byte[0]))))));

        // CertificateRequest (RFC 8446 4.3.2).
        c.add(new Case("CertificateRequest without signature_algorithms", MISSING_EXTENSION,
                () -> clientAuth(ClientAuth.REQUIRED),
                h -> h.toClient(replace(h.serverFlight(), CERTIFICATE_REQUEST,
                        raw(new CertificateRequest13(new byte[0], Extensions.empty()))))));

        // HelloRetryRequest (RFC 8446 4.1.4).
        Supplier<HandshakeHarness> hrr = HandshakeStateMachineHostileTest::helloRetry;
        c.add(new Case("second HelloRetryRequest", UNEXPECTED_MESSAGE, hrr, h -> {
            RawHandshake retry = h.serverFlight().get(0);
            h.toClient(List.of(retry, retry));
        }));
        c.add(new Case("HelloRetryRequest selects the group the client already sent", ILLEGAL_PARAMETER, hrr,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.set(ExtensionType.KEY_SHARE,
                        new KeyShareHelloRetryRequest(NamedGroup.X25519.code()).encode())))));
        c.add(new Case("HelloRetryRequest selects a group the client did not offer", ILLEGAL_PARAMETER, hrr,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.set(ExtensionType.KEY_SHARE,
                        new KeyShareHelloRetryRequest(NamedGroup.SECP521R1.code()).encode())))));
        c.add(new Case("HelloRetryRequest selects an unknown group", ILLEGAL_PARAMETER, hrr,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.set(ExtensionType.KEY_SHARE,
                        new KeyShareHelloRetryRequest(0x4a4a).encode())))));
        c.add(new Case("HelloRetryRequest that changes nothing", ILLEGAL_PARAMETER, hrr,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.remove(ExtensionType.KEY_SHARE)))));
        c.add(new Case("HelloRetryRequest with an unsolicited extension", UNSUPPORTED_EXTENSION, hrr,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.set(0x7777, new byte[0])))));
        c.add(new Case("HelloRetryRequest with a suite the client did not offer", ILLEGAL_PARAMETER, hrr,
                h -> h.toClient(editSh(h.serverFlight(), sh -> sh.cipherSuite = 0x1305))));
        c.add(new Case("ServerHello after HelloRetryRequest changes the suite", ILLEGAL_PARAMETER, hrr, h -> {
            List<RawHandshake> ch2 = h.toClient(h.serverFlight());
            List<RawHandshake> flight = h.toServer(ch2);
            h.toClient(editSh(flight, sh -> sh.cipherSuite = sh.cipherSuite == 0x1301 ? 0x1302 : 0x1301));
        }));
        c.add(new Case("ServerHello after HelloRetryRequest uses the group the client dropped", ILLEGAL_PARAMETER, hrr,
                h -> {
                    List<RawHandshake> flight = h.toServer(h.toClient(h.serverFlight()));
                    h.toClient(editSh(flight, sh -> sh.set(ExtensionType.KEY_SHARE,
                            new KeyShareServerHello(new KeyShareEntry(NamedGroup.X25519.code(), new byte[32])).encode())));
                }));
        c.add(new Case("HelloRetryRequest after ServerHello", UNEXPECTED_MESSAGE, std, h -> {
            List<RawHandshake> f = h.serverFlight();
            RawHandshake retry = helloRetry().serverFlight().get(0);
            h.toClient(List.of(f.get(0), retry));
        }));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileServer")
    void clientRejectsHostileServer(Case c) {
        runCase(c);
    }

    // ------------------------------------------------------------------ the server against a hostile client

    static Stream<Case> hostileClient() {
        List<Case> c = new ArrayList<>();
        Supplier<HandshakeHarness> std = HandshakeStateMachineHostileTest::standard;
        Supplier<HandshakeHarness> hrr = HandshakeStateMachineHostileTest::helloRetry;
        Supplier<HandshakeHarness> required = () -> clientAuth(ClientAuth.REQUIRED);

        // The second ClientHello (RFC 8446 4.1.2, 4.1.4, 4.2.8).
        c.add(new Case("second ClientHello with a share for the wrong group", ILLEGAL_PARAMETER, hrr, h -> {
            List<RawHandshake> ch2 = h.toClient(h.serverFlight());
            h.toServer(List.of(Edit.clientHello(ch2.get(0), ch -> ch.set(ExtensionType.KEY_SHARE,
                    new KeyShareClientHello(List.of(new KeyShareEntry(NamedGroup.X25519.code(),
                            h.clientConfig.random().generateSeed(32)))).encode()))));
        }));
        c.add(new Case("second ClientHello with no key share", ILLEGAL_PARAMETER, hrr, h -> {
            List<RawHandshake> ch2 = h.toClient(h.serverFlight());
            h.toServer(List.of(Edit.clientHello(ch2.get(0), ch -> ch.set(ExtensionType.KEY_SHARE,
                    new KeyShareClientHello(List.of()).encode()))));
        }));
        c.add(new Case("the first ClientHello sent again after HelloRetryRequest", ILLEGAL_PARAMETER, hrr, h -> {
            RawHandshake ch1 = h.clientHello();
            h.toServer(List.of(ch1));
            h.toServer(List.of(ch1));
        }));
        c.add(new Case("second ClientHello changes the cipher suite offer", ILLEGAL_PARAMETER, hrr, h -> {
            List<RawHandshake> ch2 = h.toClient(h.serverFlight());
            h.toServer(List.of(Edit.clientHello(ch2.get(0), ch -> ch.cipherSuites = List.of(0x1303))));
        }));

        // The client's second flight (RFC 8446 4.4).
        c.add(new Case("client Finished tampered", DECRYPT_ERROR, std, h -> {
            List<RawHandshake> f = h.clientSecondFlight();
            h.toServer(replace(f, FINISHED, flipBit(find(f, FINISHED), -1)));
        }));
        c.add(new Case("client Finished one byte long", DECODE_ERROR, std, h -> {
            List<RawHandshake> f = h.clientSecondFlight();
            h.toServer(replace(f, FINISHED, raw(FINISHED.code(), new byte[] {1})));
        }));
        c.add(new Case("client Finished sent twice", UNEXPECTED_MESSAGE, std, h -> {
            List<RawHandshake> f = h.clientSecondFlight();
            h.toServer(duplicated(f, FINISHED));
        }));
        c.add(new Case("client CertificateVerify tampered", DECRYPT_ERROR, required, h -> {
            List<RawHandshake> f = h.clientSecondFlight();
            h.toServer(replace(f, CERTIFICATE_VERIFY, flipBit(find(f, CERTIFICATE_VERIFY), -1)));
        }));
        c.add(new Case("client CertificateVerify with rsa_pkcs1_sha256", ILLEGAL_PARAMETER, required, h -> {
            List<RawHandshake> f = h.clientSecondFlight();
            CertificateVerify cv = CertificateVerify.decode(find(f, CERTIFICATE_VERIFY).reader());
            h.toServer(replace(f, CERTIFICATE_VERIFY,
                    raw(new CertificateVerify(SignatureScheme.RSA_PKCS1_SHA256.code(), cv.signature()))));
        }));
        c.add(new Case("client Certificate with a request context the server never sent", ILLEGAL_PARAMETER,
                required, h -> {
                    List<RawHandshake> f = h.clientSecondFlight();
                    CertificateMessage13 cm = CertificateMessage13.decode(find(f, CERTIFICATE).reader());
                    h.toServer(replace(f, CERTIFICATE, raw(new CertificateMessage13(new byte[] {1}, cm.entries()))));
                }));
        c.add(new Case("client Certificate empty when required", CERTIFICATE_REQUIRED, required, h -> {
            List<RawHandshake> f = h.clientSecondFlight();
            h.toServer(List.of(raw(new CertificateMessage13(new byte[0], List.of())), find(f, FINISHED)));
        }));
        c.add(new Case("client skips Certificate when it was requested", UNEXPECTED_MESSAGE, required,
                h -> h.toServer(List.of(find(h.clientSecondFlight(), FINISHED)))));
        c.add(new Case("client skips CertificateVerify", UNEXPECTED_MESSAGE, required,
                h -> h.toServer(without(h.clientSecondFlight(), CERTIFICATE_VERIFY))));
        c.add(new Case("client sends Certificate when none was requested", UNEXPECTED_MESSAGE, std, h -> {
            h.serverFlight();
            h.toServer(List.of(raw(new CertificateMessage13(new byte[0], List.of()))));
        }));
        c.add(new Case("client sends a Finished keyed for another handshake", DECRYPT_ERROR, std, h -> {
            List<RawHandshake> other = standard().clientSecondFlight();
            h.serverFlight();
            h.toServer(List.of(find(other, FINISHED)));
        }));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileClient")
    void serverRejectsHostileClient(Case c) {
        runCase(c);
    }

    // ------------------------------------------------------------------ helpers

    private static void runCase(Case c) {
        HandshakeHarness h = c.setup().get();
        expectAlert(c.alert(), () -> c.script().run(h));
    }

    interface Step {
        void run() throws TlsAlertException;
    }

    private static TlsAlertException expectAlert(AlertDescription expected, Step step) {
        try {
            step.run();
        } catch (TlsAlertException e) {
            assertEquals(expected, e.alert(), "wrong alert; reason: " + e.getMessage());
            assertFalse(e.receivedFromPeer());
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().length() > 15, "a reason a person can act on: " + e.getMessage());
            return e;
        }
        return fail("the hostile input was accepted; expected " + expected.rfcName());
    }

    private static List<RawHandshake> editSh(List<RawHandshake> flight, java.util.function.Consumer<Edit.Sh> change)
            throws TlsAlertException {
        return replace(flight, SERVER_HELLO, Edit.serverHello(find(flight, SERVER_HELLO), change));
    }

    private static List<RawHandshake> editEe(List<RawHandshake> flight,
            java.util.function.Consumer<List<Extension>> change) throws TlsAlertException {
        return replace(flight, ENCRYPTED_EXTENSIONS, Edit.encryptedExtensions(find(flight, ENCRYPTED_EXTENSIONS), change));
    }

    interface CvEdit {
        CertificateVerify apply(CertificateVerify cv);
    }

    private static List<RawHandshake> editCv(List<RawHandshake> flight, CvEdit change) throws TlsAlertException {
        CertificateVerify cv = CertificateVerify.decode(find(flight, CERTIFICATE_VERIFY).reader());
        return replace(flight, CERTIFICATE_VERIFY, raw(change.apply(cv)));
    }

    private static Extension alpn(String... protocols) {
        return new Extension(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
                new ApplicationLayerProtocols(List.of(protocols)).encode());
    }
}
