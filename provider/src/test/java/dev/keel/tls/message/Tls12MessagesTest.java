package dev.keel.tls.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TLS 1.2 handshake message codecs: round trips against encodings written out by hand from the
 * RFC structures, and a table of malformed bodies with the exact alert each must raise.
 */
class Tls12MessagesTest {
    private static final HexFormat HEX = HexFormat.of();

    @FunctionalInterface
    interface Decoder {
        Object decode(TlsReader body) throws TlsAlertException;
    }

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    private static byte[] body(Consumer<TlsWriter> encodeBody) {
        TlsWriter w = new TlsWriter();
        encodeBody.accept(w);
        return w.toByteArray();
    }

    private static byte[] repeat(int n, int b) {
        byte[] out = new byte[n];
        java.util.Arrays.fill(out, (byte) b);
        return out;
    }

    // ---- malformed input: the exact alert ----

    static Stream<Arguments> malformed() {
        Decoder hr = HelloRequest::decode;
        Decoder shd = ServerHelloDone::decode;
        Decoder cert = CertificateMessage12::decode;
        Decoder skeEc = ServerKeyExchangeEcdhe::decode;
        Decoder skeDh = ServerKeyExchangeDhe::decode;
        Decoder cr = CertificateRequest12::decode;
        Decoder ckeEc = ClientKeyExchangeEcdhe::decode;
        Decoder ckeDh = ClientKeyExchangeDhe::decode;
        Decoder ckeRsa = ClientKeyExchangeRsa::decode;
        Decoder nst = NewSessionTicket12::decode;
        AlertDescription decode = AlertDescription.DECODE_ERROR;
        AlertDescription illegal = AlertDescription.ILLEGAL_PARAMETER;
        return Stream.of(
                Arguments.of("HelloRequest with a body byte", hr, "00", decode),
                Arguments.of("ServerHelloDone with a body byte", shd, "00", decode),
                Arguments.of("ServerHelloDone with two body bytes", shd, "0000", decode),

                Arguments.of("Certificate: empty body", cert, "", decode),
                Arguments.of("Certificate: truncated list length", cert, "0000", decode),
                Arguments.of("Certificate: list longer than body", cert, "000001", decode),
                Arguments.of("Certificate: trailing byte", cert, "000000 ff", decode),
                Arguments.of("Certificate: empty ASN.1Cert", cert, "000003 000000", decode),
                Arguments.of("Certificate: entry longer than list", cert, "000004 000002 01 01", decode),
                Arguments.of("Certificate: truncated entry length", cert, "000002 0000", decode),

                Arguments.of("SKE ECDHE: empty body", skeEc, "", decode),
                Arguments.of("SKE ECDHE: explicit_prime curve", skeEc, "01 0017 01 04 0403 0000", illegal),
                Arguments.of("SKE ECDHE: explicit_char2 curve", skeEc, "02 0017 01 04 0403 0000", illegal),
                Arguments.of("SKE ECDHE: unknown curve type", skeEc, "ff 0017 01 04 0403 0000", illegal),
                Arguments.of("SKE ECDHE: truncated group", skeEc, "03 00", decode),
                Arguments.of("SKE ECDHE: empty point", skeEc, "03 0017 00 0403 0000", decode),
                Arguments.of("SKE ECDHE: point longer than body", skeEc, "03 0017 05 0401", decode),
                Arguments.of("SKE ECDHE: no signature algorithm", skeEc, "03 0017 01 04", decode),
                Arguments.of("SKE ECDHE: truncated signature algorithm", skeEc, "03 0017 01 04 04", decode),
                Arguments.of("SKE ECDHE: no signature", skeEc, "03 0017 01 04 0403", decode),
                Arguments.of("SKE ECDHE: signature longer than body", skeEc, "03 0017 01 04 0403 0002 aa", decode),
                Arguments.of("SKE ECDHE: trailing byte", skeEc, "03 0017 01 04 0403 0000 00", decode),

                Arguments.of("SKE DHE: empty body", skeDh, "", decode),
                Arguments.of("SKE DHE: empty dh_p", skeDh, "0000 0001 02 0001 05 0401 0000", decode),
                Arguments.of("SKE DHE: empty dh_g", skeDh, "0001 17 0000 0001 05 0401 0000", decode),
                Arguments.of("SKE DHE: empty dh_Ys", skeDh, "0001 17 0001 02 0000 0401 0000", decode),
                Arguments.of("SKE DHE: dh_p longer than body", skeDh, "0010 17", decode),
                Arguments.of("SKE DHE: no dh_Ys", skeDh, "0001 17 0001 02", decode),
                Arguments.of("SKE DHE: no signature", skeDh, "0001 17 0001 02 0001 05 0401", decode),
                Arguments.of("SKE DHE: trailing byte", skeDh, "0001 17 0001 02 0001 05 0401 0000 00", decode),

                Arguments.of("CertificateRequest: empty body", cr, "", decode),
                Arguments.of("CertificateRequest: no certificate types", cr, "00 0002 0403 0000", decode),
                Arguments.of("CertificateRequest: types longer than body", cr, "02 40", decode),
                Arguments.of("CertificateRequest: no algorithms", cr, "01 40 0000 0000", decode),
                Arguments.of("CertificateRequest: odd algorithms length", cr, "01 40 0003 040305 0000", decode),
                Arguments.of("CertificateRequest: algorithms longer than body", cr, "01 40 0004 0403", decode),
                Arguments.of("CertificateRequest: no authorities field", cr, "01 40 0002 0403", decode),
                Arguments.of("CertificateRequest: empty DistinguishedName", cr, "01 40 0002 0403 0002 0000", decode),
                Arguments.of("CertificateRequest: DN longer than list", cr, "01 40 0002 0403 0003 0005 aa", decode),
                Arguments.of("CertificateRequest: trailing byte", cr, "01 40 0002 0403 0000 00", decode),

                Arguments.of("CKE ECDHE: empty body", ckeEc, "", decode),
                Arguments.of("CKE ECDHE: empty point", ckeEc, "00", decode),
                Arguments.of("CKE ECDHE: point longer than body", ckeEc, "02 04", decode),
                Arguments.of("CKE ECDHE: trailing byte", ckeEc, "01 04 00", decode),
                Arguments.of("CKE DHE: empty body", ckeDh, "", decode),
                Arguments.of("CKE DHE: empty dh_Yc", ckeDh, "0000", decode),
                Arguments.of("CKE DHE: dh_Yc longer than body", ckeDh, "0002 01", decode),
                Arguments.of("CKE DHE: trailing byte", ckeDh, "0001 05 00", decode),
                Arguments.of("CKE RSA: empty body", ckeRsa, "", decode),
                Arguments.of("CKE RSA: truncated length", ckeRsa, "00", decode),
                Arguments.of("CKE RSA: ciphertext longer than body", ckeRsa, "0002 01", decode),
                Arguments.of("CKE RSA: trailing byte", ckeRsa, "0001 05 00", decode),

                Arguments.of("NewSessionTicket: empty body", nst, "", decode),
                Arguments.of("NewSessionTicket: truncated lifetime", nst, "000000", decode),
                Arguments.of("NewSessionTicket: no ticket length", nst, "00000000", decode),
                Arguments.of("NewSessionTicket: ticket longer than body", nst, "00000000 0002 aa", decode),
                Arguments.of("NewSessionTicket: trailing byte", nst, "00000000 0000 00", decode));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedBodiesRaiseTheExactAlert(String name, Decoder decoder, String body, AlertDescription alert) {
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> decoder.decode(new TlsReader(hex(body))));
        assertEquals(alert, e.alert(), name + ": " + e.getMessage());
    }

