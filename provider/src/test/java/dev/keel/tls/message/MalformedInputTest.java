package dev.keel.tls.message;

import static dev.keel.tls.alert.AlertDescription.DECODE_ERROR;
import static dev.keel.tls.alert.AlertDescription.ILLEGAL_PARAMETER;
import static dev.keel.tls.alert.AlertDescription.MISSING_EXTENSION;
import static dev.keel.tls.message.Rfc8448Messages.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input ends in a {@link TlsAlertException} with the RFC's alert, never a runtime exception:
 * every RFC 8448 message and extension body cut at every offset, and a table of hand-built cases
 * (the hex is written from the RFC structs, field by field).
 */
class MalformedInputTest {

    // ---------------------------------------------------------------- truncation at every offset

    static Stream<Arguments> messages() {
        return Rfc8448Messages.all().entrySet().stream()
                .filter(e -> !e.getKey().endsWith("ClientHelloPrefix"))
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void everyTruncatedMessageIsADecodeError(String name, byte[] wire) {
        byte[] body = Rfc8448Messages.bodyOf(wire);
        Codecs.Decoder decoder = Codecs.message(wire[0] & 0xFF);
        for (int cut = 0; cut < body.length; cut++) {
            byte[] truncated = Arrays.copyOf(body, cut);
            try {
                Object decoded = decoder.decode(truncated);
                // The one legal cut: a hello without its extension block is a TLS 1.2-style hello.
                Extensions extensions = decoded instanceof ClientHello ch ? ch.extensions()
                        : assertInstanceOf(ServerHello.class, decoded, name + " cut at " + cut).extensions();
                assertTrue(extensions.isEmpty());
                int blockLength = ((body[cut] & 0xFF) << 8 | (body[cut + 1] & 0xFF)) + 2;
                assertEquals(body.length, cut + blockLength, name + " decoded when cut at " + cut);
            } catch (TlsAlertException e) {
                assertEquals(DECODE_ERROR, e.alert(), name + " cut at " + cut + ": " + e.getMessage());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void everyTruncatedExtensionBodyIsADecodeError(String name, byte[] wire) throws TlsAlertException {
        Object decoded = Codecs.message(wire[0] & 0xFF).decode(Rfc8448Messages.bodyOf(wire));
        for (Map.Entry<Codecs.Context, List<Extensions>> block : Codecs.extensionBlocks(decoded).entrySet()) {
            for (Extensions extensions : block.getValue()) {
                for (Extension e : extensions.list()) {
                    Codecs.Decoder decoder = Codecs.extension(block.getKey(), e.type());
                    for (int cut = 0; decoder != null && cut < e.data().length; cut++) {
                        byte[] truncated = Arrays.copyOf(e.data(), cut);
                        TlsAlertException ex = assertThrows(TlsAlertException.class, () -> decoder.decode(truncated),
                                name + " " + ExtensionType.nameOf(e.type()) + " cut at " + cut);
                        assertEquals(DECODE_ERROR, ex.alert(), ex.getMessage());
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void trailingByteAfterAnyMessageIsADecodeError(String name, byte[] wire) {
        byte[] body = Rfc8448Messages.bodyOf(wire);
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        TlsAlertException e = assertThrows(TlsAlertException.class,
                () -> Codecs.message(wire[0] & 0xFF).decode(longer));
        assertEquals(DECODE_ERROR, e.alert(), e.getMessage());
    }

    // ---------------------------------------------------------------- the table

    private static final String RANDOM = "00".repeat(32);
    private static final String SV13 = "002b 0003 02 0304";           // supported_versions: TLS 1.3
    private static final String SIG = "000d 0004 0002 0403";          // signature_algorithms: ecdsa_secp256r1_sha256
    private static final String PSK = "0029 0030 000b 0005 0102030405 00000000 0021 20" + "11".repeat(32);

    private static Codecs.Decoder ch() {
        return Codecs.message(1);
    }

    private static Codecs.Decoder sh() {
        return Codecs.message(2);
    }

    private static Arguments ok(String name, Codecs.Decoder decoder, String hex) {
        return Arguments.of(name, decoder, hex, null);
    }

    private static Arguments bad(String name, Codecs.Decoder decoder, String hex, AlertDescription alert) {
        return Arguments.of(name, decoder, hex, alert);
    }

    static Stream<Arguments> table() {
        List<Arguments> t = new ArrayList<>();
        // ClientHello: legacy_version, random, legacy_session_id, cipher_suites, compression, extensions
        t.add(ok("CH minimal", ch(), "0303" + RANDOM + "00 0002 1301 0100 0007" + SV13));
        t.add(ok("CH without extensions (TLS 1.2)", ch(), "0303" + RANDOM + "00 0002 c02f 0100"));
        t.add(ok("CH session id of 32", ch(), "0303" + RANDOM + "20" + "ab".repeat(32) + "0002 1301 0100 0007" + SV13));
        t.add(bad("CH session id of 33", ch(), "0303" + RANDOM + "21" + "ab".repeat(33) + "0002 1301 0100 0007" + SV13,
                DECODE_ERROR));
        t.add(bad("CH random short", ch(), "0303" + "00".repeat(31), DECODE_ERROR));
        t.add(bad("CH no cipher suites", ch(), "0303" + RANDOM + "00 0000 0100 0007" + SV13, DECODE_ERROR));
        t.add(bad("CH odd cipher suites length", ch(), "0303" + RANDOM + "00 0003 130113 0100 0007" + SV13, DECODE_ERROR));
        t.add(bad("CH cipher suites length past end", ch(), "0303" + RANDOM + "00 0010 1301", DECODE_ERROR));
        t.add(bad("CH no compression methods", ch(), "0303" + RANDOM + "00 0002 1301 00 0007" + SV13, DECODE_ERROR));
        t.add(bad("CH extensions length too long", ch(), "0303" + RANDOM + "00 0002 1301 0100 0008" + SV13, DECODE_ERROR));
        t.add(bad("CH extensions length too short", ch(), "0303" + RANDOM + "00 0002 1301 0100 0006" + SV13, DECODE_ERROR));
        t.add(bad("CH extension data past its block", ch(), "0303" + RANDOM + "00 0002 1301 0100 0007 002b 0004 02 0304",
                DECODE_ERROR));
        t.add(bad("CH trailing byte", ch(), "0303" + RANDOM + "00 0002 1301 0100 0007" + SV13 + "00", DECODE_ERROR));
        t.add(bad("CH one byte of extensions length", ch(), "0303" + RANDOM + "00 0002 1301 0100 00", DECODE_ERROR));
        t.add(bad("CH duplicate extension", ch(), "0303" + RANDOM + "00 0002 1301 0100 000e" + SV13 + SV13,
                ILLEGAL_PARAMETER));
        t.add(ok("CH pre_shared_key last", ch(), "0303" + RANDOM + "00 0002 1301 0100 003b" + SV13 + PSK));
        t.add(bad("CH pre_shared_key not last", ch(), "0303" + RANDOM + "00 0002 1301 0100 003b" + PSK + SV13,
                ILLEGAL_PARAMETER));
        // ServerHello: legacy_version, random, legacy_session_id_echo, cipher_suite, compression, extensions
        t.add(ok("SH minimal", sh(), "0303" + RANDOM + "00 1301 00 0006 002b 0002 0304"));
        t.add(ok("SH without extensions (TLS 1.2)", sh(), "0303" + RANDOM + "00 c02f 00"));
        t.add(bad("SH session id echo of 33", sh(), "0303" + RANDOM + "21" + "ab".repeat(33) + "1301 00 0000",
                DECODE_ERROR));
        t.add(bad("SH no compression method", sh(), "0303" + RANDOM + "00 1301", DECODE_ERROR));
        t.add(bad("SH duplicate extension", sh(), "0303" + RANDOM + "00 1301 00 000c 002b 0002 0304 002b 0002 0304",
                ILLEGAL_PARAMETER));
        t.add(bad("SH trailing byte", sh(), "0303" + RANDOM + "00 1301 00 0006 002b 0002 0304 00", DECODE_ERROR));
        // EncryptedExtensions
        Codecs.Decoder ee = Codecs.message(8);
        t.add(ok("EE empty", ee, "0000"));
        t.add(bad("EE no length", ee, "", DECODE_ERROR));
        t.add(bad("EE half a length", ee, "00", DECODE_ERROR));
        t.add(bad("EE duplicate server_name", ee, "0008 0000 0000 0000 0000", ILLEGAL_PARAMETER));
        t.add(bad("EE extension header cut", ee, "0002 0000", DECODE_ERROR));
        t.add(bad("EE trailing byte", ee, "0000 00", DECODE_ERROR));
        // Certificate (TLS 1.3)
        Codecs.Decoder cert = Codecs.message(11);
        t.add(ok("Certificate empty list", cert, "00 000000"));
        t.add(ok("Certificate one entry with context", cert, "02 abcd 000008 000003 300100 0000"));
        t.add(bad("Certificate empty cert_data", cert, "00 000005 000000 0000", DECODE_ERROR));
        t.add(bad("Certificate entry without extensions", cert, "00 000006 000003 300100", DECODE_ERROR));
        t.add(bad("Certificate list length too long", cert, "00 000009 000003 300100 0000", DECODE_ERROR));
        t.add(bad("Certificate list length too short", cert, "00 000007 000003 300100 0000", DECODE_ERROR));
        t.add(bad("Certificate entry duplicate extension", cert, "00 000010 000003 300100 0008 0005 0000 0005 0000",
                ILLEGAL_PARAMETER));
        t.add(bad("Certificate trailing byte", cert, "00 000000 00", DECODE_ERROR));
        t.add(bad("Certificate context past end", cert, "05 0102", DECODE_ERROR));
        // CertificateRequest (TLS 1.3)
        Codecs.Decoder cr = Codecs.message(13);
        t.add(ok("CertificateRequest with signature_algorithms", cr, "00 0008" + SIG));
        t.add(bad("CertificateRequest without signature_algorithms", cr, "00 0000", MISSING_EXTENSION));
        t.add(bad("CertificateRequest only other extensions", cr, "01 aa 0004 0031 0000", MISSING_EXTENSION));
        t.add(bad("CertificateRequest duplicate signature_algorithms", cr, "00 0010" + SIG + SIG, ILLEGAL_PARAMETER));
        t.add(bad("CertificateRequest trailing byte", cr, "00 0008" + SIG + "00", DECODE_ERROR));
        // CertificateVerify
        Codecs.Decoder cv = Codecs.message(15);
        t.add(ok("CertificateVerify", cv, "0804 0002 abcd"));
        t.add(ok("CertificateVerify empty signature", cv, "0804 0000"));
        t.add(bad("CertificateVerify signature past end", cv, "0804 0005 0102", DECODE_ERROR));
        t.add(bad("CertificateVerify no signature length", cv, "0804", DECODE_ERROR));
        t.add(bad("CertificateVerify one byte", cv, "08", DECODE_ERROR));
        t.add(bad("CertificateVerify trailing byte", cv, "0804 0001 ab cd", DECODE_ERROR));
        // Finished (SHA-256: 32 bytes)
        Codecs.Decoder fin = Codecs.message(20);
        t.add(ok("Finished 32", fin, "11".repeat(32)));
        t.add(bad("Finished 31", fin, "11".repeat(31), DECODE_ERROR));
        t.add(bad("Finished 33", fin, "11".repeat(33), DECODE_ERROR));
        t.add(bad("Finished 48 for SHA-256", fin, "11".repeat(48), DECODE_ERROR));
        t.add(bad("Finished empty", fin, "", DECODE_ERROR));
        // NewSessionTicket: lifetime, age_add, nonce<0..255>, ticket<1..2^16-1>, extensions
        Codecs.Decoder nst = Codecs.message(4);
        t.add(ok("NST", nst, "0000001e 01020304 00 0001 aa 0000"));
        t.add(ok("NST with early_data", nst, "0000001e 01020304 01 00 0001 aa 0008 002a 0004 00000400"));
        t.add(bad("NST empty ticket", nst, "0000001e 01020304 00 0000 0000", DECODE_ERROR));
        t.add(bad("NST nonce past end", nst, "0000001e 01020304 09 00", DECODE_ERROR));
        t.add(bad("NST no extensions", nst, "0000001e 01020304 00 0001 aa", DECODE_ERROR));
        t.add(bad("NST duplicate early_data", nst, "0000001e 01020304 00 0001 aa 0010 002a 0004 00000400 002a 0004 00000400",
                ILLEGAL_PARAMETER));
        t.add(bad("NST extensions of 2^16-1 bytes", nst, "0000001e 01020304 00 0001 aa ffff fafa fffb" + "00".repeat(0xfffb),
                DECODE_ERROR));
        t.add(ok("NST extensions of 2^16-2 bytes", nst, "0000001e 01020304 00 0001 aa fffe fafa fffa" + "00".repeat(0xfffa)));
        t.add(bad("NST trailing byte", nst, "0000001e 01020304 00 0001 aa 0000 00", DECODE_ERROR));
        // KeyUpdate
        Codecs.Decoder ku = Codecs.message(24);
        t.add(ok("KeyUpdate 0", ku, "00"));
        t.add(ok("KeyUpdate 1", ku, "01"));
        t.add(bad("KeyUpdate 2", ku, "02", ILLEGAL_PARAMETER));
        t.add(bad("KeyUpdate 255", ku, "ff", ILLEGAL_PARAMETER));
        t.add(bad("KeyUpdate empty", ku, "", DECODE_ERROR));
        t.add(bad("KeyUpdate trailing byte", ku, "0100", DECODE_ERROR));
        // EndOfEarlyData
        Codecs.Decoder eoed = Codecs.message(5);
        t.add(ok("EndOfEarlyData", eoed, ""));
        t.add(bad("EndOfEarlyData with a byte", eoed, "00", DECODE_ERROR));
        // Alert
        Codecs.Decoder alert = b -> Alert.decode(b);
        t.add(ok("Alert", alert, "0100"));
        t.add(bad("Alert one byte", alert, "02", DECODE_ERROR));
        t.add(bad("Alert three bytes", alert, "022800", DECODE_ERROR));
        t.add(bad("Alert empty", alert, "", DECODE_ERROR));
        // Extensions block itself
        Codecs.Decoder block = b -> {
            TlsReader r = new TlsReader(b);
            Extensions e = Extensions.decode(r);
            r.ensureEmpty("test");
            return e;
        };
        t.add(ok("Extensions two GREASE types", block, "0008 0a0a 0000 1a1a 0000"));
        t.add(bad("Extensions same GREASE type twice", block, "0008 0a0a 0000 0a0a 0000", ILLEGAL_PARAMETER));
        t.add(bad("Extensions type cut", block, "0001 00", DECODE_ERROR));
        t.add(bad("Extensions data length cut", block, "0003 0000 00", DECODE_ERROR));

        // server_name (RFC 6066 3)
        Codecs.Decoder sni = ServerNameList::decode;
        t.add(ok("server_name host", sni, "0009 00 0006 736572766572"));
        t.add(ok("server_name host and other type", sni, "000a 00 0001 61 07 0003 626262"));
        t.add(bad("server_name empty data", sni, "", DECODE_ERROR));
        t.add(bad("server_name empty list", sni, "0000", DECODE_ERROR));
        t.add(bad("server_name empty host name", sni, "0003 00 0000", DECODE_ERROR));
        t.add(bad("server_name two host names", sni, "0008 00 0001 61 00 0001 62", ILLEGAL_PARAMETER));
        t.add(bad("server_name list length too long", sni, "000a 00 0006 736572766572", DECODE_ERROR));
        t.add(bad("server_name list length too short", sni, "0008 00 0006 736572766572", DECODE_ERROR));
        t.add(bad("server_name trailing byte", sni, "0009 00 0006 736572766572 00", DECODE_ERROR));
        // supported_groups <2..2^16-1>
        Codecs.Decoder groups = SupportedGroups::decode;
        t.add(ok("supported_groups", groups, "0004 001d 0017"));
        t.add(bad("supported_groups empty list", groups, "0000", DECODE_ERROR));
        t.add(bad("supported_groups odd length", groups, "0003 001d 00", DECODE_ERROR));
        t.add(bad("supported_groups trailing byte", groups, "0002 001d 00", DECODE_ERROR));
        t.add(bad("supported_groups empty data", groups, "", DECODE_ERROR));
        // signature_algorithms <2..2^16-2>
        Codecs.Decoder sigs = SignatureAlgorithms::decode;
        t.add(ok("signature_algorithms", sigs, "0004 0403 0804"));
        t.add(bad("signature_algorithms empty list", sigs, "0000", DECODE_ERROR));
        t.add(bad("signature_algorithms odd length", sigs, "0001 04", DECODE_ERROR));
        t.add(bad("signature_algorithms trailing byte", sigs, "0002 0403 04", DECODE_ERROR));
        // application_layer_protocol_negotiation (RFC 7301 3.1)
        Codecs.Decoder alpn = ApplicationLayerProtocols::decode;
        t.add(ok("ALPN h2 http/1.1", alpn, "000c 02 6832 08 687474702f312e31"));
        t.add(ok("ALPN non-ASCII bytes", alpn, "0003 02 ff80"));
        t.add(bad("ALPN empty list", alpn, "0000", DECODE_ERROR));
        t.add(bad("ALPN empty name", alpn, "0003 00 0168", DECODE_ERROR));
        t.add(bad("ALPN only an empty name", alpn, "0001 00", DECODE_ERROR));
        t.add(bad("ALPN name past list", alpn, "0003 03 6832", DECODE_ERROR));
        t.add(bad("ALPN trailing byte", alpn, "0003 02 6832 00", DECODE_ERROR));
        // supported_versions, ClientHello form <2..254> with u8 length; ServerHello form
        Codecs.Decoder svc = SupportedVersionsClient::decode;
        t.add(ok("supported_versions client", svc, "04 0304 0303"));
        t.add(bad("supported_versions client empty", svc, "00", DECODE_ERROR));
        t.add(bad("supported_versions client odd", svc, "03 0304 03", DECODE_ERROR));
        t.add(bad("supported_versions client 255", svc, "ff" + "0304".repeat(127) + "03", DECODE_ERROR));
        t.add(bad("supported_versions client trailing", svc, "02 0304 00", DECODE_ERROR));
        Codecs.Decoder svs = SupportedVersionsServer::decode;
        t.add(ok("supported_versions server", svs, "0304"));
        t.add(bad("supported_versions server one byte", svs, "03", DECODE_ERROR));
        t.add(bad("supported_versions server three bytes", svs, "030400", DECODE_ERROR));
        t.add(bad("supported_versions server client-shaped", svs, "02 0304", DECODE_ERROR));
        // key_share (RFC 8446 4.2.8)
        Codecs.Decoder ksc = KeyShareClientHello::decode;
        t.add(ok("key_share client empty (asks for HRR)", ksc, "0000"));
        t.add(ok("key_share client two groups", ksc, "000a 001d 0001 aa 0017 0001 bb"));
        t.add(bad("key_share client duplicate group", ksc, "000a 001d 0001 aa 001d 0001 bb", ILLEGAL_PARAMETER));
        t.add(bad("key_share client empty key_exchange", ksc, "0004 001d 0000", DECODE_ERROR));
        t.add(bad("key_share client entry past list", ksc, "0005 001d 0002 aa", DECODE_ERROR));
        t.add(bad("key_share client trailing byte", ksc, "0000 00", DECODE_ERROR));
        Codecs.Decoder kss = KeyShareServerHello::decode;
        t.add(ok("key_share server", kss, "001d 0001 aa"));
        t.add(bad("key_share server empty key_exchange", kss, "001d 0000", DECODE_ERROR));
        t.add(bad("key_share server trailing byte", kss, "001d 0001 aa 00", DECODE_ERROR));
        t.add(bad("key_share server HRR-shaped", kss, "001d", DECODE_ERROR));
        Codecs.Decoder kshrr = KeyShareHelloRetryRequest::decode;
        t.add(ok("key_share HRR", kshrr, "0017"));
        t.add(bad("key_share HRR three bytes", kshrr, "001700", DECODE_ERROR));
        t.add(bad("key_share HRR empty", kshrr, "", DECODE_ERROR));
        // cookie <1..2^16-1>
        Codecs.Decoder cookie = Cookie::decode;
        t.add(ok("cookie", cookie, "0002 abcd"));
        t.add(bad("cookie empty", cookie, "0000", DECODE_ERROR));
        t.add(bad("cookie past end", cookie, "0002 ab", DECODE_ERROR));
        t.add(bad("cookie trailing byte", cookie, "0001 ab cd", DECODE_ERROR));
        // psk_key_exchange_modes <1..255>
        Codecs.Decoder modes = PskKeyExchangeModes::decode;
        t.add(ok("psk_key_exchange_modes", modes, "02 0001"));
        t.add(bad("psk_key_exchange_modes empty", modes, "00", DECODE_ERROR));
        t.add(bad("psk_key_exchange_modes trailing byte", modes, "01 01 00", DECODE_ERROR));
        // pre_shared_key, ClientHello form (RFC 8446 4.2.11)
        Codecs.Decoder pskc = PreSharedKeyClientHello::decode;
        String id = "0005 0102030405 00000000";
        String binder32 = "20" + "11".repeat(32);
        t.add(ok("pre_shared_key client", pskc, "000b " + id + " 0021 " + binder32));
        t.add(ok("pre_shared_key client two", pskc, "0016 " + id + id + " 0042 " + binder32 + binder32));
        t.add(bad("pre_shared_key client two identities one binder", pskc, "0016 " + id + id + " 0021 " + binder32,
                ILLEGAL_PARAMETER));
        t.add(bad("pre_shared_key client one identity two binders", pskc, "000b " + id + " 0042 " + binder32 + binder32,
                ILLEGAL_PARAMETER));
        t.add(bad("pre_shared_key client binder of 31", pskc, "000b " + id + " 0021 1f" + "11".repeat(32), DECODE_ERROR));
        t.add(bad("pre_shared_key client no identities", pskc, "0000 0021 " + binder32, DECODE_ERROR));
        t.add(bad("pre_shared_key client empty identity", pskc, "0007 0000 00000000 00 0021 " + binder32, DECODE_ERROR));
        t.add(bad("pre_shared_key client no binders", pskc, "000b " + id + " 0000", DECODE_ERROR));
        t.add(bad("pre_shared_key client identity without age", pskc, "0007 0005 0102030405 0021 " + binder32,
                DECODE_ERROR));
        t.add(bad("pre_shared_key client trailing byte", pskc, "000b " + id + " 0021 " + binder32 + "00", DECODE_ERROR));
        Codecs.Decoder psks = PreSharedKeyServerHello::decode;
        t.add(ok("pre_shared_key server", psks, "0000"));
        t.add(bad("pre_shared_key server one byte", psks, "00", DECODE_ERROR));
        t.add(bad("pre_shared_key server trailing byte", psks, "000000", DECODE_ERROR));
        // early_data: u32 in NewSessionTicket, empty in ClientHello / EncryptedExtensions
        Codecs.Decoder early = EarlyDataIndication::decode;
        t.add(ok("early_data NST", early, "00000400"));
        t.add(bad("early_data NST short", early, "0004", DECODE_ERROR));
        t.add(bad("early_data NST long", early, "0000040000", DECODE_ERROR));
        Codecs.Decoder earlyEmpty = b -> {
            EarlyDataIndication.decodeEmpty(b);
            return "empty";
        };
        t.add(ok("early_data empty form", earlyEmpty, ""));
        t.add(bad("early_data empty form with a byte", earlyEmpty, "00", DECODE_ERROR));
        // certificate_authorities <3..2^16-1> of DistinguishedName <1..2^16-1>
        Codecs.Decoder cas = CertificateAuthorities::decode;
        t.add(ok("certificate_authorities", cas, "000a 0003 300100 0003 300100"));
        t.add(bad("certificate_authorities empty list", cas, "0000", DECODE_ERROR));
        t.add(bad("certificate_authorities empty name", cas, "0002 0000", DECODE_ERROR));
        t.add(bad("certificate_authorities name past list", cas, "0004 0003 3001", DECODE_ERROR));
        t.add(bad("certificate_authorities trailing byte", cas, "0005 0003 300100 00", DECODE_ERROR));
        // record_size_limit (RFC 8449 4)
        Codecs.Decoder rsl = RecordSizeLimit::decode;
        t.add(ok("record_size_limit 64", rsl, "0040"));
        t.add(ok("record_size_limit 2^14+1", rsl, "4001"));
        t.add(bad("record_size_limit 63", rsl, "003f", ILLEGAL_PARAMETER));
        t.add(bad("record_size_limit 0", rsl, "0000", ILLEGAL_PARAMETER));
        t.add(bad("record_size_limit one byte", rsl, "40", DECODE_ERROR));
        t.add(bad("record_size_limit trailing byte", rsl, "004000", DECODE_ERROR));
        return t.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void table(String name, Codecs.Decoder decoder, String hexInput, AlertDescription expected) throws TlsAlertException {
        byte[] input = hex(hexInput);
        if (expected == null) {
            Object decoded = decoder.decode(input);
            if (!(decoded instanceof String)) {
                assertArrayEquals(input, Codecs.encode(decoded), "re-encoding of " + name);
            }
        } else {
            TlsAlertException e = assertThrows(TlsAlertException.class, () -> decoder.decode(input), name);
            assertEquals(expected, e.alert(), name + ": " + e.getMessage());
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a reason is given");
            assertFalse(e.receivedFromPeer());
        }
    }

    /** A hello without extensions decodes as empty; an empty list encodes by leaving the block out. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("helloWithoutExtensions")
    void helloWithoutExtensionsRoundTrips(String name, Codecs.Decoder decoder, String hexInput) throws TlsAlertException {
        byte[] input = hex(hexInput);
        Object decoded = decoder.decode(input);
        assertArrayEquals(input, Codecs.encode(decoded));
        if (decoded instanceof ClientHello c) {
            assertTrue(c.extensions().isEmpty());
        } else if (decoded instanceof ServerHello s) {
            assertTrue(s.extensions().isEmpty());
        } else {
            fail();
        }
    }

    static Stream<Arguments> helloWithoutExtensions() {
        return Stream.of(Arguments.of("CH", ch(), "0303" + RANDOM + "00 0002 c02f 0100"),
                Arguments.of("SH", sh(), "0303" + RANDOM + "00 c02f 00"));
    }
}
