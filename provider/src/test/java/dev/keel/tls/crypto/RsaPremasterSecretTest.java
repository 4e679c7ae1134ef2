package dev.keel.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 5246 7.4.7.1: every bad ClientKeyExchange yields 48 bytes, {@code client_version || R} with R
 * drawn before decryption, and never an exception. Malformed ciphertexts are built here by hand from
 * RFC 8017 7.2.1 (EM = 0x00 || 0x02 || PS || 0x00 || M) and encrypted with the JDK's raw RSA.
 */
class RsaPremasterSecretTest {
    private static final int TLS12 = 0x0303;
    private static KeyPair rsa;
    private static int k;

    /** A SecureRandom whose output is a known counter pattern, so the fallback R is predictable. */
    static final class CountingRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private int next = 0x40;

        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) next++;
            }
        }
    }

    @BeforeAll
    static void generateKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        rsa = g.generateKeyPair();
        k = (((RSAPublicKey) rsa.getPublic()).getModulus().bitLength() + 7) / 8;
    }

    private static byte[] premaster(int version) {
        byte[] m = new byte[48];
        for (int i = 0; i < 48; i++) {
            m[i] = (byte) (0xC0 + i);
        }
        m[0] = (byte) (version >>> 8);
        m[1] = (byte) version;
        return m;
    }

    /** A well-formed RFC 8017 7.2.1 encoding block of k bytes for message m. */
    private static byte[] encodingBlock(byte[] m) {
        byte[] em = new byte[k];
        em[1] = 0x02;
        for (int i = 2; i < k - m.length - 1; i++) {
            em[i] = (byte) (1 + (i % 254)); // non-zero padding
        }
        System.arraycopy(m, 0, em, k - m.length, m.length);
        return em;
    }

    /** Raw RSA encryption of an arbitrary block, so any padding can be sent. */
    private static byte[] rawEncrypt(byte[] em) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
        return c.doFinal(em);
    }

    private static byte[] fallbackFor(int version) {
        byte[] r = new byte[48];
        new CountingRandom().nextBytes(r);
        r[0] = (byte) (version >>> 8);
        r[1] = (byte) version;
        return r;
    }

    @Test
    void clientEncryptsVersionAnd46RandomBytesAndServerRecoversThem() throws Exception {
        RsaPremasterSecret.ClientSide client =
                RsaPremasterSecret.encrypt(rsa.getPublic(), TLS12, new SecureRandom());
        assertEquals(48, client.preMasterSecret().length);
        assertEquals(3, client.preMasterSecret()[0]);
        assertEquals(3, client.preMasterSecret()[1]);
        assertEquals(k, client.encryptedPreMasterSecret().length);

        // Independent check with the JDK's own PKCS#1 v1.5 decryption.
        Cipher jdk = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        jdk.init(Cipher.DECRYPT_MODE, rsa.getPrivate());
        assertArrayEquals(client.preMasterSecret(), jdk.doFinal(client.encryptedPreMasterSecret()));

        assertArrayEquals(client.preMasterSecret(), RsaPremasterSecret.decrypt(
                rsa.getPrivate(), client.encryptedPreMasterSecret(), TLS12, new CountingRandom()));
    }

    @Test
    void handBuiltCorrectBlockIsAccepted() throws Exception {
        byte[] m = premaster(TLS12);
        assertArrayEquals(m, RsaPremasterSecret.decrypt(
                rsa.getPrivate(), rawEncrypt(encodingBlock(m)), TLS12, new CountingRandom()));
    }

    /** Each case turns a correct encoding block into a malformed one. */
    static Stream<Arguments> malformedBlocks() {
        return Stream.of(
                Arguments.of("first byte not zero", (UnaryOperator<byte[]>) em -> set(em, 0, 0x01)),
                Arguments.of("block type 1 (signature padding)", (UnaryOperator<byte[]>) em -> set(em, 1, 0x01)),
                Arguments.of("block type 0", (UnaryOperator<byte[]>) em -> set(em, 1, 0x00)),
                Arguments.of("zero inside the first 8 padding bytes", (UnaryOperator<byte[]>) em -> set(em, 5, 0x00)),
                Arguments.of("zero late in the padding: message of 60 bytes",
                        (UnaryOperator<byte[]>) em -> set(em, k - 61, 0x00)),
                Arguments.of("no zero separator at all", (UnaryOperator<byte[]>) em -> set(em, k - 49, 0x17)),
                Arguments.of("separator one early: message of 49 bytes", (UnaryOperator<byte[]>) em -> {
                    set(em, k - 50, 0x00);
                    return set(em, k - 49, 0x03);
                }),
                Arguments.of("message of 47 bytes", (UnaryOperator<byte[]>) em -> {
                    set(em, k - 49, 0x03);
                    return set(em, k - 48, 0x00);
                }),
                Arguments.of("padding only 7 bytes: message of 2+k-11 bytes",
                        (UnaryOperator<byte[]>) em -> set(em, 9, 0x00)),
                Arguments.of("version 3.2 instead of 3.3", (UnaryOperator<byte[]>) em -> set(em, k - 47, 0x02)),
                Arguments.of("version 2.3", (UnaryOperator<byte[]>) em -> set(em, k - 48, 0x02)),
                Arguments.of("version 3.4 (TLS 1.3)", (UnaryOperator<byte[]>) em -> set(em, k - 47, 0x04)),
                Arguments.of("version bytes zero", (UnaryOperator<byte[]>) em -> {
                    set(em, k - 48, 0);
                    return set(em, k - 47, 0);
                }),
                Arguments.of("all zero block", (UnaryOperator<byte[]>) em -> new byte[k]),
                Arguments.of("value 1", (UnaryOperator<byte[]>) em -> {
                    byte[] one = new byte[k];
                    one[k - 1] = 1;
                    return one;
                }));
    }

    private static byte[] set(byte[] b, int i, int v) {
        b[i] = (byte) v;
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBlocks")
    void malformedPaddingLengthOrVersionYieldsVersionAndRandom(String name, UnaryOperator<byte[]> breakIt)
            throws Exception {
        byte[] m = premaster(TLS12);
        byte[] ciphertext = rawEncrypt(breakIt.apply(encodingBlock(m)));
        byte[] result = RsaPremasterSecret.decrypt(rsa.getPrivate(), ciphertext, TLS12, new CountingRandom());
        assertArrayEquals(fallbackFor(TLS12), result, name);

        // Real randomness: 48 bytes, the client version, and not the message nor a repeat.
        byte[] a = RsaPremasterSecret.decrypt(rsa.getPrivate(), ciphertext, TLS12, new SecureRandom());
        byte[] b = RsaPremasterSecret.decrypt(rsa.getPrivate(), ciphertext, TLS12, new SecureRandom());
        assertEquals(48, a.length);
        assertEquals(3, a[0]);
        assertEquals(3, a[1]);
        assertFalse(Arrays.equals(a, b));
        assertFalse(Arrays.equals(Arrays.copyOfRange(m, 2, 48), Arrays.copyOfRange(a, 2, 48)));
    }

    @Test
    void versionIsComparedWithTheClientHelloVersionNotTls12() throws Exception {
        // A client that offered 3.2 must put 3.2 in the premaster; 3.3 there is a rollback sign.
        byte[] m = premaster(0x0302);
        byte[] ciphertext = rawEncrypt(encodingBlock(m));
        assertArrayEquals(m, RsaPremasterSecret.decrypt(rsa.getPrivate(), ciphertext, 0x0302, new CountingRandom()));
        assertArrayEquals(fallbackFor(TLS12),
                RsaPremasterSecret.decrypt(rsa.getPrivate(), ciphertext, TLS12, new CountingRandom()));
    }

    static Stream<Arguments> garbageCiphertexts() {
        byte[] allOnes = new byte[256];
        Arrays.fill(allOnes, (byte) 0xFF);
        byte[] random = new byte[256];
        new SecureRandom().nextBytes(random);
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("one byte", new byte[] {1}),
                Arguments.of("k-1 bytes", new byte[255]),
                Arguments.of("k+1 bytes", new byte[257]),
                Arguments.of("2k bytes", new byte[512]),
                Arguments.of("all 0xFF: not below the modulus", allOnes),
                Arguments.of("k zero bytes", new byte[256]),
                Arguments.of("random k bytes", random));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbageCiphertexts")
    void garbageCiphertextNeverThrows(String name, byte[] ciphertext) {
        assertEquals(256, k, "the cases assume a 2048-bit key");
        assertArrayEquals(fallbackFor(TLS12),
                RsaPremasterSecret.decrypt(rsa.getPrivate(), ciphertext, TLS12, new CountingRandom()), name);
    }

    @Test
    void ciphertextEqualToTheModulusMinusOneOrAboveNeverThrows() {
        BigInteger n = ((RSAPublicKey) rsa.getPublic()).getModulus();
        for (BigInteger v : new BigInteger[] {n.subtract(BigInteger.ONE), n, n.add(BigInteger.ONE)}) {
            byte[] raw = v.toByteArray();
            byte[] c = Arrays.copyOfRange(raw, raw.length - k, raw.length);
            byte[] result = RsaPremasterSecret.decrypt(rsa.getPrivate(), c, TLS12, new CountingRandom());
            assertEquals(48, result.length);
        }
    }

    @Test
    void theProviderPaddingPathAlsoSelectsWithoutThrowing() throws Exception {
        byte[] m = premaster(TLS12);
        byte[] good = rawEncrypt(encodingBlock(m));
        assertArrayEquals(m, RsaPremasterSecret.decryptWithPadding(rsa.getPrivate(), good, TLS12, fallbackFor(TLS12)));
        byte[] wrongVersion = rawEncrypt(set(encodingBlock(m), k - 47, 0x01));
        assertArrayEquals(fallbackFor(TLS12),
                RsaPremasterSecret.decryptWithPadding(rsa.getPrivate(), wrongVersion, TLS12, fallbackFor(TLS12)));
        byte[] badPadding = rawEncrypt(set(encodingBlock(m), 1, 0x01));
        assertArrayEquals(fallbackFor(TLS12),
                RsaPremasterSecret.decryptWithPadding(rsa.getPrivate(), badPadding, TLS12, fallbackFor(TLS12)));
        byte[] shortMessage = rawEncrypt(set(set(encodingBlock(m), k - 49, 0x03), k - 48, 0x00));
        assertArrayEquals(fallbackFor(TLS12),
                RsaPremasterSecret.decryptWithPadding(rsa.getPrivate(), shortMessage, TLS12, fallbackFor(TLS12)));
        assertArrayEquals(fallbackFor(TLS12),
                RsaPremasterSecret.decryptWithPadding(rsa.getPrivate(), new byte[3], TLS12, fallbackFor(TLS12)));
    }

    @Test
    void aJdkRsaKeyTakesTheRawPath() {
        assertNotNull(RsaPremasterSecret.rawRsa(rsa.getPrivate()));
    }

    @Test
    void aNonRsaKeyOnTheServerYieldsTheFallbackAndOnTheClientHandshakeFailure() throws Exception {
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        assertArrayEquals(fallbackFor(TLS12),
                RsaPremasterSecret.decrypt(ec.getPrivate(), new byte[256], TLS12, new CountingRandom()));
        TlsAlertException e = assertThrows(TlsAlertException.class,
                () -> RsaPremasterSecret.encrypt(ec.getPublic(), TLS12, new SecureRandom()));
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, e.alert());
    }

    @Test
    void blocksTooSmallToHoldAPremasterWithEightPaddingBytesAreRejected() {
        // k = 58: 0x00 0x02, 7 padding bytes, 0x00, 48-byte message: well-formed except the padding length.
        byte[] em = new byte[58];
        em[1] = 2;
        Arrays.fill(em, 2, 9, (byte) 0x11);
        byte[] m = premaster(TLS12);
        System.arraycopy(m, 0, em, 10, 48);
        assertArrayEquals(fallbackFor(TLS12), RsaPremasterSecret.selectPreMaster(em, true, TLS12, fallbackFor(TLS12)));
        byte[] em59 = new byte[59];
        em59[1] = 2;
        Arrays.fill(em59, 2, 10, (byte) 0x11);
        System.arraycopy(m, 0, em59, 11, 48);
        assertArrayEquals(m, RsaPremasterSecret.selectPreMaster(em59, true, TLS12, fallbackFor(TLS12)));
        assertArrayEquals(fallbackFor(TLS12), RsaPremasterSecret.selectPreMaster(em59, false, TLS12, fallbackFor(TLS12)));
    }
}
