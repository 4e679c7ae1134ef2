package dev.keel.tls.crypto;

import static dev.keel.tls.crypto.ChaCha20Test.IETF_TEXT;
import static dev.keel.tls.crypto.ChaCha20Test.JABBERWOCKY;
import static dev.keel.tls.crypto.ChaCha20Test.hex;
import static dev.keel.tls.crypto.ChaCha20Test.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keel's Poly1305 (RFC 8439 2.5) against the RFC's vectors — 2.5.2 and Appendix A.3, whose #5-#11 probe
 * the carries and the final reduction modulo 2^130 - 5 — and against Bouncy Castle's Poly1305 for random
 * keys and messages fed in random pieces.
 */
class Poly1305Test {

    @Test
    void section252() {
        byte[] key = hex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] message = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(hex("a8061dc1305136c6c22b8baf0c0127a9"), mac(key, message));
    }

    @Test
    void appendixA3Vectors1To4() {
        // #1: all-zero key and 64 zero bytes.
        assertArrayEquals(new byte[16], mac(new byte[32], new byte[64]));
        // #2: r = 0, so the tag is s whatever the text.
        assertArrayEquals(hex("36e5f6b5c5e06070f0efca96227a863e"),
                mac(hex("0000000000000000000000000000000036e5f6b5c5e06070f0efca96227a863e"), IETF_TEXT));
        // #3: s = 0.
        assertArrayEquals(hex("f3477e7cd95417af89a6b8794c310cf0"),
                mac(hex("36e5f6b5c5e06070f0efca96227a863e00000000000000000000000000000000"), IETF_TEXT));
        // #4
        assertArrayEquals(hex("4541669a7eaaee61e708dc7cbcc5eb62"),
                mac(hex("1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0"), JABBERWOCKY));
    }

    @ParameterizedTest(name = "A.3 test vector #{0}")
    @CsvSource({
        // number, r, s, data, tag (RFC 8439 Appendix A.3 #5-#11)
        // #5: the partially reduced final result is not fully reduced.
        "5, 02000000000000000000000000000000, 00000000000000000000000000000000,"
                + "ffffffffffffffffffffffffffffffff, 03000000000000000000000000000000",
        // #6: adding s overflows 2^128.
        "6, 02000000000000000000000000000000, ffffffffffffffffffffffffffffffff,"
                + "02000000000000000000000000000000, 03000000000000000000000000000000",
        // #7: a data limb of all ones with a carry from the lower limb.
        "7, 01000000000000000000000000000000, 00000000000000000000000000000000,"
                + "fffffffffffffffffffffffffffffffff0ffffffffffffffffffffffffffffff"
                + "11000000000000000000000000000000, 05000000000000000000000000000000",
        // #8: the polynomial part is exactly 2^130 - 5.
        "8, 01000000000000000000000000000000, 00000000000000000000000000000000,"
                + "fffffffffffffffffffffffffffffffffbfefefefefefefefefefefefefefefe"
                + "01010101010101010101010101010101, 00000000000000000000000000000000",
        // #9: the polynomial part is exactly 2^130 - 6.
        "9, 02000000000000000000000000000000, 00000000000000000000000000000000,"
                + "fdffffffffffffffffffffffffffffff, faffffffffffffffffffffffffffffff",
        // #10: a 5*H+L-type reduction gives a 131-bit intermediate result.
        "10, 01000000000000000400000000000000, 00000000000000000000000000000000,"
                + "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000"
                + "0000000000000000000000000000000001000000000000000000000000000000,"
                + "14000000000000005500000000000000",
        // #11: a 5*H+L-type reduction gives a 131-bit final result.
        "11, 01000000000000000400000000000000, 00000000000000000000000000000000,"
                + "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000"
                + "00000000000000000000000000000000, 13000000000000000000000000000000",
    })
    void appendixA3EdgeCases(int number, String r, String s, String data, String tag) {
        assertArrayEquals(hex(tag), mac(hex(r + s), hex(data)));
    }

    /** Random keys and messages, fed in random pieces, against Bouncy Castle's Poly1305. */
    @Test
    void matchesBouncyCastle() {
        Random rnd = new Random(1305);
        Poly1305 poly = new Poly1305(); // one instance for every message, as the AEAD reuses it
        for (int trial = 0; trial < 400; trial++) {
            byte[] key = randomBytes(rnd, 32);
            if (trial % 50 == 0) {
                // Extreme keys: all-ones r (clamped) and s, exercising the largest limbs and the s carry.
                java.util.Arrays.fill(key, (byte) 0xff);
            }
            int length = trial < 100 ? trial : rnd.nextInt(3000);
            byte[] message = randomBytes(rnd, length);
            if (trial % 7 == 0) {
                java.util.Arrays.fill(message, (byte) 0xff); // all-ones blocks: the largest accumulator inputs
            }
            poly.init(key, 0);
            int done = 0;
            while (done < length) {
                int piece = Math.min(length - done, rnd.nextInt(40));
                poly.update(message, done, piece);
                done += piece;
            }
            byte[] tag = new byte[16];
            poly.finish(tag, 0);
            assertArrayEquals(bouncyCastle(key, message), tag, "trial " + trial + ", " + length + " bytes");
        }
    }

    @Test
    void updateBlockAndPaddingAreWholeZeroPaddedBlocks() {
        // padToBlock + updateBlock equal feeding the zero padding and the 16 bytes themselves.
        Random rnd = new Random(16);
        byte[] key = randomBytes(rnd, 32);
        byte[] data = randomBytes(rnd, 21);
        byte[] expectedInput = new byte[48];
        System.arraycopy(data, 0, expectedInput, 0, 21);
        expectedInput[32] = 0x15;
        expectedInput[40] = 0x07;
        Poly1305 poly = new Poly1305();
        poly.init(key, 0);
        poly.update(data, 0, 21);
        poly.padToBlock();
        poly.updateBlock(0x15, 0x07);
        byte[] tag = new byte[16];
        poly.finish(tag, 0);
        assertArrayEquals(bouncyCastle(key, expectedInput), tag);
    }

    private static byte[] mac(byte[] key, byte[] message) {
        Poly1305 poly = new Poly1305();
        poly.init(key, 0);
        poly.update(message, 0, message.length);
        byte[] tag = new byte[16];
        poly.finish(tag, 0);
        return tag;
    }

    private static byte[] bouncyCastle(byte[] key, byte[] message) {
        org.bouncycastle.crypto.macs.Poly1305 bc = new org.bouncycastle.crypto.macs.Poly1305();
        bc.init(new KeyParameter(key));
        bc.update(message, 0, message.length);
        byte[] tag = new byte[16];
        bc.doFinal(tag, 0);
        return tag;
    }
}
