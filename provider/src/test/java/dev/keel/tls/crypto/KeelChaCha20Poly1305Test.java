package dev.keel.tls.crypto;

import static dev.keel.tls.crypto.ChaCha20Test.hex;
import static dev.keel.tls.crypto.ChaCha20Test.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Keel's AEAD_CHACHA20_POLY1305 (RFC 8439 2.8): the RFC's vectors (2.8.2, A.5), both directions against
 * the JDK's "ChaCha20-Poly1305" cipher for many lengths, heap and direct buffers, shared memory and the
 * TLS 1.3 trailer; tampering; and what is left behind when a record does not authenticate.
 */
class KeelChaCha20Poly1305Test {

    // RFC 8439 2.8.2.
    static final byte[] KEY_282 = hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    static final byte[] NONCE_282 = hex("070000004041424344454647");
    static final byte[] AAD_282 = hex("50515253c0c1c2c3c4c5c6c7");
    static final byte[] PLAINTEXT_282 = hex("4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
            + "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
            + "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
            + "637265656e20776f756c642062652069742e");
    static final byte[] SEALED_282 = hex("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
            + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
            + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
            + "3ff4def08e4b7a9de576d26586cec64b6116"
            + "1ae10b594f09e26a7e902ecbd0600691");

    // RFC 8439 A.5: ciphertext and received tag, to be opened.
    static final byte[] KEY_A5 = hex("1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0");
    static final byte[] NONCE_A5 = hex("000000000102030405060708");
    static final byte[] AAD_A5 = hex("f33388860000000000004e91");
    static final byte[] SEALED_A5 = hex("64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb2"
            + "4c6cfc18755d43eea09ee94e382d26b0bdb7b73c321b0100d4f03b7f355894cf"
            + "332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c855"
            + "9797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4"
            + "b9166c767b804d46a59b5216cde7a4e99040c5a40433225ee282a1b0a06c523e"
            + "af4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f548271a"
            + "0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a10"
            + "49e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d6c6f2c29"
            + "a6ad5cb4022b02709b"
            + "eead9d67890cbb22392336fea1851f38");
    static final byte[] PLAINTEXT_A5 = hex("496e7465726e65742d4472616674732061726520647261667420646f63756d65"
            + "6e74732076616c696420666f722061206d6178696d756d206f6620736978206d"
            + "6f6e74687320616e64206d617920626520757064617465642c207265706c6163"
            + "65642c206f72206f62736f6c65746564206279206f7468657220646f63756d65"
            + "6e747320617420616e792074696d652e20497420697320696e617070726f7072"
            + "6961746520746f2075736520496e7465726e65742d4472616674732061732072"
            + "65666572656e6365206d6174657269616c206f7220746f206369746520746865"
            + "6d206f74686572207468616e206173202fe2809c776f726b20696e2070726f67"
            + "726573732e2fe2809d");

    @Test
    void sealsSection282() throws Exception {
        for (boolean direct : new boolean[] {false, true}) {
            Aead sealer = new KeelChaCha20Poly1305(KEY_282, true);
            ByteBuffer src = buffer(PLAINTEXT_282, direct);
            ByteBuffer dst = allocate(SEALED_282.length + 9, direct).position(4);
            assertEquals(SEALED_282.length, sealer.seal(NONCE_282, AAD_282, AAD_282.length, src, dst));
            assertEquals(0, src.remaining());
            assertEquals(4 + SEALED_282.length, dst.position());
            assertArrayEquals(SEALED_282, bytes(dst, 4, SEALED_282.length), direct ? "direct" : "heap");
        }
    }

    @Test
    void opensAppendixA5AndSection282() throws Exception {
        for (boolean direct : new boolean[] {false, true}) {
            assertOpens(KEY_A5, NONCE_A5, AAD_A5, SEALED_A5, PLAINTEXT_A5, direct);
            assertOpens(KEY_282, NONCE_282, AAD_282, SEALED_282, PLAINTEXT_282, direct);
        }
    }

