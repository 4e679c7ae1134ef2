package dev.keel.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;
import javax.crypto.interfaces.DHPublicKey;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPublicKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeySharesTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static void assertIllegalParameter(Executable e) {
        TlsAlertException x = assertThrows(TlsAlertException.class, e);
        assertEquals(AlertDescription.ILLEGAL_PARAMETER, x.alert(), x.getMessage());
        assertNotNull(x.getMessage());
    }

    // ---- every group ----

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void twoKeelSharesAgree(NamedGroup group) throws Exception {
        KeyShare a = group.generate(RANDOM);
        KeyShare b = group.generate(RANDOM);
        assertEquals(group, a.group());
        assertEquals(group.keyShareLength(), a.publicValue().length);
        byte[] ab = a.agree(b.publicValue());
        byte[] ba = b.agree(a.publicValue());
        assertArrayEquals(ab, ba);
        assertTrue(ab.length > 0);
    }

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void keyShareLengthsAreThoseOfRfc8446(NamedGroup group) {
        int expected = switch (group) {
            case X25519 -> 32;
            case X448 -> 56;
            case SECP256R1 -> 65;
            case SECP384R1 -> 97;
            case SECP521R1 -> 133;
            case FFDHE2048 -> 256;
            case FFDHE3072 -> 384;
            case FFDHE4096 -> 512;
        };
        assertEquals(expected, group.keyShareLength());
    }

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void wrongLengthsAreIllegalParameter(NamedGroup group) throws Exception {
        int n = group.keyShareLength();
        KeyShare share = group.generate(RANDOM);
        byte[] valid = group.generate(RANDOM).publicValue();
        assertIllegalParameter(() -> group.checkPeerShareLength(null));
        assertIllegalParameter(() -> group.checkPeerShareLength(new byte[0]));
        assertIllegalParameter(() -> group.checkPeerShareLength(Arrays.copyOf(valid, n - 1)));
        assertIllegalParameter(() -> group.checkPeerShareLength(Arrays.copyOf(valid, n + 1)));
        group.checkPeerShareLength(valid);
        assertIllegalParameter(() -> share.agree(Arrays.copyOf(valid, n - 1)));
        assertIllegalParameter(() -> share.agree(null));
    }

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void aKeyShareIsUsedOnce(NamedGroup group) throws Exception {
        KeyShare share = group.generate(RANDOM);
        byte[] peer = group.generate(RANDOM).publicValue();
        share.agree(peer);
        TlsAlertException again = assertThrows(TlsAlertException.class, () -> share.agree(peer));
        assertEquals(AlertDescription.INTERNAL_ERROR, again.alert());

        KeyShare destroyed = group.generate(RANDOM);
        destroyed.destroy();
        assertEquals(AlertDescription.INTERNAL_ERROR,
                assertThrows(TlsAlertException.class, () -> destroyed.agree(peer)).alert());
    }

    @Test
    void lookupByCodeAndName() {
        assertEquals(NamedGroup.X25519, NamedGroup.fromCode(0x001D));
        assertEquals(NamedGroup.FFDHE3072, NamedGroup.fromName(" FFDHE3072 "));
    }

    // ---- X25519 / X448: RFC 7748 ----

    @Test
    void x25519Rfc7748Section52Vectors() throws Exception {
        // Scalar multiplication with an arbitrary input u: agree(k, u) = X25519(k, u).
        assertArrayEquals(hex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"),
                XdhKeyShare.fromPrivateKey(NamedGroup.X25519,
                        hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"))
                        .agree(hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")));
        // The second vector's u has its top bit set: RFC 7748 5 says to mask it.
        assertArrayEquals(hex("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"),
                XdhKeyShare.fromPrivateKey(NamedGroup.X25519,
                        hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"))
                        .agree(hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493")));
    }

    @Test
    void x25519Rfc7748Section61AliceAndBob() throws Exception {
        KeyShare alice = XdhKeyShare.fromPrivateKey(NamedGroup.X25519,
                hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        KeyShare bob = XdhKeyShare.fromPrivateKey(NamedGroup.X25519,
                hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        assertArrayEquals(hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"), alice.publicValue());
        assertArrayEquals(hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"), bob.publicValue());
        byte[] k = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assertArrayEquals(k, alice.agree(bob.publicValue()));
        assertArrayEquals(k, bob.agree(alice.publicValue()));
    }

    @Test
    void x448Rfc7748Section52Vectors() throws Exception {
        assertArrayEquals(hex("ce3e4ff95a60dc6697da1db1d85e6afbdf79b50a2412d7546d5f239f"
                        + "e14fbaadeb445fc66a01b0779d98223961111e21766282f73dd96b6f"),
                XdhKeyShare.fromPrivateKey(NamedGroup.X448,
                        hex("3d262fddf9ec8e88495266fea19a34d28882acef045104d0d1aae121"
                                + "700a779c984c24f8cdd78fbff44943eba368f54b29259a4f1c600ad3"))
                        .agree(hex("06fce640fa3487bfda5f6cf2d5263f8aad88334cbd07437f020f08f9"
                                + "814dc031ddbdc38c19c6da2583fa5429db94ada18aa7a7fb4ef8a086")));
        assertArrayEquals(hex("884a02576239ff7a2f2f63b2db6a9ff37047ac13568e1e30fe63c4a7"
                        + "ad1b3ee3a5700df34321d62077e63633c575c1c954514e99da7c179d"),
                XdhKeyShare.fromPrivateKey(NamedGroup.X448,
                        hex("203d494428b8399352665ddca42f9de8fef600908e0d461cb021f8c5"
                                + "38345dd77c3e4806e25f46d3315c44e0a5b4371282dd2c8d5be3095f"))
                        .agree(hex("0fbcc2f993cd56d3305b0b7d9e55d4c1a8fb5dbb52f8e9a1e9b6201b"
                                + "165d015894e56c4d3570bee52fe205e28a78b91cdfbde71ce8d157db")));
    }

    @Test
    void x448Rfc7748Section62AliceAndBob() throws Exception {
        KeyShare alice = XdhKeyShare.fromPrivateKey(NamedGroup.X448,
                hex("9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28d"
                        + "d9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b"));
        KeyShare bob = XdhKeyShare.fromPrivateKey(NamedGroup.X448,
                hex("1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d"
                        + "6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d"));
        assertArrayEquals(hex("9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c"
                + "22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0"), alice.publicValue());
        assertArrayEquals(hex("3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b430"
                + "27d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609"), bob.publicValue());
        byte[] k = hex("07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282b"
                + "b60c0b56fd2464c335543936521c24403085d59a449a5037514a879d");
        assertArrayEquals(k, alice.agree(bob.publicValue()));
        assertArrayEquals(k, bob.agree(alice.publicValue()));
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"X25519", "X448"})
    void xdhAgreesWithTheJdk(NamedGroup group) throws Exception {
        String name = group == NamedGroup.X25519 ? "X25519" : "X448";
        int length = group.keyShareLength();
        KeyPair jdk = KeyPairGenerator.getInstance(name).generateKeyPair();
        KeyShare keel = group.generate(RANDOM);

        byte[] jdkPublic = littleEndian(((XECPublicKey) jdk.getPublic()).getU(), length);
        PublicKey keelPublic = KeyFactory.getInstance(name).generatePublic(
                new XECPublicKeySpec(new NamedParameterSpec(name), fromLittleEndian(keel.publicValue())));
        KeyAgreement ka = KeyAgreement.getInstance(name);
        ka.init(jdk.getPrivate());
        ka.doPhase(keelPublic, true);
        assertArrayEquals(ka.generateSecret(), keel.agree(jdkPublic));
    }

    /** Points of small order force an all-zero X25519/X448 output (RFC 7748 6.1, 7; RFC 8446 7.4.2). */
    @Test
    void lowOrderXdhPointsAreIllegalParameter() {
        BigInteger p25519 = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
        for (BigInteger u : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, p25519.subtract(BigInteger.ONE)}) {
            KeyShare share = NamedGroup.X25519.generate(RANDOM);
            assertIllegalParameter(() -> share.agree(littleEndian(u, 32)));
        }
        for (BigInteger u : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE}) {
            KeyShare share = NamedGroup.X448.generate(RANDOM);
            assertIllegalParameter(() -> share.agree(littleEndian(u, 56)));
        }
    }

    private static byte[] littleEndian(BigInteger u, int length) {
        byte[] out = new byte[length];
        byte[] be = u.toByteArray();
        for (int i = 0; i < be.length && i < length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    private static BigInteger fromLittleEndian(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    // ---- NIST curves ----

    private static String jcaCurveName(NamedGroup group) {
        return group.rfcName(); // "secp256r1" is also the JCA name
    }

    private static ECParameterSpec ecSpec(NamedGroup group) throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec(jcaCurveName(group)));
        return params.getParameterSpec(ECParameterSpec.class);
    }

    private static int fieldLength(NamedGroup group) {
        return (group.keyShareLength() - 1) / 2;
    }

    private static byte[] uncompressed(ECPoint w, int fieldLength) {
        byte[] out = new byte[1 + 2 * fieldLength];
        out[0] = 4;
        copyRight(w.getAffineX(), out, 1, fieldLength);
        copyRight(w.getAffineY(), out, 1 + fieldLength, fieldLength);
        return out;
    }

    private static void copyRight(BigInteger v, byte[] out, int off, int len) {
        byte[] b = v.toByteArray();
        int start = Math.max(0, b.length - len);
        int n = b.length - start;
        System.arraycopy(b, start, out, off + len - n, n);
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"SECP256R1", "SECP384R1", "SECP521R1"})
    void ecdhAgreesWithTheJdk(NamedGroup group) throws Exception {
        int n = fieldLength(group);
        ECParameterSpec spec = ecSpec(group);
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec(jcaCurveName(group)));
        for (int i = 0; i < 3; i++) {
            KeyPair jdk = kpg.generateKeyPair();
            KeyShare keel = group.generate(RANDOM);
            byte[] keelPublic = keel.publicValue();
            assertEquals(4, keelPublic[0]);

            ECPoint w = new ECPoint(new BigInteger(1, keelPublic, 1, n), new BigInteger(1, keelPublic, 1 + n, n));
            PublicKey keelAsJdk = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(jdk.getPrivate());
            ka.doPhase(keelAsJdk, true);
            byte[] expected = ka.generateSecret();

            byte[] actual = keel.agree(uncompressed(((ECPublicKey) jdk.getPublic()).getW(), n));
            assertEquals(n, actual.length);
            assertArrayEquals(expected, actual);
        }
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"SECP256R1", "SECP384R1", "SECP521R1"})
    void malformedEcPointsAreIllegalParameter(NamedGroup group) throws Exception {
        int n = fieldLength(group);
        byte[] valid = group.generate(RANDOM).publicValue();
        BigInteger p = ((java.security.spec.ECFieldFp) ecSpec(group).getCurve().getField()).getP();

        // Compressed forms: with their own length (33/49/67), and padded to the uncompressed length.
        byte[] compressed = Arrays.copyOf(valid, 1 + n);
        compressed[0] = 2;
        assertIllegalParameter(() -> group.generate(RANDOM).agree(compressed));
        for (byte prefix : new byte[] {2, 3, 6, 7, 0}) {
            byte[] wrongForm = valid.clone();
            wrongForm[0] = prefix;
            assertIllegalParameter(() -> group.generate(RANDOM).agree(wrongForm));
        }
        // The point at infinity: its one-byte encoding, and zeros in uncompressed form.
        assertIllegalParameter(() -> group.generate(RANDOM).agree(new byte[] {0}));
        byte[] zeros = new byte[valid.length];
        zeros[0] = 4;
        assertIllegalParameter(() -> group.generate(RANDOM).agree(zeros));
        // Not on the curve: change Y.
        byte[] offCurve = valid.clone();
        offCurve[offCurve.length - 1] ^= 1;
        assertIllegalParameter(() -> group.generate(RANDOM).agree(offCurve));
        // X not below p: X + p, where that still fits (for P-521 the field has spare bits).
        byte[] xTooBig = valid.clone();
        BigInteger x = new BigInteger(1, valid, 1, n).add(p);
        if (x.bitLength() <= 8 * n) {
            copyRight(x, xTooBig, 1, n);
        } else {
            Arrays.fill(xTooBig, 1, 1 + n, (byte) 0xFF);
        }
        assertIllegalParameter(() -> group.generate(RANDOM).agree(xTooBig));
    }

    // ---- ffdhe: RFC 7919 ----

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"FFDHE2048", "FFDHE3072", "FFDHE4096"})
    void ffdhePrimesAreTheRfc7919SafePrimes(NamedGroup group) {
        BigInteger p = FfdheGroups.prime(group);
        int bits = switch (group) {
            case FFDHE2048 -> 2048;
            case FFDHE3072 -> 3072;
            default -> 4096;
        };
        long addend = switch (group) {
            case FFDHE2048 -> 560316;
            case FFDHE3072 -> 2625351;
            default -> 5736041;
        };
        assertEquals(bits, p.bitLength());
        // RFC 7919 A: p = 2^b - 2^(b-64) + {[2^(b-130) * e] + X} * 2^64 - 1, computed here from e itself.
        BigInteger formula = BigInteger.TWO.pow(bits)
                .subtract(BigInteger.TWO.pow(bits - 64))
                .add(floorTwoPowTimesE(bits - 130).add(BigInteger.valueOf(addend)).shiftLeft(64))
                .subtract(BigInteger.ONE);
        assertEquals(formula, p);
        // A safe prime: p and q = (p-1)/2 both prime.
        assertTrue(p.isProbablePrime(40));
        assertTrue(p.shiftRight(1).isProbablePrime(40));
        assertEquals(bits / 8, FfdheGroups.primeLength(group));
    }

    /** floor(2^m * e) with e = sum 1/k!, exact up to a fractional part within 2^-60 of an integer. */
    private static BigInteger floorTwoPowTimesE(int m) {
        int guard = 64;
        BigInteger scaled = BigInteger.ONE.shiftLeft(m + guard);
        BigInteger sum = BigInteger.ZERO;
        BigInteger term = scaled;
        for (int k = 1; term.signum() > 0; k++) {
            sum = sum.add(term);
            term = term.divide(BigInteger.valueOf(k));
        }
        return sum.shiftRight(guard);
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"FFDHE2048", "FFDHE3072", "FFDHE4096"})
    void ffdheAgreesWithTheJdkAndPadsTheSecret(NamedGroup group) throws Exception {
        BigInteger p = FfdheGroups.prime(group);
        int length = group.keyShareLength();
        DHParameterSpec params = new DHParameterSpec(p, BigInteger.TWO);
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("DH");
        kpg.initialize(params, RANDOM);
        KeyPair jdk = kpg.generateKeyPair();
        byte[] jdkPublic = new byte[length];
        copyRight(((DHPublicKey) jdk.getPublic()).getY(), jdkPublic, 0, length);

        KeyShare keel = group.generate(RANDOM);
        PublicKey keelAsJdk = KeyFactory.getInstance("DH").generatePublic(
                new DHPublicKeySpec(new BigInteger(1, keel.publicValue()), p, BigInteger.TWO));
        KeyAgreement ka = KeyAgreement.getInstance("DH");
        ka.init(jdk.getPrivate());
        ka.doPhase(keelAsJdk, true);
        byte[] expected = ka.generateSecret();

        byte[] actual = keel.agree(jdkPublic);
        assertEquals(length, actual.length, "RFC 8446 7.4.1: Z is padded to the length of p");
        assertEquals(new BigInteger(1, expected), new BigInteger(1, actual));
    }

    @Test
    void ffdheSecretWithLeadingZeroKeepsItsLength() throws Exception {
        // About one agreement in 256 has a leading zero byte: make sure it is kept (RFC 8446 7.4.1).
        NamedGroup group = NamedGroup.FFDHE2048;
        byte[] peer = group.generate(RANDOM).publicValue();
        for (int i = 0; i < 4000; i++) {
            byte[] z = group.generate(RANDOM).agree(peer);
            assertEquals(256, z.length);
            if (z[0] == 0) {
                return;
            }
        }
        throw new AssertionError("no secret with a leading zero byte in 4000 tries");
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"FFDHE2048", "FFDHE3072", "FFDHE4096"})
    void ffdheOutOfRangeYIsIllegalParameter(NamedGroup group) {
        BigInteger p = FfdheGroups.prime(group);
        int length = group.keyShareLength();
        for (BigInteger y : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, p.subtract(BigInteger.ONE), p,
                p.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(8 * length).subtract(BigInteger.ONE)}) {
            byte[] encoded = new byte[length];
            copyRight(y, encoded, 0, length);
            assertIllegalParameter(() -> group.generate(RANDOM).agree(encoded));
        }
        // Y = 2 is the smallest value allowed.
        byte[] two = new byte[length];
        two[length - 1] = 2;
        assertDoesNotThrow(() -> group.generate(RANDOM).agree(two));
    }

    private static void assertDoesNotThrow(Executable e) {
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(e);
    }
}
