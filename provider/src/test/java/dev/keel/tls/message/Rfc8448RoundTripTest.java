package dev.keel.tls.message;

import static dev.keel.tls.message.Rfc8448Messages.body;
import static dev.keel.tls.message.Rfc8448Messages.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every handshake message printed in RFC 8448 decodes and re-encodes to the same bytes, and so does
 * every extension body inside it that this package models. Field values asserted below are read off
 * the RFC text (key shares, binders, tickets), not from the code.
 */
class Rfc8448RoundTripTest {

    static Stream<Arguments> messages() {
        return Rfc8448Messages.all().entrySet().stream()
                .filter(e -> !e.getKey().endsWith("ClientHelloPrefix"))
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void messageRoundTrips(String name, byte[] wire) throws TlsAlertException {
        byte[] body = Rfc8448Messages.bodyOf(wire);
        Object decoded = Codecs.message(wire[0] & 0xFF).decode(body);
        HandshakeMessage message = assertInstanceOf(HandshakeMessage.class, decoded);
        assertEquals(wire[0] & 0xFF, message.type().code());
        assertArrayEquals(wire, message.encode(), name);
        assertEquals(decoded, Codecs.message(wire[0] & 0xFF).decode(body), "equals() after a second decode");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void extensionBodiesRoundTrip(String name, byte[] wire) throws TlsAlertException {
        Object decoded = Codecs.message(wire[0] & 0xFF).decode(Rfc8448Messages.bodyOf(wire));
        for (Map.Entry<Codecs.Context, List<Extensions>> block : Codecs.extensionBlocks(decoded).entrySet()) {
            for (Extensions extensions : block.getValue()) {
                for (Extension e : extensions.list()) {
                    Codecs.Decoder decoder = Codecs.extension(block.getKey(), e.type());
                    if (decoder != null) {
                        assertArrayEquals(e.data(), Codecs.encode(decoder.decode(e.data())),
                                name + " " + block.getKey() + " " + ExtensionType.nameOf(e.type()));
                    }
                }
            }
        }
    }

    /** Which extension types of the traces the test above decoded: proof that coverage is real. */
    @Test
    void theTracesExerciseTheseExtensionBodies() throws TlsAlertException {
        List<String> covered = new ArrayList<>();
        for (Map.Entry<String, byte[]> vector : Rfc8448Messages.all().entrySet()) {
            if (vector.getKey().endsWith("ClientHelloPrefix")) {
                continue; // the binder prefix is not a complete message
            }
            byte[] wire = vector.getValue();
            Object decoded = Codecs.message(wire[0] & 0xFF).decode(Rfc8448Messages.bodyOf(wire));
            Codecs.extensionBlocks(decoded).forEach((context, blocks) -> blocks.forEach(b -> b.list().forEach(e -> {
                if (Codecs.extension(context, e.type()) != null) {
                    String key = context + "/" + ExtensionType.nameOf(e.type());
                    if (!covered.contains(key)) {
                        covered.add(key);
                    }
                }
            })));
        }
        for (String expected : List.of("CLIENT_HELLO/server_name(0)", "CLIENT_HELLO/supported_groups(10)",
                "CLIENT_HELLO/signature_algorithms(13)", "CLIENT_HELLO/supported_versions(43)",
                "CLIENT_HELLO/key_share(51)", "CLIENT_HELLO/cookie(44)", "CLIENT_HELLO/psk_key_exchange_modes(45)",
                "CLIENT_HELLO/pre_shared_key(41)", "CLIENT_HELLO/early_data(42)", "CLIENT_HELLO/record_size_limit(28)",
                "SERVER_HELLO/key_share(51)", "SERVER_HELLO/supported_versions(43)", "SERVER_HELLO/pre_shared_key(41)",
                "HELLO_RETRY_REQUEST/key_share(51)", "HELLO_RETRY_REQUEST/cookie(44)",
                "HELLO_RETRY_REQUEST/supported_versions(43)", "ENCRYPTED_EXTENSIONS/supported_groups(10)",
                "ENCRYPTED_EXTENSIONS/server_name(0)", "ENCRYPTED_EXTENSIONS/early_data(42)",
                "ENCRYPTED_EXTENSIONS/record_size_limit(28)", "CERTIFICATE_REQUEST/signature_algorithms(13)",
                "NEW_SESSION_TICKET/early_data(42)")) {
            assertTrue(covered.contains(expected), expected + " not covered; covered: " + covered);
        }
    }

    @Test
    void section3ClientHello() throws TlsAlertException {
        ClientHello ch = ClientHello.decode(new TlsReader(body("s3.client.ClientHello")));
        assertEquals(0x0303, ch.legacyVersion());
        assertArrayEquals(hex("cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7"), ch.random());
        assertEquals(0, ch.legacySessionId().length);
        assertEquals(List.of(0x1301, 0x1303, 0x1302), ch.cipherSuites());
        assertArrayEquals(new byte[] {0}, ch.legacyCompressionMethods());
        assertEquals(List.of(0, 0xff01, 10, 35, 51, 43, 13, 45, 28), ch.extensions().types());

        ServerNameList sni = ServerNameList.decode(ch.extensions().find(ExtensionType.SERVER_NAME));
        assertEquals("server", sni.hostName().asciiName());
        assertEquals(List.of(0x1d, 0x17, 0x18, 0x19, 0x100, 0x101, 0x102, 0x103, 0x104),
                SupportedGroups.decode(ch.extensions().find(ExtensionType.SUPPORTED_GROUPS)).groups());
        KeyShareClientHello shares = KeyShareClientHello.decode(ch.extensions().find(ExtensionType.KEY_SHARE));
        assertEquals(1, shares.shares().size());
        assertEquals(0x1d, shares.shares().get(0).group());
        // "{client} create an ephemeral x25519 key pair: public key"
        assertArrayEquals(hex("99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c"),
                shares.find(0x1d).keyExchange());
        assertEquals(List.of(0x0304),
                SupportedVersionsClient.decode(ch.extensions().find(ExtensionType.SUPPORTED_VERSIONS)).versions());
        assertEquals(List.of(0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
                        0x0201, 0x0402, 0x0502, 0x0602, 0x0202),
                SignatureAlgorithms.decode(ch.extensions().find(ExtensionType.SIGNATURE_ALGORITHMS)).schemes());
        assertEquals(List.of(PskKeyExchangeModes.PSK_DHE_KE),
                PskKeyExchangeModes.decode(ch.extensions().find(ExtensionType.PSK_KEY_EXCHANGE_MODES)).modes());
        assertEquals(0x4001, RecordSizeLimit.decode(ch.extensions().find(ExtensionType.RECORD_SIZE_LIMIT)).limit());
        assertEquals(List.of(0xff01), ch.extensions().typesOutside(java.util.Set.of(0, 10, 35, 51, 43, 13, 45, 28)));
    }

    @Test
    void section3ServerHello() throws TlsAlertException {
        ServerHello sh = ServerHello.decode(new TlsReader(body("s3.server.ServerHello")));
        assertFalse(sh.isHelloRetryRequest());
        assertFalse(sh.randomEndsWith(ServerHello.DOWNGRADE_TLS12));
        assertEquals(0x1301, sh.cipherSuite());
        assertEquals(0, sh.legacyCompressionMethod());
        assertEquals(0x0304, SupportedVersionsServer.decode(sh.extensions().find(ExtensionType.SUPPORTED_VERSIONS))
                .selectedVersion());
        KeyShareEntry share = KeyShareServerHello.decode(sh.extensions().find(ExtensionType.KEY_SHARE)).share();
        assertEquals(0x1d, share.group());
        // "{server} create an ephemeral x25519 key pair: public key"
        assertArrayEquals(hex("c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f"),
                share.keyExchange());
    }

    @Test
    void section3ServerFlight() throws TlsAlertException {
        EncryptedExtensions ee = EncryptedExtensions.decode(new TlsReader(body("s3.server.EncryptedExtensions")));
        assertEquals(List.of(10, 28, 0), ee.extensions().types());
        assertArrayEquals(new byte[0], ee.extensions().find(ExtensionType.SERVER_NAME));

        CertificateMessage13 cert = CertificateMessage13.decode(new TlsReader(body("s3.server.Certificate")));
        assertEquals(0, cert.requestContext().length);
        assertEquals(1, cert.entries().size());
        assertEquals(0x1b0, cert.entries().get(0).certData().length);
        assertEquals((byte) 0x30, cert.entries().get(0).certData()[0]);
        assertTrue(cert.entries().get(0).extensions().isEmpty());

        CertificateVerify cv = CertificateVerify.decode(new TlsReader(body("s3.server.CertificateVerify")));
        assertEquals(0x0804, cv.signatureScheme()); // rsa_pss_rsae_sha256
        assertEquals(128, cv.signature().length);

        Finished fin = Finished.decode(new TlsReader(body("s3.server.Finished")), 32);
        // "{server} calculate finished "tls13 finished": finished"
        assertArrayEquals(hex("9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718"), fin.verifyData());
    }

    @Test
    void section3NewSessionTicket() throws TlsAlertException {
        NewSessionTicket13 nst = NewSessionTicket13.decode(new TlsReader(body("s3.server.NewSessionTicket")));
        assertEquals(30, nst.ticketLifetime());
        assertEquals(0xfad6aac5L, nst.ticketAgeAdd());
        assertArrayEquals(hex("0000"), nst.ticketNonce());
        assertEquals(0xb2, nst.ticket().length);
        assertEquals(1024, EarlyDataIndication.decode(nst.extensions().find(ExtensionType.EARLY_DATA))
                .maxEarlyDataSize());
    }

    @Test
    void section4ResumedClientHelloAndBinders() throws TlsAlertException {
        byte[] wire = Rfc8448Messages.get("s4.client.ClientHello");
        ClientHello ch = ClientHello.decode(new TlsReader(body("s4.client.ClientHello")));
        assertEquals(ExtensionType.PRE_SHARED_KEY, ch.extensions().last().type());
        assertArrayEquals(new byte[0], ch.extensions().find(ExtensionType.EARLY_DATA));

        PreSharedKeyClientHello psk = PreSharedKeyClientHello.decode(ch.extensions().find(ExtensionType.PRE_SHARED_KEY));
        assertEquals(1, psk.identities().size());
        // The identity is the ticket of section 3's NewSessionTicket.
        NewSessionTicket13 nst = NewSessionTicket13.decode(new TlsReader(body("s3.server.NewSessionTicket")));
        assertArrayEquals(nst.ticket(), psk.identities().get(0).identity());
        assertEquals(0xfad6aacbL, psk.identities().get(0).obfuscatedTicketAge());
        // "{client} calculate PSK binder: finished"
        assertArrayEquals(hex("3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d"), psk.binders().get(0));
        assertEquals(2 + 1 + 32, psk.bindersEncodedLength());

        byte[] truncated = ch.encodeTruncatedForBinders();
        assertEquals(wire.length - psk.bindersEncodedLength(), truncated.length);
        assertArrayEquals(Rfc8448Messages.get("s4.client.ClientHelloPrefix"), truncated);

        // Rebuilding with placeholder binders and putting the real ones back gives the same message.
        ClientHello placeholder = ch.withPskBinders(List.of(new byte[32]));
        assertArrayEquals(truncated, placeholder.encodeTruncatedForBinders());
        assertArrayEquals(wire, placeholder.withPskBinders(psk.binders()).encode());
    }

    @Test
    void section4ServerHelloSelectsPskAndEndOfEarlyData() throws TlsAlertException {
        ServerHello sh = ServerHello.decode(new TlsReader(body("s4.server.ServerHello")));
        assertEquals(0, PreSharedKeyServerHello.decode(sh.extensions().find(ExtensionType.PRE_SHARED_KEY))
                .selectedIdentity());
        EncryptedExtensions ee = EncryptedExtensions.decode(new TlsReader(body("s4.server.EncryptedExtensions")));
        EarlyDataIndication.decodeEmpty(ee.extensions().find(ExtensionType.EARLY_DATA));
        assertArrayEquals(hex("05000000"), new EndOfEarlyData().encode());
        assertEquals(new EndOfEarlyData(), EndOfEarlyData.decode(new TlsReader(body("s4.client.EndOfEarlyData"))));
    }

    @Test
    void section5HelloRetryRequestAndSecondClientHello() throws TlsAlertException {
        ServerHello hrr = ServerHello.decode(new TlsReader(body("s5.server.HelloRetryRequest")));
        assertTrue(hrr.isHelloRetryRequest());
        assertEquals(List.of(51, 44, 43), hrr.extensions().types());
        assertEquals(0x17, KeyShareHelloRetryRequest.decode(hrr.extensions().find(ExtensionType.KEY_SHARE))
                .selectedGroup()); // secp256r1
        Cookie cookie = Cookie.decode(hrr.extensions().find(ExtensionType.COOKIE));
        assertEquals(0x72, cookie.cookie().length);
        assertTrue(hrr.toString().startsWith("HelloRetryRequest["));

        ClientHello ch1 = ClientHello.decode(new TlsReader(body("s5.client.ClientHello")));
        assertFalse(ch1.extensions().contains(ExtensionType.COOKIE));
        ClientHello ch2 = ClientHello.decode(new TlsReader(body("s5.client.ClientHello2")));
        assertEquals(cookie, Cookie.decode(ch2.extensions().find(ExtensionType.COOKIE)));
        KeyShareEntry p256 = KeyShareClientHello.decode(ch2.extensions().find(ExtensionType.KEY_SHARE)).find(0x17);
        assertNotNull(p256);
        // "{client} create an ephemeral P-256 key pair: public key"
        assertArrayEquals(hex("04a6da7392ec591e17abfd535964b99894d13befb221b3def2ebe3830eac8f0151812677c4d6d2237e85cf"
                + "01d6910cfb83954e76ba7352830534159897e8065780"), p256.keyExchange());
    }

    @Test
    void section6CertificateRequest() throws TlsAlertException {
        CertificateRequest13 cr = CertificateRequest13.decode(new TlsReader(body("s6.server.CertificateRequest")));
        assertEquals(0, cr.requestContext().length);
        assertEquals(List.of(13), cr.extensions().types());
        assertEquals(15, SignatureAlgorithms.decode(cr.extensions().find(ExtensionType.SIGNATURE_ALGORITHMS))
                .schemes().size());
        CertificateMessage13 clientCert = CertificateMessage13.decode(new TlsReader(body("s6.client.Certificate")));
        assertEquals(1, clientCert.entries().size());
    }

    @Test
    void section7CompatibilityModeSessionId() throws TlsAlertException {
        ClientHello ch = ClientHello.decode(new TlsReader(body("s7.client.ClientHello")));
        assertEquals(32, ch.legacySessionId().length);
        ServerHello sh = ServerHello.decode(new TlsReader(body("s7.server.ServerHello")));
        assertArrayEquals(ch.legacySessionId(), sh.legacySessionIdEcho());
    }
}