    /**
     * Random keys, nonces, additional data and every length from 0 to 3000 plus full TLS records, in both
     * directions against the JDK's cipher, varying heap/direct buffers, offsets, trailers and in-place use.
     */
    @Test
    void agreesWithTheJdkInBothDirections() throws Exception {
        Random rnd = new Random(2_8439);
        int[] extra = {4095, 4096, 4097, 16383, 16384, 16385, 16384 + 1, 16384 + 255, 16384 + 256, 20000};
        for (int i = 0; i <= 3000 + extra.length; i++) {
            int length = i <= 3000 ? i : extra[i - 3001];
            byte[] key = randomBytes(rnd, 32);
            byte[] nonce = randomBytes(rnd, 12);
            byte[] aad = randomBytes(rnd, rnd.nextInt(4) == 0 ? rnd.nextInt(40) : 5);
            byte[] plaintext = randomBytes(rnd, length);
            byte[] expected = jdkSeal(key, nonce, aad, plaintext);
            String what = "length " + length + " (iteration " + i + ")";

            // Keel seals, compared with the JDK's ciphertext; the split into src and trailer varies.
            int trailerLength = Math.min(length, i % 4 == 0 ? 1 : rnd.nextInt(3));
            byte[] trailer = Arrays.copyOfRange(plaintext, length - trailerLength, length + rnd.nextInt(3));
            boolean srcDirect = rnd.nextBoolean();
            boolean dstDirect = rnd.nextBoolean();
            ByteBuffer src = buffer(Arrays.copyOf(plaintext, length - trailerLength), srcDirect, rnd.nextInt(9));
            int dstOffset = rnd.nextInt(9);
            ByteBuffer dst = allocate(dstOffset + expected.length + rnd.nextInt(9), dstDirect).position(dstOffset);
            Aead sealer = new KeelChaCha20Poly1305(key, true);
            assertEquals(expected.length, sealer.seal(nonce, aad, aad.length, src, trailer, trailerLength, dst), what);
            assertEquals(0, src.remaining(), what);
            assertEquals(dstOffset + expected.length, dst.position(), what);
            assertArrayEquals(expected, bytes(dst, dstOffset, expected.length), what + " sealed by Keel");

            // Keel opens the JDK's record, which the JDK opened too.
            assertArrayEquals(plaintext, jdkOpen(key, nonce, aad, expected), what);
            ByteBuffer in = buffer(expected, rnd.nextBoolean(), rnd.nextInt(9));
            ByteBuffer out = allocate(length + 3, rnd.nextBoolean()).position(3);
            Aead opener = new KeelChaCha20Poly1305(key, false);
            assertEquals(length, opener.open(nonce, aad, aad.length, in, out), what);
            assertEquals(0, in.remaining(), what);
            assertEquals(3 + length, out.position(), what);
            assertArrayEquals(plaintext, bytes(out, 3, length), what + " opened by Keel");
        }
    }

    /** One instance, many records: the TLS pattern, each record checked by the JDK. */
    @Test
    void oneInstanceManyRecords() throws Exception {
        Random rnd = new Random(13);
        byte[] key = randomBytes(rnd, 32);
        Aead sealer = new KeelChaCha20Poly1305(key, true);
        Aead opener = new KeelChaCha20Poly1305(key, false);
        byte[] nonce = new byte[12];
        byte[] aad = new byte[5];
        for (int record = 0; record < 200; record++) {
            nonce[11] = (byte) record;
            nonce[10] = (byte) (record >>> 8);
            rnd.nextBytes(aad);
            byte[] plaintext = randomBytes(rnd, rnd.nextInt(3) == 0 ? 16384 : rnd.nextInt(700));
            ByteBuffer sealed = ByteBuffer.allocate(plaintext.length + 16);
            sealer.seal(nonce, aad, aad.length, ByteBuffer.wrap(plaintext), sealed);
            assertArrayEquals(jdkSeal(key, nonce, aad, plaintext), sealed.array(), "record " + record);
            ByteBuffer opened = ByteBuffer.allocate(plaintext.length);
            opener.open(nonce, aad, aad.length, sealed.flip(), opened);
            assertArrayEquals(plaintext, opened.array(), "record " + record);
        }
    }