    // ---- round trips against hand-written encodings ----

    private static void assertRoundTrip(String expectedHex, Consumer<TlsWriter> encodeBody, Decoder decoder,
            java.util.function.Function<Object, Consumer<TlsWriter>> reencode) throws TlsAlertException {
        byte[] expected = hex(expectedHex);
        assertArrayEquals(expected, body(encodeBody));
        Object decoded = decoder.decode(new TlsReader(expected));
        assertArrayEquals(expected, body(reencode.apply(decoded)));
    }

    @Test
    void emptyMessages() throws TlsAlertException {
        assertEquals(HandshakeType.HELLO_REQUEST, HelloRequest.decode(new TlsReader(new byte[0])).type());
        assertEquals(HandshakeType.SERVER_HELLO_DONE, ServerHelloDone.decode(new TlsReader(new byte[0])).type());
        assertEquals(0, body(new HelloRequest()::encodeBody).length);
        assertEquals(0, body(new ServerHelloDone()::encodeBody).length);
    }

    @Test
    void certificateChain() throws TlsAlertException {
        CertificateMessage12 m = new CertificateMessage12(List.of(hex("aabb"), hex("cc")));
        assertEquals(HandshakeType.CERTIFICATE, m.type());
        assertRoundTrip("000009 000002aabb 000001cc", m::encodeBody, CertificateMessage12::decode,
                d -> ((CertificateMessage12) d)::encodeBody);
        CertificateMessage12 decoded = CertificateMessage12.decode(new TlsReader(hex("000009 000002aabb 000001cc")));
        assertEquals(2, decoded.certificates().size());
        assertArrayEquals(hex("aabb"), decoded.certificates().get(0));
        assertArrayEquals(hex("cc"), decoded.certificates().get(1));
    }

