package dev.keel.tls.tls12;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.message.ClientKeyExchangeDhe;
import dev.keel.tls.message.ClientKeyExchangeEcdhe;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.HelloRequest;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Keel TLS 1.2 client against a scripted server ({@link ScriptedServer12}): what it accepts in
 * ServerHello (RFC 5246 7.4.1.3, RFC 5746, RFC 7627, RFC 8996) and in ServerKeyExchange, in particular
 * weak or malformed DHE parameters (RFC 7919 3) and bad ECDHE parameters (RFC 8422 5.4).
 */
class Tls12ClientRulesTest {
    private static final int DHE_RSA_AES128 = 0x009E;
    private static final int ECDHE_ECDSA_AES128 = 0xC02B;
    private static final int[] FATAL_HANDSHAKE_FAILURE = {2, 40};
    private static final int[] FATAL_UNSUPPORTED_CERTIFICATE = {2, 43};
    private static final int[] FATAL_ILLEGAL_PARAMETER = {2, 47};
    private static final int[] FATAL_DECRYPT_ERROR = {2, 51};
    private static final int[] FATAL_PROTOCOL_VERSION = {2, 70};
    private static final int[] FATAL_INSUFFICIENT_SECURITY = {2, 71};
    private static final int[] FATAL_UNSUPPORTED_EXTENSION = {2, 110};

    /** A Keel client offering TLS 1.3 and 1.2, with the TLS 1.2 suite under test enabled. */
    private static ScriptedServer12 against(String suite) throws Exception {
        SSLEngine client = Peers.client(Peers.KEEL, "TLS");
        client.setEnabledCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256", suite});
        return new ScriptedServer12(client);
    }

    // ------------------------------------------------------------------ DHE (RFC 7919 3)

    private static final BigInteger FFDHE2048_P = NamedGroup.FFDHE2048.ffdhePrime();
    private static final BigInteger TWO = BigInteger.TWO;