    /**
     * src and dst in one array at every relative position near each other (the record layer decrypts and
     * encrypts in place; dst after src must not overwrite input before it is read).
     */
    @Test
    void sharedHeapArrayAtAnyShift() throws Exception {
        Random rnd = new Random(99);
        for (int length : new int[] {0, 1, 63, 64, 65, 200, 1000, 16384}) {
            for (int shift = -70; shift <= 70; shift += length < 1000 ? 1 : 7) {
                byte[] key = randomBytes(rnd, 32);
                byte[] nonce = randomBytes(rnd, 12);
                byte[] aad = randomBytes(rnd, 5);
                byte[] plaintext = randomBytes(rnd, length);
                byte[] sealed = jdkSeal(key, nonce, aad, plaintext);
                String what = "length " + length + ", dst " + shift + " from src";

                int srcAt = 80;
                byte[] memory = new byte[srcAt + sealed.length + 80];
                System.arraycopy(plaintext, 0, memory, srcAt, length);
                ByteBuffer src = ByteBuffer.wrap(memory, srcAt, length);
                ByteBuffer dst = ByteBuffer.wrap(memory).position(srcAt + shift);
                new KeelChaCha20Poly1305(key, true).seal(nonce, aad, aad.length, src, dst);
                assertArrayEquals(sealed, Arrays.copyOfRange(memory, srcAt + shift, srcAt + shift + sealed.length),
                        what + ", sealing");

                memory = new byte[srcAt + sealed.length + 80];
                System.arraycopy(sealed, 0, memory, srcAt, sealed.length);
                src = ByteBuffer.wrap(memory, srcAt, sealed.length);
                dst = ByteBuffer.wrap(memory).position(srcAt + shift);
                new KeelChaCha20Poly1305(key, false).open(nonce, aad, aad.length, src, dst);
                assertArrayEquals(plaintext, Arrays.copyOfRange(memory, srcAt + shift, srcAt + shift + length),
                        what + ", opening");
            }
        }
    }

    /** The same for two views of one direct buffer (no array to compare: Keel copies out first). */
    @Test
    void sharedDirectMemoryAtAnyShift() throws Exception {
        Random rnd = new Random(98);
        for (int length : new int[] {0, 100, 16384}) {
            for (int shift : new int[] {-70, -16, -5, -1, 0, 1, 5, 16, 70}) {
                byte[] key = randomBytes(rnd, 32);
                byte[] nonce = randomBytes(rnd, 12);
                byte[] aad = randomBytes(rnd, 5);
                byte[] plaintext = randomBytes(rnd, length);
                byte[] sealed = jdkSeal(key, nonce, aad, plaintext);
                String what = "length " + length + ", dst " + shift + " from src";
                int srcAt = 80;

                ByteBuffer memory = ByteBuffer.allocateDirect(srcAt + sealed.length + 80);
                memory.put(srcAt, plaintext);
                ByteBuffer src = memory.duplicate().position(srcAt).limit(srcAt + length);
                ByteBuffer dst = memory.duplicate().position(srcAt + shift);
                new KeelChaCha20Poly1305(key, true).seal(nonce, aad, aad.length, src, dst);
                assertArrayEquals(sealed, bytes(memory, srcAt + shift, sealed.length), what + ", sealing");

                memory.put(srcAt, sealed);
                src = memory.duplicate().position(srcAt).limit(srcAt + sealed.length);
                dst = memory.duplicate().position(srcAt + shift);
                new KeelChaCha20Poly1305(key, false).open(nonce, aad, aad.length, src, dst);
                assertArrayEquals(plaintext, bytes(memory, srcAt + shift, length), what + ", opening");
            }
        }
    }

    @Test
    void readOnlyAndSlicedSources() throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(SEALED_282.length);
        new KeelChaCha20Poly1305(KEY_282, true).seal(NONCE_282, AAD_282, AAD_282.length,
                ByteBuffer.wrap(PLAINTEXT_282).asReadOnlyBuffer(), dst);
        assertArrayEquals(SEALED_282, dst.array());

