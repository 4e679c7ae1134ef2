package dev.keel.tls.message;

import static dev.keel.tls.message.Rfc8448Messages.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.AlertLevel;
import dev.keel.tls.alert.TlsAlertException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Building messages from values (as the handshake does) and the helper API around them. */
class MessageApiTest {

    @Test
    void helloRetryRequestRandomIsSha256OfItsName() throws NoSuchAlgorithmException {
        byte[] expected = MessageDigest.getInstance("SHA-256")
                .digest("HelloRetryRequest".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(expected, ServerHello.HELLO_RETRY_REQUEST_RANDOM);
    }

    @Test
    void downgradeSentinelsSpellDowngrd() {
        byte[] downgrd = "DOWNGRD".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(downgrd, Arrays.copyOf(ServerHello.DOWNGRADE_TLS12, 7));
        assertArrayEquals(downgrd, Arrays.copyOf(ServerHello.DOWNGRADE_TLS11, 7));
        assertEquals(1, ServerHello.DOWNGRADE_TLS12[7]);
        assertEquals(0, ServerHello.DOWNGRADE_TLS11[7]);

        byte[] random = new byte[32];
        System.arraycopy(ServerHello.DOWNGRADE_TLS12, 0, random, 24, 8);
        ServerHello sh = new ServerHello(0x0303, random, new byte[0], 0xc02f, 0, Extensions.empty());
        assertTrue(sh.randomEndsWith(ServerHello.DOWNGRADE_TLS12));
        assertFalse(sh.randomEndsWith(ServerHello.DOWNGRADE_TLS11));
        assertFalse(sh.isHelloRetryRequest());
    }

    /** The section 3 ClientHello, built from values the way a client would, is byte-identical. */
    @Test
    void buildSection3ClientHello() {
        Extensions extensions = Extensions.of(List.of(
                ServerNameList.ofHostName("server").toExtension(),
                new Extension(ExtensionType.RENEGOTIATION_INFO, new byte[] {0}),
                new SupportedGroups(List.of(0x1d, 0x17, 0x18, 0x19, 0x100, 0x101, 0x102, 0x103, 0x104)).toExtension(),
                new Extension(ExtensionType.SESSION_TICKET, new byte[0]),
                new KeyShareClientHello(List.of(new KeyShareEntry(0x1d,
                        hex("99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c")))).toExtension(),
                new SupportedVersionsClient(List.of(0x0304)).toExtension(),
                new SignatureAlgorithms(List.of(0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401,
                        0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202)).toExtension(),
                new PskKeyExchangeModes(List.of(PskKeyExchangeModes.PSK_DHE_KE)).toExtension(),
                new RecordSizeLimit(0x4001).toExtension()));
        ClientHello ch = new ClientHello(0x0303,
                hex("cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7"), new byte[0],
                List.of(0x1301, 0x1303, 0x1302), new byte[] {0}, extensions);
        assertArrayEquals(Rfc8448Messages.get("s3.client.ClientHello"), ch.encode());
    }

    @Test
    void buildSection3ServerMessages() {
        ServerHello sh = new ServerHello(0x0303,
                hex("a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e26928"), new byte[0], 0x1301, 0,
                Extensions.of(List.of(new KeyShareServerHello(new KeyShareEntry(0x1d,
                                hex("c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f"))).toExtension(),
                        new SupportedVersionsServer(0x0304).toExtension())));
        assertArrayEquals(Rfc8448Messages.get("s3.server.ServerHello"), sh.encode());

        EncryptedExtensions ee = new EncryptedExtensions(Extensions.of(List.of(
                new SupportedGroups(List.of(0x1d, 0x17, 0x18, 0x19, 0x100, 0x101, 0x102, 0x103, 0x104)).toExtension(),
                new RecordSizeLimit(0x4001).toExtension(),
                new Extension(ExtensionType.SERVER_NAME, new byte[0]))));
        assertArrayEquals(Rfc8448Messages.get("s3.server.EncryptedExtensions"), ee.encode());

        Finished fin = new Finished(hex("9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718"));
        assertArrayEquals(Rfc8448Messages.get("s3.server.Finished"), fin.encode());
    }

    @Test
    void buildSection5HelloRetryRequest() throws TlsAlertException {
        byte[] cookie = Cookie.decode(ServerHello.decode(new TlsReader(Rfc8448Messages.body("s5.server.HelloRetryRequest")))
                .extensions().find(ExtensionType.COOKIE)).cookie();
        ServerHello hrr = new ServerHello(0x0303, ServerHello.HELLO_RETRY_REQUEST_RANDOM, new byte[0], 0x1301, 0,
                Extensions.of(List.of(new KeyShareHelloRetryRequest(0x17).toExtension(), new Cookie(cookie).toExtension(),
                        new SupportedVersionsServer(0x0304).toExtension())));
        assertArrayEquals(Rfc8448Messages.get("s5.server.HelloRetryRequest"), hrr.encode());
        assertTrue(hrr.isHelloRetryRequest());
    }

    @Test
    void buildSection3NewSessionTicket() throws TlsAlertException {
        byte[] ticket = NewSessionTicket13.decode(new TlsReader(Rfc8448Messages.body("s3.server.NewSessionTicket")))
                .ticket();
        NewSessionTicket13 nst = new NewSessionTicket13(30, 0xfad6aac5L, hex("0000"), ticket,
                Extensions.of(List.of(new EarlyDataIndication(1024).toExtension())));
        assertArrayEquals(Rfc8448Messages.get("s3.server.NewSessionTicket"), nst.encode());
    }

    @Test
    void extensionsHelpers() throws TlsAlertException {
        Extensions e = Extensions.of(List.of(new Extension(0x0a0a, new byte[0]), new Extension(43, hex("020304")),
                new Extension(0xff01, hex("00")), new Extension(51, hex("0000"))));
        assertEquals(List.of(0x0a0a, 43, 0xff01, 51), e.types());
        assertArrayEquals(hex("020304"), e.find(43));
        assertNull(e.find(13));
        assertTrue(e.contains(0xff01));
        assertFalse(e.contains(13));
        assertEquals(List.of(0xff01), e.typesOutside(Set.of(43, 51)));
        assertEquals(51, e.last().type());
        assertEquals(4, e.size());

        Extensions replaced = e.with(new Extension(43, hex("020303")));
        assertEquals(e.types(), replaced.types());
        assertArrayEquals(hex("020303"), replaced.find(43));
        assertArrayEquals(hex("020304"), e.find(43), "the original is unchanged");
        assertEquals(List.of(0x0a0a, 43, 0xff01, 51, 13), e.with(new Extension(13, hex("00020403"))).types());

        assertThrows(IllegalArgumentException.class,
                () -> Extensions.of(List.of(new Extension(43, new byte[0]), new Extension(43, new byte[1]))));
        assertThrows(UnsupportedOperationException.class, () -> e.list().add(new Extension(1, new byte[0])));

        TlsWriter w = new TlsWriter();
        Extensions.empty().encode(w);
        assertArrayEquals(hex("0000"), w.toByteArray());
        assertEquals(e, Extensions.decode(new TlsReader(encode(e))));
        assertTrue(e.toString().contains("supported_versions(43)"));
    }

    private static byte[] encode(Extensions e) {
        TlsWriter w = new TlsWriter();
        e.encode(w);
        return w.toByteArray();
    }

    @Test
    void alerts() throws TlsAlertException {
        assertArrayEquals(hex("0100"), Alert.closeNotify().encode());
        assertArrayEquals(hex("0228"), Alert.fatal(AlertDescription.HANDSHAKE_FAILURE).encode());
        assertArrayEquals(hex("015a"), Alert.forDescription(AlertDescription.USER_CANCELED).encode());
        assertArrayEquals(hex("0232"), Alert.forDescription(AlertDescription.DECODE_ERROR).encode());
        Alert a = Alert.decode(hex("0271"));
        assertEquals(AlertLevel.FATAL, a.alertLevel());
        assertEquals(AlertDescription.BAD_CERTIFICATE_STATUS_RESPONSE, a.alertDescription());
        Alert unknown = Alert.decode(hex("07fe"));
        assertNull(unknown.alertLevel());
        assertNull(unknown.alertDescription());
        assertEquals("Alert[level 7, description 254]", unknown.toString());
        assertEquals("Alert[fatal, handshake_failure]", Alert.fatal(AlertDescription.HANDSHAKE_FAILURE).toString());
    }

    @Test
    void smallMessagesEncodeWithTheirHeader() {
        assertArrayEquals(hex("18000001 01"), new KeyUpdate(true).encode());
        assertArrayEquals(hex("18000001 00"), new KeyUpdate(false).encode());
        assertArrayEquals(hex("05000000"), new EndOfEarlyData().encode());
        assertArrayEquals(hex("0f000006 0804 0002 abcd"), new CertificateVerify(0x0804, hex("abcd")).encode());
        assertArrayEquals(hex("0d000007 00 0004 0031 0000"), new CertificateRequest13(new byte[0],
                Extensions.of(List.of(new Extension(ExtensionType.POST_HANDSHAKE_AUTH, new byte[0])))).encode());
        assertArrayEquals(hex("0b00000c 01 aa 000007 000002 3000 0000"),
                new CertificateMessage13(hex("aa"), List.of(new CertificateEntry(hex("3000")))).encode());
    }

    @Test
    void extensionBodiesEncodeAsTheStructsSay() {
        assertArrayEquals(hex("000c 02 6832 08 687474702f312e31"),
                new ApplicationLayerProtocols(List.of("h2", "http/1.1")).encode());
        assertArrayEquals(hex("0003 02 ff80"), new ApplicationLayerProtocols(List.of("\u00ff\u0080")).encode());
        assertArrayEquals(hex("000a 0003 300100 0003 300101"),
                new CertificateAuthorities(List.of(hex("300100"), hex("300101"))).encode());
        assertArrayEquals(hex("0000"), new PreSharedKeyServerHello(0).encode());
        assertArrayEquals(hex("04 0304 0303"), new SupportedVersionsClient(List.of(0x0304, 0x0303)).encode());
        assertEquals(new Extension(ExtensionType.EARLY_DATA, new byte[0]), EarlyDataIndication.emptyExtension());
        assertEquals(ExtensionType.SIGNATURE_ALGORITHMS_CERT,
                new SignatureAlgorithms(List.of(0x0403)).toExtension(ExtensionType.SIGNATURE_ALGORITHMS_CERT).type());
        PreSharedKeyClientHello psk = new PreSharedKeyClientHello(List.of(new PskIdentity(hex("01"), 7)),
                List.of(new byte[48]));
        assertEquals(2 + 1 + 48, psk.bindersEncodedLength());
        assertArrayEquals(hex("0007 0001 01 00000007 0031 30" + "00".repeat(48)), psk.encode());
    }

    @Test
    void valuesOurCodeBuildsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ClientHello(0x0303, new byte[31], new byte[0],
                List.of(0x1301), new byte[] {0}, Extensions.empty()));
        assertThrows(IllegalArgumentException.class, () -> new ClientHello(0x0303, new byte[32], new byte[33],
                List.of(0x1301), new byte[] {0}, Extensions.empty()));
        assertThrows(IllegalArgumentException.class, () -> new ClientHello(0x0303, new byte[32], new byte[0],
                List.of(), new byte[] {0}, Extensions.empty()));
        assertThrows(IllegalArgumentException.class, () -> new RecordSizeLimit(63));
        assertThrows(IllegalArgumentException.class, () -> new ApplicationLayerProtocols(List.of("")));
        assertThrows(IllegalArgumentException.class, () -> new ApplicationLayerProtocols(List.of("\u0100")));
        assertThrows(IllegalArgumentException.class, () -> new ApplicationLayerProtocols(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PreSharedKeyClientHello(
                List.of(new PskIdentity(hex("01"), 0)), List.of(new byte[32], new byte[32])));
        assertThrows(IllegalArgumentException.class, () -> new PreSharedKeyClientHello(
                List.of(new PskIdentity(hex("01"), 0)), List.of(new byte[31])));
        assertThrows(IllegalArgumentException.class, () -> new PskIdentity(hex("01"), 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new KeyShareEntry(0x1d, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new Cookie(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new Extension(0x10000, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new SupportedGroups(List.of(0x10000)));
        assertThrows(NullPointerException.class, () -> new EncryptedExtensions(null));
        ClientHello noPsk = new ClientHello(0x0303, new byte[32], new byte[0], List.of(0x1301), new byte[] {0},
                Extensions.empty());
        assertThrows(IllegalStateException.class, noPsk::encodeTruncatedForBinders);
    }

    @Test
    void toStringShowsFieldsCompactly() throws TlsAlertException {
        CertificateMessage13 cert = CertificateMessage13.decode(new TlsReader(Rfc8448Messages.body("s3.server.Certificate")));
        String text = cert.toString();
        assertTrue(text.contains("(432 bytes)"), text);
        assertTrue(text.length() < 200, text);
        assertTrue(new Finished(hex("0102")).toString().contains("0102"));
        assertTrue(ClientHello.decode(new TlsReader(Rfc8448Messages.body("s3.client.ClientHello"))).toString()
                .contains("cipher_suites=[0x1301, 0x1303, 0x1302]"));
        assertEquals("key_share(51)", ExtensionType.nameOf(51));
        assertEquals("GREASE(2570)", ExtensionType.nameOf(0x0a0a));
        assertEquals("unknown(65000)", ExtensionType.nameOf(65000));
    }

    @Test
    void equalityComparesBytes() {
        assertEquals(new Cookie(hex("0102")), new Cookie(hex("0102")));
        assertEquals(new Cookie(hex("0102")).hashCode(), new Cookie(hex("0102")).hashCode());
        assertFalse(new Cookie(hex("0102")).equals(new Cookie(hex("0103"))));
        assertEquals(new CertificateAuthorities(List.of(hex("30"))), new CertificateAuthorities(List.of(hex("30"))));
        assertEquals(new PreSharedKeyClientHello(List.of(new PskIdentity(hex("01"), 0)), List.of(new byte[32])),
                new PreSharedKeyClientHello(List.of(new PskIdentity(hex("01"), 0)), List.of(new byte[32])));
    }
}