    @Test
    void emptyCertificateListIsLegalOnTheWire() throws TlsAlertException {
        CertificateMessage12 empty = CertificateMessage12.decode(new TlsReader(hex("000000")));
        assertTrue(empty.isEmpty());
        assertArrayEquals(hex("000000"), body(empty::encodeBody));
    }

    @Test
    void serverKeyExchangeEcdhe() throws TlsAlertException {
        byte[] point = repeat(32, 0x11);
        ServerKeyExchangeEcdhe m = new ServerKeyExchangeEcdhe(0x001D, point, 0x0804, hex("a1a2a3"));
        String params = "03 001d 20" + HEX.formatHex(point);
        assertEquals(HandshakeType.SERVER_KEY_EXCHANGE, m.type());
        assertRoundTrip(params + "0804 0003 a1a2a3", m::encodeBody, ServerKeyExchangeEcdhe::decode,
                d -> ((ServerKeyExchangeEcdhe) d)::encodeBody);
        assertArrayEquals(hex(params), m.signedParams());
        assertArrayEquals(hex(params), ServerKeyExchangeEcdhe.encodeParams(0x001D, point));
        byte[] cr = repeat(32, 0xC1);
        byte[] sr = repeat(32, 0x5E);
        assertArrayEquals(hex(HEX.formatHex(cr) + HEX.formatHex(sr) + params), m.signedContent(cr, sr));
        ServerKeyExchangeEcdhe d = ServerKeyExchangeEcdhe.decode(new TlsReader(hex(params + "0804 0003 a1a2a3")));
        assertEquals(0x001D, d.namedCurve());
        assertEquals(0x0804, d.signatureScheme());
        assertArrayEquals(point, d.publicPoint());
        assertArrayEquals(hex("a1a2a3"), d.signature());
    }

    @Test
    void serverKeyExchangeDhe() throws TlsAlertException {
        ServerKeyExchangeDhe m = new ServerKeyExchangeDhe(hex("00ffee"), hex("02"), hex("1234"), 0x0401, hex("77"));
        String params = "0003 00ffee 0001 02 0002 1234";
        assertRoundTrip(params + "0401 0001 77", m::encodeBody, ServerKeyExchangeDhe::decode,
                d -> ((ServerKeyExchangeDhe) d)::encodeBody);
        assertArrayEquals(hex(params), m.signedParams());
        byte[] cr = repeat(32, 1);
        byte[] sr = repeat(32, 2);
        assertArrayEquals(hex(HEX.formatHex(cr) + HEX.formatHex(sr) + params), m.signedContent(cr, sr));
        ServerKeyExchangeDhe d = ServerKeyExchangeDhe.decode(new TlsReader(hex(params + "0401 0001 77")));
        assertArrayEquals(hex("00ffee"), d.p()); // leading zero kept as sent
        assertArrayEquals(hex("02"), d.g());
        assertArrayEquals(hex("1234"), d.ys());
        assertEquals(0x0401, d.signatureScheme());
        assertEquals(HandshakeType.SERVER_KEY_EXCHANGE, d.type());
    }

    @Test
    void certificateRequest() throws TlsAlertException {
        CertificateRequest12 m = new CertificateRequest12(List.of(CertificateRequest12.RSA_SIGN,
                CertificateRequest12.ECDSA_SIGN), List.of(0x0403, 0x0804), List.of(hex("aabbcc"), hex("dd")));
        assertEquals(HandshakeType.CERTIFICATE_REQUEST, m.type());
        String wire = "02 0140 0004 04030804 0008 0003aabbcc 0001dd";
        assertRoundTrip(wire, m::encodeBody, CertificateRequest12::decode, d -> ((CertificateRequest12) d)::encodeBody);
        CertificateRequest12 d = CertificateRequest12.decode(new TlsReader(hex(wire)));
        assertEquals(List.of(1, 64), d.certificateTypes());
        assertEquals(List.of(0x0403, 0x0804), d.signatureSchemes());
        assertArrayEquals(hex("aabbcc"), d.certificateAuthorities().get(0));
        // Unknown types and algorithms are kept for the handshake to ignore.
        CertificateRequest12 unknown = CertificateRequest12.decode(new TlsReader(hex("01 e0 0002 fafa 0000")));
        assertEquals(List.of(0xE0), unknown.certificateTypes());
        assertEquals(List.of(0xFAFA), unknown.signatureSchemes());
        assertTrue(unknown.certificateAuthorities().isEmpty());
    }