        byte[] record = new byte[5 + SEALED_282.length];
        System.arraycopy(SEALED_282, 0, record, 5, SEALED_282.length);
        ByteBuffer sliced = ByteBuffer.wrap(record).position(5).slice();
        ByteBuffer out = ByteBuffer.allocate(PLAINTEXT_282.length);
        new KeelChaCha20Poly1305(KEY_282, false).open(NONCE_282, AAD_282, AAD_282.length, sliced, out);
        assertArrayEquals(PLAINTEXT_282, out.array());
        out.clear();
        new KeelChaCha20Poly1305(KEY_282, false).open(NONCE_282, AAD_282, AAD_282.length,
                ByteBuffer.wrap(SEALED_282).asReadOnlyBuffer(), out);
        assertArrayEquals(PLAINTEXT_282, out.array());
    }

    /**
     * Any change to ciphertext, tag, additional data or nonce is bad_record_mac; the tag is checked
     * before anything is decrypted, so dst is left exactly as it was (not a byte written) and neither
     * buffer's position moves.
     */
    @Test
    void tamperingIsBadRecordMacAndLeavesDstUntouched() throws Exception {
        for (boolean direct : new boolean[] {false, true}) {
            Aead opener = new KeelChaCha20Poly1305(KEY_282, false);
            int n = SEALED_282.length;
            for (int bit : new int[] {0, 7, 8 * 50 + 3, 8 * (n - 17) + 7, 8 * (n - 16), 8 * (n - 8) + 1, 8 * n - 1}) {
                byte[] sealed = SEALED_282.clone();
                sealed[bit / 8] ^= (byte) (1 << (bit % 8));
                assertRejectedUntouched(opener, NONCE_282, AAD_282, sealed, direct, "bit " + bit);
            }
            byte[] aad = AAD_282.clone();
            aad[11] ^= 0x40;
            assertRejectedUntouched(opener, NONCE_282, aad, SEALED_282, direct, "additional data");
            assertRejectedUntouched(opener, NONCE_282, Arrays.copyOf(AAD_282, 13), SEALED_282, direct, "longer aad");
            byte[] nonce = NONCE_282.clone();
            nonce[0] ^= 1;
            assertRejectedUntouched(opener, nonce, AAD_282, SEALED_282, direct, "nonce");
            assertRejectedUntouched(opener, NONCE_282, AAD_282, Arrays.copyOf(SEALED_282, n - 1), direct, "truncated");
            assertRejectedUntouched(opener, NONCE_282, AAD_282, Arrays.copyOf(SEALED_282, n + 1), direct, "extended");
            for (int length = 0; length <= 16; length++) {
                // Shorter than the tag, and exactly a tag (of an empty plaintext) that is wrong.
                assertRejectedUntouched(opener, NONCE_282, AAD_282, Arrays.copyOf(SEALED_282, length), direct,
                        length + " bytes");
            }
            // The same instance still opens the genuine record, and opens it again (same nonce).
            assertOpensWith(opener, NONCE_282, AAD_282, SEALED_282, PLAINTEXT_282, direct);
            assertOpensWith(opener, NONCE_282, AAD_282, SEALED_282, PLAINTEXT_282, direct);
        }
    }

    @Test
    void refusesToSealTwiceUnderOneNonce() throws Exception {
        Aead sealer = new KeelChaCha20Poly1305(KEY_282, true);
        sealer.seal(NONCE_282, AAD_282, AAD_282.length, ByteBuffer.wrap(PLAINTEXT_282), ByteBuffer.allocate(200));
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> sealer.seal(NONCE_282, AAD_282,
                AAD_282.length, ByteBuffer.wrap(PLAINTEXT_282), ByteBuffer.allocate(200)));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
        byte[] next = NONCE_282.clone();
        next[11]++;
        sealer.seal(next, AAD_282, AAD_282.length, ByteBuffer.wrap(PLAINTEXT_282), ByteBuffer.allocate(200));
    }

    @Test
    void tooSmallOutputIsInternalErrorAndConsumesNothing() throws Exception {
        ByteBuffer src = ByteBuffer.wrap(PLAINTEXT_282);
        ByteBuffer dst = ByteBuffer.allocate(SEALED_282.length - 1);
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> new KeelChaCha20Poly1305(KEY_282, true)
                .seal(NONCE_282, AAD_282, AAD_282.length, src, dst));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
        assertEquals(0, src.position());
        assertEquals(0, dst.position());

        ByteBuffer in = ByteBuffer.wrap(SEALED_282);
        ByteBuffer out = ByteBuffer.allocate(PLAINTEXT_282.length - 1);
        e = assertThrows(TlsAlertException.class, () -> new KeelChaCha20Poly1305(KEY_282, false)
                .open(NONCE_282, AAD_282, AAD_282.length, in, out));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
        assertEquals(0, in.position());
    }

    @Test
    void directionIsFixedAndDestroyForgetsTheKey() throws Exception {
        Aead sealer = new KeelChaCha20Poly1305(KEY_282, true);
        Aead opener = new KeelChaCha20Poly1305(KEY_282, false);
        assertThrows(IllegalStateException.class, () -> sealer.open(NONCE_282, AAD_282, AAD_282.length,
                ByteBuffer.wrap(SEALED_282), ByteBuffer.allocate(200)));
        assertThrows(IllegalStateException.class, () -> opener.seal(NONCE_282, AAD_282, AAD_282.length,
                ByteBuffer.wrap(PLAINTEXT_282), ByteBuffer.allocate(200)));
        sealer.destroy();
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> sealer.seal(NONCE_282, AAD_282,
                AAD_282.length, ByteBuffer.wrap(PLAINTEXT_282), ByteBuffer.allocate(200)));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
        assertEquals(AeadAlgorithm.CHACHA20_POLY1305, sealer.algorithm());
        assertEquals(16, sealer.tagLength());
    }

    @Test
    void wrongNonceLengthIsInternalError() {
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> new KeelChaCha20Poly1305(KEY_282, true)
                .seal(new byte[8], AAD_282, AAD_282.length, ByteBuffer.wrap(PLAINTEXT_282), ByteBuffer.allocate(200)));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
    }

    /** {@code keel.chacha20.backend} forces the backend; without it, Keel's below JDK 20, the JDK's after. */
    @Test
    void backendChoice() {
        String saved = System.getProperty(KeelChaCha20Poly1305.BACKEND_PROPERTY);
        try {
            System.setProperty(KeelChaCha20Poly1305.BACKEND_PROPERTY, "keel");
            assertInstanceOf(KeelChaCha20Poly1305.class, Aead.create(AeadAlgorithm.CHACHA20_POLY1305, KEY_282, true));
            System.setProperty(KeelChaCha20Poly1305.BACKEND_PROPERTY, "jdk");
            assertInstanceOf(JdkChaCha20Poly1305.class, Aead.create(AeadAlgorithm.CHACHA20_POLY1305, KEY_282, true));
            System.clearProperty(KeelChaCha20Poly1305.BACKEND_PROPERTY);
            Class<?> expected = Runtime.version().feature() < 20 ? KeelChaCha20Poly1305.class : JdkChaCha20Poly1305.class;
            assertInstanceOf(expected, Aead.create(AeadAlgorithm.CHACHA20_POLY1305, KEY_282, false));
            assertInstanceOf(JdkAesGcm.class, Aead.create(AeadAlgorithm.AES_128_GCM, new byte[16], false));
        } finally {
            if (saved == null) {
                System.clearProperty(KeelChaCha20Poly1305.BACKEND_PROPERTY);
            } else {
                System.setProperty(KeelChaCha20Poly1305.BACKEND_PROPERTY, saved);
            }
        }
    }

    private static void assertOpens(byte[] key, byte[] nonce, byte[] aad, byte[] sealed, byte[] plaintext,
            boolean direct) throws Exception {
        assertOpensWith(new KeelChaCha20Poly1305(key, false), nonce, aad, sealed, plaintext, direct);
    }

    private static void assertOpensWith(Aead opener, byte[] nonce, byte[] aad, byte[] sealed, byte[] plaintext,
            boolean direct) throws Exception {
        ByteBuffer in = buffer(sealed, direct, 2);
        ByteBuffer out = allocate(plaintext.length + 5, direct).position(5);
        assertEquals(plaintext.length, opener.open(nonce, aad, aad.length, in, out));
        assertEquals(0, in.remaining());
        assertArrayEquals(plaintext, bytes(out, 5, plaintext.length));
    }

    private static void assertRejectedUntouched(Aead opener, byte[] nonce, byte[] aad, byte[] sealed,
            boolean direct, String what) {
        ByteBuffer in = buffer(sealed, direct, 3);
        int inPosition = in.position();
        ByteBuffer out = allocate(sealed.length + 8, direct);
        byte[] sentinel = new byte[out.capacity()];
        Arrays.fill(sentinel, (byte) 0x5a);
        out.put(0, sentinel).position(4);
        TlsAlertException e = assertThrows(TlsAlertException.class,
                () -> opener.open(nonce, aad, aad.length, in, out), what);
        assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert(), what);
        assertEquals(inPosition, in.position(), what + ": src position");
        assertEquals(4, out.position(), what + ": dst position");
        assertArrayEquals(sentinel, bytes(out, 0, out.capacity()), what + ": dst written");
    }

    static byte[] jdkSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) throws Exception {
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        c.updateAAD(aad);
        return c.doFinal(plaintext);
    }

    static byte[] jdkOpen(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) throws Exception {
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        c.updateAAD(aad);
        return c.doFinal(sealed);
    }

    static ByteBuffer allocate(int n, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
    }

    static ByteBuffer buffer(byte[] content, boolean direct) {
        return buffer(content, direct, 0);
    }

    /** A buffer holding {@code content} from position {@code offset}, with some slack after it. */
    static ByteBuffer buffer(byte[] content, boolean direct, int offset) {
        ByteBuffer b = allocate(offset + content.length + 4, direct);
        b.position(offset);
        b.put(content);
        return b.flip().position(offset);
    }

    static byte[] bytes(ByteBuffer b, int from, int n) {
        byte[] out = new byte[n];
        b.get(from, out, 0, n);
        return out;
    }
}