    private static byte[] bytes(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    static Stream<Arguments> badDhe() {
        BigInteger p = FFDHE2048_P;
        BigInteger prime1024 = BigInteger.probablePrime(1024, new Random(1024));
        BigInteger ys = TWO.modPow(BigInteger.valueOf(1_000_003), p);
        return Stream.of(
                Arguments.of("1024-bit prime", prime1024, TWO, TWO.modPow(BigInteger.TEN, prime1024),
                        FATAL_INSUFFICIENT_SECURITY),
                Arguments.of("2048-bit group that is not RFC 7919", p.add(TWO), TWO, ys, FATAL_INSUFFICIENT_SECURITY),
                Arguments.of("ffdhe2048 prime with g = 5", p, BigInteger.valueOf(5), ys, FATAL_ILLEGAL_PARAMETER),
                Arguments.of("ffdhe4096, which the client did not offer", NamedGroup.FFDHE4096.ffdhePrime(), TWO,
                        ys, FATAL_ILLEGAL_PARAMETER),
                Arguments.of("Ys = 0", p, TWO, BigInteger.ZERO, FATAL_HANDSHAKE_FAILURE),
                Arguments.of("Ys = 1", p, TWO, BigInteger.ONE, FATAL_HANDSHAKE_FAILURE),
                Arguments.of("Ys = p - 1", p, TWO, p.subtract(BigInteger.ONE), FATAL_HANDSHAKE_FAILURE),
                Arguments.of("Ys = p", p, TWO, p, FATAL_HANDSHAKE_FAILURE),
                Arguments.of("Ys = p + 1", p, TWO, p.add(BigInteger.ONE), FATAL_HANDSHAKE_FAILURE),
                Arguments.of("Ys longer than p", p, TWO, p.shiftLeft(8), FATAL_HANDSHAKE_FAILURE),
                // RFC 3526 groups of 2048 bits or more are accepted (Tls12Rfc3526DheTest), but only as they are:
                Arguments.of("RFC 3526 group 5 (1536 bits)", MODP_1536_P, TWO, TWO.modPow(BigInteger.TEN, MODP_1536_P),
                        FATAL_INSUFFICIENT_SECURITY),
                Arguments.of("RFC 3526 group 14 prime with g = 5", MODP_2048_P, BigInteger.valueOf(5), ys,
                        FATAL_ILLEGAL_PARAMETER),
                Arguments.of("RFC 3526 group 14 with Ys = p - 1", MODP_2048_P, TWO, MODP_2048_P.subtract(BigInteger.ONE),
                        FATAL_HANDSHAKE_FAILURE),
                Arguments.of("RFC 3526 group 14 with Ys = 1", MODP_2048_P, TWO, BigInteger.ONE, FATAL_HANDSHAKE_FAILURE),
                Arguments.of("2048-bit prime next to RFC 3526 group 14", MODP_2048_P.subtract(TWO), TWO, ys,
                        FATAL_INSUFFICIENT_SECURITY));
    }

    /** RFC 3526 primes, from Bouncy Castle's copy (an independent implementation). */
    private static final BigInteger MODP_1536_P = org.bouncycastle.tls.crypto.DHStandardGroups.rfc3526_1536.getP();
    private static final BigInteger MODP_2048_P = org.bouncycastle.tls.crypto.DHStandardGroups.rfc3526_2048.getP();

    /**
     * An RFC 3526 group smaller than every finite-field group the client offered is refused: a client
     * that enabled only ffdhe3072 does not settle for 2048-bit MODP.
     */
    @Test
    void anRfc3526GroupSmallerThanEveryOfferedGroupIsRefused() throws Exception {
        SSLEngine client = Peers.withProperty("jdk.tls.namedGroups", "x25519,ffdhe3072",
                () -> Peers.client(Peers.KEEL, "TLS"));
        client.setEnabledCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"});
        ScriptedServer12 server = new ScriptedServer12(client);
        BigInteger ys = TWO.modPow(BigInteger.valueOf(1_000_003), MODP_2048_P);
        assertArrayEquals(FATAL_INSUFFICIENT_SECURITY, server.flightFailing(
                server.serverHello(0x0303, DHE_RSA_AES128, ScriptedServer12.usualExtensions()),
                ScriptedServer12.certificate(KeyType.RSA_2048),
                server.dhe(bytes(MODP_2048_P), new byte[] {2}, bytes(ys), false)));
    }

    /**
     * RFC 3526 group 14 with dh_Ys short of p's length: the client answers with a full-length dh_Yc in
     * range, ChangeCipherSpec and Finished, and its session names no NamedGroup.
     */
    @Test
    void rfc3526Group14IsAccepted() throws Exception {
        ScriptedServer12 server = against("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
        BigInteger shortYs = TWO.modPow(BigInteger.valueOf(1000), MODP_2048_P);
        server.flight(server.serverHello(0x0303, DHE_RSA_AES128, ScriptedServer12.usualExtensions()),
                ScriptedServer12.certificate(KeyType.RSA_2048),
                server.dhe(bytes(MODP_2048_P), new byte[] {2}, bytes(shortYs), false));
        byte[] reply = Wire.wrapAll(server.client);
        RawHandshake cke = Wire.find(reply, HandshakeType.CLIENT_KEY_EXCHANGE.code());
        assertNotNull(cke);
        byte[] yc = ClientKeyExchangeDhe.decode(cke.reader()).yc();
        assertEquals(256, yc.length);
        BigInteger y = new BigInteger(1, yc);
        assertTrue(y.compareTo(BigInteger.ONE) > 0 && y.compareTo(MODP_2048_P.subtract(BigInteger.ONE)) < 0);
        assertTrue(Wire.records(reply).stream().anyMatch(r -> r.type() == Wire.CHANGE_CIPHER_SPEC));
        assertEquals(null, Peers.keelSession(server.client.getHandshakeSession()).namedGroup());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDhe")
    void weakOrMalformedDheParametersAreRefused(String name, BigInteger p, BigInteger g, BigInteger ys,
            int[] alert) throws Exception {
        ScriptedServer12 server = against("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
        assertArrayEquals(alert, server.flightFailing(
                server.serverHello(0x0303, DHE_RSA_AES128, ScriptedServer12.usualExtensions()),
                ScriptedServer12.certificate(KeyType.RSA_2048),
                server.dhe(bytes(p), bytes(g), ys.signum() == 0 ? new byte[] {0} : bytes(ys), false)), name);
    }

    @Test
    void aBadDheSignatureIsDecryptError() throws Exception {
        ScriptedServer12 server = against("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
        BigInteger ys = TWO.modPow(BigInteger.valueOf(99_991), FFDHE2048_P);
        assertArrayEquals(FATAL_DECRYPT_ERROR, server.flightFailing(
                server.serverHello(0x0303, DHE_RSA_AES128, ScriptedServer12.usualExtensions()),
                ScriptedServer12.certificate(KeyType.RSA_2048),
                server.dhe(bytes(FFDHE2048_P), new byte[] {2}, bytes(ys), true)));
    }

    /**
     * The control: proper ffdhe2048 parameters, with dh_Ys short of p's length (leading zeros left
     * out, as RFC 5246 encodings allow): the client answers with a full-length dh_Yc, ChangeCipherSpec
     * and Finished.
     */
    @Test
    void properDheParametersAreAccepted() throws Exception {
        ScriptedServer12 server = against("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
        BigInteger shortYs = TWO.modPow(BigInteger.valueOf(1000), FFDHE2048_P); // 2^1000 < p: 126 bytes
        server.flight(server.serverHello(0x0303, DHE_RSA_AES128, ScriptedServer12.usualExtensions()),
                ScriptedServer12.certificate(KeyType.RSA_2048),
                server.dhe(bytes(FFDHE2048_P), new byte[] {2}, bytes(shortYs), false));
        byte[] reply = Wire.wrapAll(server.client);
        RawHandshake cke = Wire.find(reply, HandshakeType.CLIENT_KEY_EXCHANGE.code());
        assertNotNull(cke);
        assertEquals(256, ClientKeyExchangeDhe.decode(cke.reader()).yc().length);
        assertTrue(Wire.records(reply).stream().anyMatch(r -> r.type() == Wire.CHANGE_CIPHER_SPEC));
        assertEquals(NamedGroup.FFDHE2048, Peers.keelSession(server.client.getHandshakeSession()).namedGroup());
    }

    // ------------------------------------------------------------------ ECDHE (RFC 8422 5.4)

    private static byte[] p256Point() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ECPublicKey pub = (ECPublicKey) g.generateKeyPair().getPublic();
        return Wire.concat(new byte[] {4}, fixed(pub.getW().getAffineX()), fixed(pub.getW().getAffineY()));
    }

    private static byte[] fixed(BigInteger v) {
        return ScriptedClient12.unsigned(v, 32);
    }

    static Stream<Arguments> badEcdhe() throws Exception {
        byte[] point = p256Point();
        byte[] offCurve = point.clone();
        offCurve[64] ^= 1;
        return Stream.of(
                Arguments.of("secp521r1, which the client did not offer", 0x0019, point, 0x0403, FATAL_ILLEGAL_PARAMETER),
                Arguments.of("a point not on the curve", 0x0017, offCurve, 0x0403, FATAL_ILLEGAL_PARAMETER),
                Arguments.of("a compressed point", 0x0017, java.util.Arrays.copyOf(new byte[] {2}, 33),
                        0x0403, FATAL_ILLEGAL_PARAMETER),
                Arguments.of("ecdsa_sha1", 0x0017, point, 0x0203, FATAL_ILLEGAL_PARAMETER),
                Arguments.of("an RSA scheme for an EC key", 0x0017, point, 0x0401, FATAL_ILLEGAL_PARAMETER),
                Arguments.of("a scheme the client never heard of", 0x0017, point, 0xFE00, FATAL_ILLEGAL_PARAMETER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEcdhe")
    void badEcdheServerKeyExchangeIsRefused(String name, int group, byte[] point, int scheme, int[] alert)
            throws Exception {
        ScriptedServer12 server = against("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertArrayEquals(alert, server.flightFailing(
                server.serverHello(0x0303, ECDHE_ECDSA_AES128, ScriptedServer12.usualExtensions()),
                ScriptedServer12.certificate(KeyType.EC_P256), server.ecdhe(group, point, scheme)), name);
    }

    @Test
    void properEcdheParametersAreAccepted() throws Exception {
        ScriptedServer12 server = against("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        // RFC 5246 7.4.1.1: a HelloRequest during the handshake is ignored, and not hashed.
        server.flight(server.serverHello(0x0303, ECDHE_ECDSA_AES128, ScriptedServer12.usualExtensions()),
                new HelloRequest(), ScriptedServer12.certificate(KeyType.EC_P256),
                server.ecdhe(0x0017, p256Point(), ScriptedServer12.ECDSA_SECP256R1_SHA256));
        RawHandshake cke = Wire.find(Wire.wrapAll(server.client), HandshakeType.CLIENT_KEY_EXCHANGE.code());
        assertEquals(65, ClientKeyExchangeEcdhe.decode(cke.reader()).point().length);
    }

    @Test
    void aCertificateKeyTheExchangeCannotUseIsUnsupportedCertificate() throws Exception {
        ScriptedServer12 server = against("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertArrayEquals(FATAL_UNSUPPORTED_CERTIFICATE, server.flightFailing(
                server.serverHello(0x0303, ECDHE_ECDSA_AES128, ScriptedServer12.usualExtensions()),
                ScriptedServer12.certificate(KeyType.RSA_2048)));
    }

    // ------------------------------------------------------------------ ServerHello

    @Test
    void tls11IsRefusedWithProtocolVersion() throws Exception {
        ScriptedServer12 server = against("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        byte[] sh = Wire.handshakeRecord(server.serverHello(0x0302, ECDHE_ECDSA_AES128,
                ScriptedServer12.usualExtensions()));
        SSLException e = assertThrows(SSLException.class, () -> Wire.unwrapAll(server.client, sh));
        assertTrue(e.getMessage().contains("TLSv1.1") && e.getMessage().contains("RFC 8996"), e.getMessage());
        assertArrayEquals(FATAL_PROTOCOL_VERSION, Wire.plaintextAlert(Wire.wrapAll(server.client)));
    }

    static Stream<Arguments> badServerHellos() {
        List<Extension> usual = ScriptedServer12.usualExtensions();
        List<Extension> noEms = List.of(usual.get(0));
        List<Extension> renegotiated = List.of(
                new Extension(ExtensionType.RENEGOTIATION_INFO, HexFormat.of().parseHex("0c000102030405060708090a0b")),
                usual.get(1));
        List<Extension> unoffered = List.of(usual.get(0), usual.get(1), new Extension(ExtensionType.ENCRYPT_THEN_MAC,
                new byte[0]));
        return Stream.of(
                Arguments.of("a suite the client did not offer", 0x009C, usual, 0, FATAL_ILLEGAL_PARAMETER),
                Arguments.of("a TLS 1.3 suite", 0x1301, usual, 0, FATAL_ILLEGAL_PARAMETER),
                Arguments.of("no extended_master_secret", ECDHE_ECDSA_AES128, noEms, 0, FATAL_HANDSHAKE_FAILURE),
                Arguments.of("non-empty renegotiation_info", ECDHE_ECDSA_AES128, renegotiated, 0,
                        FATAL_HANDSHAKE_FAILURE),
                Arguments.of("an extension the client did not offer", ECDHE_ECDSA_AES128, unoffered, 0,
                        FATAL_UNSUPPORTED_EXTENSION),
                Arguments.of("compression method 1", ECDHE_ECDSA_AES128, usual, 1, FATAL_ILLEGAL_PARAMETER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badServerHellos")
    void badServerHellosAreRefused(String name, int suite, List<Extension> ext, int compression, int[] alert)
            throws Exception {
        ScriptedServer12 server = against("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        ServerHello sh = new ServerHello(0x0303, server.serverRandom, new byte[0], suite, compression,
                dev.keel.tls.message.Extensions.of(ext));
        assertArrayEquals(alert, Wire.failingWith(server.client, Wire.handshakeRecord(sh)), name);
    }

    @Test
    void echoingTheCompatibilitySessionIdIsNotAResumption() throws Exception {
        ScriptedServer12 server = against("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertEquals(32, server.clientHello.legacySessionId().length, "middlebox compatibility mode");
        ServerHello sh = new ServerHello(0x0303, server.serverRandom, server.clientHello.legacySessionId(),
                ECDHE_ECDSA_AES128, 0, dev.keel.tls.message.Extensions.of(ScriptedServer12.usualExtensions()));
        assertArrayEquals(FATAL_ILLEGAL_PARAMETER, Wire.failingWith(server.client, Wire.handshakeRecord(sh)));
    }

    @Test
    void theDowngradeSentinelIsRefusedByAClientThatOfferedTls13() throws Exception {
        ScriptedServer12 server = against("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        System.arraycopy(HexFormat.of().parseHex("444f574e47524401"), 0, server.serverRandom, 24, 8);
        assertArrayEquals(FATAL_ILLEGAL_PARAMETER, Wire.failingWith(server.client, Wire.handshakeRecord(
                server.serverHello(0x0303, ECDHE_ECDSA_AES128, ScriptedServer12.usualExtensions()))));
    }

    /** A client that offered only TLS 1.2 does not check the TLS 1.2 sentinel (RFC 8446 4.1.3). */
    @Test
    void theSentinelDoesNotConcernATls12OnlyClient() throws Exception {
        SSLEngine client = Peers.client(Peers.KEEL, "TLSv1.2");
        ScriptedServer12 server = new ScriptedServer12(client);
        System.arraycopy(HexFormat.of().parseHex("444f574e47524401"), 0, server.serverRandom, 24, 8);
        server.flight(server.serverHello(0x0303, ECDHE_ECDSA_AES128, ScriptedServer12.usualExtensions()),
                ScriptedServer12.certificate(KeyType.EC_P256),
                server.ecdhe(0x0017, p256Point(), ScriptedServer12.ECDSA_SECP256R1_SHA256));
        assertNotNull(Wire.find(Wire.wrapAll(client), HandshakeType.CLIENT_KEY_EXCHANGE.code()));
    }
}
