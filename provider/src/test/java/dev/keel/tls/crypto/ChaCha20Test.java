package dev.keel.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keel's ChaCha20 (RFC 8439 2.3, 2.4) against the RFC's test vectors — the block function (2.3.2, A.1),
 * encryption (2.4.2, A.2), Poly1305 key generation (2.6.2, A.4) — and against the JDK's "ChaCha20"
 * cipher for random data cut into arbitrary pieces.
 */
class ChaCha20Test {

    static final byte[] KEY_00_TO_1F = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void blockFunctionSection232() {
        // RFC 8439 2.3.2: key 00..1f, nonce 00:00:00:09:00:00:00:4a:00:00:00:00, block count 1.
        byte[] expected = hex("10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
                + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
        assertArrayEquals(expected, block(KEY_00_TO_1F, hex("000000090000004a00000000"), 1));
    }

    @ParameterizedTest(name = "A.1 test vector #{index}")
    @CsvSource({
        // key, nonce, block counter, keystream (RFC 8439 Appendix A.1, test vectors #1-#5)
        "0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000, 0,"
                + "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
                + "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586",
        "0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000, 1,"
                + "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
                + "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f",
        "0000000000000000000000000000000000000000000000000000000000000001, 000000000000000000000000, 1,"
                + "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
                + "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0",
        "00ff000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000, 2,"
                + "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca"
                + "13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096",
        "0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000002, 0,"
                + "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c7"
                + "8a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d",
    })
    void blockFunctionAppendixA1(String key, String nonce, int counter, String keystream) {
        assertArrayEquals(hex(keystream), block(hex(key), hex(nonce), counter));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // RFC 8439 2.6.2 and Appendix A.4 #1-#3: the one-time Poly1305 key is block 0's first 32 bytes.
        "2.6.2, 808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f, 000000000001020304050607,"
                + "8ad5a08b905f81cc815040274ab29471a833b637e3fd0da508dbb8e2fdd1a646",
        "A.4 #1, 0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000,"
                + "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7",
        "A.4 #2, 0000000000000000000000000000000000000000000000000000000000000001, 000000000000000000000002,"
                + "ecfa254f845f647473d3cb140da9e87606cb33066c447b87bc2666dde3fbb739",
        "A.4 #3, 1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0, 000000000000000000000002,"
                + "965e3bc6f9ec7ed9560808f4d229f94b137ff275ca9b3fcbdd59deaad23310ae",
    })
    void poly1305KeyGeneration(String name, String key, String nonce, String oneTimeKey) {
        ChaCha20 chacha = new ChaCha20(hex(key));
        chacha.start(hex(nonce), 0);
        byte[] out = new byte[32];
        chacha.keystream(out, 0, 32);
        assertArrayEquals(hex(oneTimeKey), out);
    }

    @Test
    void encryptionSection242() {
        byte[] plaintext = hex("4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
                + "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
                + "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
                + "637265656e20776f756c642062652069742e");
        byte[] ciphertext = hex("6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
                + "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
                + "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
                + "5af90bbf74a35be6b40b8eedf2785e42874d");
        assertEncrypts(KEY_00_TO_1F, hex("000000000000004a00000000"), 1, plaintext, ciphertext);
    }

