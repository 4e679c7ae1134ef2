package dev.keel.tls.crypto;

import static dev.keel.tls.crypto.AeadTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keel.tls.handshake.Rfc8448Trace;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** HKDF against RFC 5869 Appendix A, HKDF-Expand-Label and Derive-Secret against RFC 8448. */
class HkdfTest {
    private static final Rfc8448Trace T = Rfc8448Trace.load("/rfc8448/section3-simple-1rtt.txt");

    @Test
    void rfc5869TestCase1() {
        byte[] prk = Hkdf.extract(HashAlgorithm.SHA256, hex("000102030405060708090a0b0c"),
                hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"));
        assertArrayEquals(hex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"), prk);
        assertArrayEquals(hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
                Hkdf.expand(HashAlgorithm.SHA256, prk, hex("f0f1f2f3f4f5f6f7f8f9"), 42));
    }

    @Test
    void rfc5869TestCase2() {
        byte[] ikm = range(0x00, 80);
        byte[] salt = range(0x60, 80);
        byte[] info = range(0xb0, 80);
        byte[] prk = Hkdf.extract(HashAlgorithm.SHA256, salt, ikm);
        assertArrayEquals(hex("06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244"), prk);
        assertArrayEquals(hex("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                        + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                        + "cc30c58179ec3e87c14c01d5c1f3434f1d87"),
                Hkdf.expand(HashAlgorithm.SHA256, prk, info, 82));
    }

    @Test
    void rfc5869TestCase3ZeroLengthSaltAndInfo() {
        byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] prk = Hkdf.extract(HashAlgorithm.SHA256, new byte[0], ikm);
        assertArrayEquals(hex("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04"), prk);
        assertArrayEquals(prk, Hkdf.extract(HashAlgorithm.SHA256, null, ikm), "null salt = not provided");
        assertArrayEquals(hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
                Hkdf.expand(HashAlgorithm.SHA256, prk, new byte[0], 42));
        assertArrayEquals(Hkdf.expand(HashAlgorithm.SHA256, prk, new byte[0], 42),
                Hkdf.expand(HashAlgorithm.SHA256, prk, null, 42));
    }

    @Test
    void expandLengthLimits() {
        byte[] prk = new byte[32];
        assertEquals(0, Hkdf.expand(HashAlgorithm.SHA256, prk, null, 0).length);
        assertEquals(255 * 32, Hkdf.expand(HashAlgorithm.SHA256, prk, null, 255 * 32).length);
        assertEquals(255 * 48, Hkdf.expand(HashAlgorithm.SHA384, new byte[48], null, 255 * 48).length);
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(HashAlgorithm.SHA256, prk, null, 255 * 32 + 1));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(HashAlgorithm.SHA256, prk, null, -1));
    }

    @Test
    void hkdfLabelEncodingMatchesRfc8448() {
        byte[] hash = T.get("{server} derive secret \"tls13 c hs traffic\"", "hash");
        assertArrayEquals(T.get("{server} derive secret \"tls13 c hs traffic\"", "info"),
                Hkdf.hkdfLabel(ascii("c hs traffic"), hash, 32));
        assertArrayEquals(T.get("{server} derive write traffic keys for handshake data", "key info"),
                Hkdf.hkdfLabel(ascii("key"), null, 16));
        assertArrayEquals(T.get("{server} derive write traffic keys for handshake data", "iv info"),
                Hkdf.hkdfLabel(ascii("iv"), new byte[0], 12));
        assertArrayEquals(T.get("{server} generate resumption secret \"tls13 resumption\"", "info"),
                Hkdf.hkdfLabel(ascii("resumption"), new byte[2], 32));
    }

    @Test
    void deriveSecretAndExpandLabelMatchRfc8448() {
        String step = "{server} derive secret \"tls13 s hs traffic\"";
        assertArrayEquals(T.get(step, "expanded"),
                Hkdf.deriveSecret(HashAlgorithm.SHA256, T.get(step, "PRK"), "s hs traffic", T.get(step, "hash")));
        String derived = "{server} derive secret for handshake \"tls13 derived\"";
        assertArrayEquals(T.get(derived, "expanded"),
                Hkdf.deriveSecret(HashAlgorithm.SHA256, T.get(derived, "PRK"), "derived", T.get(derived, "hash")));
        String fin = "{server} calculate finished \"tls13 finished\"";
        assertArrayEquals(T.get(fin, "expanded"),
                Hkdf.expandLabel(HashAlgorithm.SHA256, T.get(fin, "PRK"), "finished", null, 32));
    }

    @Test
    void labelAndContextBounds() {
        assertThrows(IllegalArgumentException.class, () -> Hkdf.hkdfLabel(new byte[250], null, 32));
        assertEquals(2 + 1 + 255 + 1, Hkdf.hkdfLabel(new byte[249], null, 32).length);
        assertThrows(IllegalArgumentException.class, () -> Hkdf.hkdfLabel(ascii("x"), new byte[256], 32));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] range(int first, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (first + i);
        }
        return out;
    }

    /**
     * Hmac reuses one instance per hash per thread, re-keyed for each use: interleaved hashes, keys of
     * different lengths (longer than the block too), a nested borrow, and a failed use must all give
     * what a fresh JDK Mac computes.
     */
    @Test
    void reusedMacsMatchFreshOnes() throws Exception {
        Random rnd = new Random(7);
        for (int i = 0; i < 40; i++) {
            HashAlgorithm hash = HashAlgorithm.values()[i % 2];
            byte[] key = new byte[1 + rnd.nextInt(200)];
            byte[] data = new byte[rnd.nextInt(300)];
            rnd.nextBytes(key);
            rnd.nextBytes(data);
            Mac fresh = Mac.getInstance(hash.hmacName());
            fresh.init(new SecretKeySpec(key, hash.hmacName()));
            byte[] expected = fresh.doFinal(data);
            if (i % 5 == 0) {
                Hmac outer = Hmac.borrow(hash, new byte[] {1, 2, 3});
                try {
                    assertArrayEquals(expected, Hmac.mac(hash, key, data), "nested use " + i);
                } finally {
                    Hmac.giveBack(outer);
                }
            } else if (i % 7 == 0) {
                assertThrows(NullPointerException.class, () -> Hmac.mac(hash, key, null)); // fails after borrowing
            }
            assertArrayEquals(expected, Hmac.mac(hash, key, data), hash + " use " + i);
        }
    }
}