    @Test
    void clientKeyExchanges() throws TlsAlertException {
        ClientKeyExchangeEcdhe ec = new ClientKeyExchangeEcdhe(hex("04aabb"));
        assertRoundTrip("03 04aabb", ec::encodeBody, ClientKeyExchangeEcdhe::decode,
                d -> ((ClientKeyExchangeEcdhe) d)::encodeBody);
        ClientKeyExchangeDhe dh = new ClientKeyExchangeDhe(hex("0102"));
        assertRoundTrip("0002 0102", dh::encodeBody, ClientKeyExchangeDhe::decode,
                d -> ((ClientKeyExchangeDhe) d)::encodeBody);
        ClientKeyExchangeRsa rsa = new ClientKeyExchangeRsa(hex("c0ffee"));
        assertRoundTrip("0003 c0ffee", rsa::encodeBody, ClientKeyExchangeRsa::decode,
                d -> ((ClientKeyExchangeRsa) d)::encodeBody);
        // RFC 5246 4.7: public-key-encrypted is <0..2^16-1>; an empty one is for RsaPremasterSecret to reject.
        assertEquals(0, ClientKeyExchangeRsa.decode(new TlsReader(hex("0000"))).encryptedPreMaster().length);
        assertEquals(HandshakeType.CLIENT_KEY_EXCHANGE, ec.type());
        assertEquals(HandshakeType.CLIENT_KEY_EXCHANGE, dh.type());
        assertEquals(HandshakeType.CLIENT_KEY_EXCHANGE, rsa.type());
        byte[] big = repeat(255, 4);
        assertArrayEquals(big, ClientKeyExchangeEcdhe.decode(new TlsReader(body(new ClientKeyExchangeEcdhe(big)::encodeBody))).point());
    }

    @Test
    void newSessionTicket() throws TlsAlertException {
        NewSessionTicket12 m = new NewSessionTicket12(7200, hex("abcd"));
        assertEquals(HandshakeType.NEW_SESSION_TICKET, m.type());
        assertRoundTrip("00001c20 0002 abcd", m::encodeBody, NewSessionTicket12::decode,
                d -> ((NewSessionTicket12) d)::encodeBody);
        NewSessionTicket12 max = NewSessionTicket12.decode(new TlsReader(hex("ffffffff 0000")));
        assertEquals(0xFFFFFFFFL, max.lifetimeHint());
        assertEquals(0, max.ticket().length); // RFC 5077 3.3: an empty ticket withdraws the offer
    }

    @Test
    void valuesAreCopiedInAndOut() {
        byte[] point = hex("0401");
        ClientKeyExchangeEcdhe m = new ClientKeyExchangeEcdhe(point);
        point[0] = 0;
        assertArrayEquals(hex("0401"), m.point());
        m.point()[1] = 9;
        assertArrayEquals(hex("0401"), m.point());

        byte[] cert = hex("3082");
        CertificateMessage12 c = new CertificateMessage12(List.of(cert));
        cert[0] = 0;
        c.certificates().get(0)[1] = 0;
        assertArrayEquals(hex("3082"), c.certificates().get(0));
    }

    @Test
    void constructorsRejectValuesThatCannotBeEncoded() {
        assertThrows(IllegalArgumentException.class, () -> new ClientKeyExchangeEcdhe(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new ClientKeyExchangeEcdhe(new byte[256]));
        assertThrows(IllegalArgumentException.class, () -> new ClientKeyExchangeDhe(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new ClientKeyExchangeRsa(new byte[0x10000]));
        assertThrows(IllegalArgumentException.class, () -> new NewSessionTicket12(-1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new NewSessionTicket12(0x100000000L, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new CertificateMessage12(List.of(new byte[0])));
        assertThrows(IllegalArgumentException.class,
                () -> new ServerKeyExchangeEcdhe(0x10000, hex("04"), 0x0403, new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new ServerKeyExchangeEcdhe(0x17, new byte[0], 0x0403, new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new ServerKeyExchangeDhe(new byte[0], hex("02"), hex("05"), 0x0401, new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new CertificateRequest12(List.of(), List.of(0x0403), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new CertificateRequest12(List.of(1), List.of(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new CertificateRequest12(List.of(256), List.of(0x0403), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new CertificateRequest12(List.of(1), List.of(0x0403), List.of(new byte[0])));
    }
}