    @Test
    void encryptionAppendixA2() {
        // Test vector #1: 64 zero bytes under the zero key and nonce, counter 0.
        assertEncrypts(new byte[32], new byte[12], 0, new byte[64],
                hex("76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
                        + "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"));
        // Test vector #2: 375 bytes, counter 1.
        assertEncrypts(hex("0000000000000000000000000000000000000000000000000000000000000001"),
                hex("000000000000000000000002"), 1, IETF_TEXT,
                hex("a3fbf07df3fa2fde4f376ca23e82737041605d9f4f4f57bd8cff2c1d4b7955ec"
                        + "2a97948bd3722915c8f3d337f7d370050e9e96d647b7c39f56e031ca5eb6250d"
                        + "4042e02785ececfa4b4bb5e8ead0440e20b6e8db09d881a7c6132f420e527950"
                        + "42bdfa7773d8a9051447b3291ce1411c680465552aa6c405b7764d5e87bea85a"
                        + "d00f8449ed8f72d0d662ab052691ca66424bc86d2df80ea41f43abf937d3259d"
                        + "c4b2d0dfb48a6c9139ddd7f76966e928e635553ba76c5c879d7b35d49eb2e62b"
                        + "0871cdac638939e25e8a1e0ef9d5280fa8ca328b351c3c765989cbcf3daa8b6c"
                        + "cc3aaf9f3979c92b3720fc88dc95ed84a1be059c6499b9fda236e7e818b04b0b"
                        + "c39c1e876b193bfe5569753f88128cc08aaa9b63d1a16f80ef2554d7189c411f"
                        + "5869ca52c5b83fa36ff216b9c1d30062bebcfd2dc5bce0911934fda79a86f6e6"
                        + "98ced759c3ff9b6477338f3da4f9cd8514ea9982ccafb341b2384dd902f3d1ab"
                        + "7ac61dd29c6f21ba5b862f3730e37cfdc4fd806c22f221"));
        // Test vector #3: 127 bytes, counter 42.
        assertEncrypts(hex("1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0"),
                hex("000000000000000000000002"), 42, JABBERWOCKY,
                hex("62e6347f95ed87a45ffae7426f27a1df5fb69110044c0d73118effa95b01e5cf"
                        + "166d3df2d721caf9b21e5fb14c616871fd84c54f9d65b283196c7fe4f60553eb"
                        + "f39c6402c42234e32a356b3e764312a61a5532055716ead6962568f87d3f3f77"
                        + "04c6a8d1bcd1bf4d50d6154b6da731b187b58dfd728afa36757a797ac188d1"));
    }

    /** Random keys, nonces, counters and lengths, fed in random pieces, against the JDK's ChaCha20. */
    @Test
    void matchesTheJdkCipherWhateverThePieces() throws Exception {
        Random rnd = new Random(8439);
        for (int trial = 0; trial < 200; trial++) {
            byte[] key = randomBytes(rnd, 32);
            byte[] nonce = randomBytes(rnd, 12);
            int counter = rnd.nextInt(1000);
            byte[] plaintext = randomBytes(rnd, trial < 130 ? trial : rnd.nextInt(5000));
            byte[] expected = jdkChaCha20(key, nonce, counter, plaintext);

            ChaCha20 chacha = new ChaCha20(key);
            chacha.start(nonce, counter);
            byte[] out = new byte[plaintext.length];
            int done = 0;
            while (done < plaintext.length) {
                int piece = Math.min(plaintext.length - done, rnd.nextInt(3) == 0 ? rnd.nextInt(200) : rnd.nextInt(17));
                chacha.xor(plaintext, done, out, done, piece);
                done += piece;
            }
            assertArrayEquals(expected, out, "trial " + trial + ", " + plaintext.length + " bytes");

            // In place, and with the output before the input in the same array.
            byte[] shared = new byte[plaintext.length + 7];
            System.arraycopy(plaintext, 0, shared, 7, plaintext.length);
            chacha.start(nonce, counter);
            chacha.xor(shared, 7, shared, 7, plaintext.length);
            assertArrayEquals(expected, Arrays.copyOfRange(shared, 7, shared.length), "in place");
            System.arraycopy(plaintext, 0, shared, 7, plaintext.length);
            int outOff = rnd.nextInt(8);
            chacha.start(nonce, counter);
            chacha.xor(shared, 7, shared, outOff, plaintext.length);
            assertArrayEquals(expected, Arrays.copyOfRange(shared, outOff, outOff + plaintext.length),
                    "output at " + outOff + ", input at 7");
        }
    }

    @Test
    void outputBeforeInputInOneArray() throws Exception {
        Random rnd = new Random(7);
        for (int shift : new int[] {1, 3, 4, 5, 8, 13, 64, 100}) {
            byte[] key = randomBytes(rnd, 32);
            byte[] nonce = randomBytes(rnd, 12);
            byte[] plaintext = randomBytes(rnd, 1000);
            byte[] shared = new byte[shift + plaintext.length];
            System.arraycopy(plaintext, 0, shared, shift, plaintext.length);
            ChaCha20 chacha = new ChaCha20(key);
            chacha.start(nonce, 1);
            chacha.xor(shared, shift, shared, 0, 333);
            chacha.xor(shared, shift + 333, shared, 333, plaintext.length - 333);
            assertArrayEquals(jdkChaCha20(key, nonce, 1, plaintext), Arrays.copyOf(shared, plaintext.length),
                    "output " + shift + " bytes before the input");
        }
    }

    @Test
    void theCounterDoesNotWrap() {
        // RFC 8439 2.4: one nonce covers 2^32 blocks. Block 2^32 - 1 is the last.
        ChaCha20 chacha = new ChaCha20(new byte[32]);
        chacha.start(new byte[12], -1);
        byte[] out = new byte[64];
        chacha.keystream(out, 0, 64);
        assertThrows(IllegalStateException.class, () -> chacha.keystream(out, 0, 1));
        chacha.start(new byte[12], -2);
        assertThrows(IllegalStateException.class, () -> chacha.xor(new byte[192], 0, new byte[192], 0, 192));
    }

    @Test
    void rejectsWrongKeyAndNonceLengths() {
        assertThrows(IllegalArgumentException.class, () -> new ChaCha20(new byte[16]));
        ChaCha20 chacha = new ChaCha20(new byte[32]);
        assertThrows(IllegalArgumentException.class, () -> chacha.start(new byte[8], 0));
    }

    /** RFC 8439 A.2 #2 and A.3 #2/#3: the IETF contribution text, 375 bytes. */
    static final byte[] IETF_TEXT = hex("416e79207375626d697373696f6e20746f20746865204945544620696e74656e"
            + "6465642062792074686520436f6e7472696275746f7220666f72207075626c69"
            + "636174696f6e20617320616c6c206f722070617274206f6620616e2049455446"
            + "20496e7465726e65742d4472616674206f722052464320616e6420616e792073"
            + "746174656d656e74206d6164652077697468696e2074686520636f6e74657874"
            + "206f6620616e204945544620616374697669747920697320636f6e7369646572"
            + "656420616e20224945544620436f6e747269627574696f6e222e205375636820"
            + "73746174656d656e747320696e636c756465206f72616c2073746174656d656e"
            + "747320696e20494554462073657373696f6e732c2061732077656c6c20617320"
            + "7772697474656e20616e6420656c656374726f6e696320636f6d6d756e696361"
            + "74696f6e73206d61646520617420616e792074696d65206f7220706c6163652c"
            + "207768696368206172652061646472657373656420746f");

    /** RFC 8439 A.2 #3 and A.3 #4: "'Twas brillig...", 127 bytes. */
    static final byte[] JABBERWOCKY = hex("2754776173206272696c6c69672c20616e642074686520736c6974687920746f"
            + "7665730a446964206779726520616e642067696d626c6520696e207468652077"
            + "6162653a0a416c6c206d696d737920776572652074686520626f726f676f7665"
            + "732c0a416e6420746865206d6f6d65207261746873206f757467726162652e");

    private static void assertEncrypts(byte[] key, byte[] nonce, int counter, byte[] plaintext, byte[] ciphertext) {
        ChaCha20 chacha = new ChaCha20(key);
        chacha.start(nonce, counter);
        byte[] out = new byte[plaintext.length];
        chacha.xor(plaintext, 0, out, 0, plaintext.length);
        assertArrayEquals(ciphertext, out);
        chacha.start(nonce, counter);
        chacha.xor(out, 0, out, 0, out.length); // decryption is the same operation
        assertArrayEquals(plaintext, out);
    }

    private static byte[] block(byte[] key, byte[] nonce, int counter) {
        ChaCha20 chacha = new ChaCha20(key);
        chacha.start(nonce, counter);
        byte[] out = new byte[64];
        chacha.keystream(out, 0, 64);
        return out;
    }

    static byte[] jdkChaCha20(byte[] key, byte[] nonce, int counter, byte[] input) throws Exception {
        Cipher c = Cipher.getInstance("ChaCha20");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, counter));
        return c.doFinal(input);
    }

    static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
