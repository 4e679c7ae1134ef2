package dev.keel.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Published AEAD vectors, tampering, heap and direct buffers, and a cross-check with Bouncy Castle. */
class AeadTest {

    /** A published vector: ciphertext and tag are the expected output of sealing the plaintext. */
    record Vector(AeadAlgorithm alg, byte[] key, byte[] nonce, byte[] aad, byte[] plaintext, byte[] sealed) {
    }

    // RFC 8439 section 2.8.2: the AEAD_CHACHA20_POLY1305 test vector ("Ladies and Gentlemen of the class
    // of '99..."); nonce = 32-bit constant 07 00 00 00 || IV 40..47.
    static final Vector CHACHA_RFC8439 = new Vector(AeadAlgorithm.CHACHA20_POLY1305,
            hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"),
            hex("070000004041424344454647"),
            hex("50515253c0c1c2c3c4c5c6c7"),
            hex("4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
                    + "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
                    + "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
                    + "637265656e20776f756c642062652069742e"),
            hex("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
                    + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
                    + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
                    + "3ff4def08e4b7a9de576d26586cec64b6116"
                    + "1ae10b594f09e26a7e902ecbd0600691"));

    // McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B, Test Case 4
    // (AES-128, 60-byte plaintext, 20-byte AAD).
    static final Vector GCM_128_CASE_4 = new Vector(AeadAlgorithm.AES_128_GCM,
            hex("feffe9928665731c6d6a8f9467308308"),
            hex("cafebabefacedbaddecaf888"),
            hex("feedfacedeadbeeffeedfacedeadbeefabaddad2"),
            hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                    + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"),
            hex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                    + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
                    + "5bc94fbc3221a5db94fae95ae7121a47"));

    // Same document, Test Case 16 (AES-256, 60-byte plaintext, 20-byte AAD).
    static final Vector GCM_256_CASE_16 = new Vector(AeadAlgorithm.AES_256_GCM,
            hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"),
            hex("cafebabefacedbaddecaf888"),
            hex("feedfacedeadbeeffeedfacedeadbeefabaddad2"),
            GCM_128_CASE_4.plaintext(),
            hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                    + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                    + "76fc6ece0f4e1768cddf8853bb2d551b"));

    static Vector[] vectors() {
        return new Vector[] {CHACHA_RFC8439, GCM_128_CASE_4, GCM_256_CASE_16};
    }

    @Test
    void publishedVectorsSealAndOpenWithHeapAndDirectBuffers() throws Exception {
        for (Vector v : vectors()) {
            for (boolean direct : new boolean[] {false, true}) {
                Aead sealer = Aead.create(v.alg(), v.key(), true);
                ByteBuffer src = buffer(v.plaintext(), direct);
                ByteBuffer dst = allocate(v.sealed().length + 7, direct);
                dst.position(3); // not at 0, to catch offset mistakes
                int n = sealer.seal(v.nonce(), v.aad(), v.aad().length, src, dst);
                assertEquals(v.sealed().length, n, v.alg() + " sealed length");
                assertEquals(0, src.remaining(), "src consumed");
                assertArrayEquals(v.sealed(), bytes(dst, 3, n), v.alg() + (direct ? " direct" : " heap"));

                Aead opener = Aead.create(v.alg(), v.key(), false);
                ByteBuffer in = buffer(v.sealed(), direct);
                ByteBuffer out = allocate(v.plaintext().length, direct);
                int m = opener.open(v.nonce(), v.aad(), v.aad().length, in, out);
                assertEquals(v.plaintext().length, m);
                assertArrayEquals(v.plaintext(), bytes(out, 0, m));
            }
        }
    }

    @Test
    void aadLengthIsHonoured() throws Exception {
        Vector v = GCM_128_CASE_4;
        byte[] paddedAad = Arrays.copyOf(v.aad(), 40); // longer array, only aadLen bytes count
        ByteBuffer dst = ByteBuffer.allocate(v.sealed().length);
        Aead.create(v.alg(), v.key(), true).seal(v.nonce(), paddedAad, v.aad().length,
                ByteBuffer.wrap(v.plaintext()), dst);
        assertArrayEquals(v.sealed(), dst.array());
    }

    @Test
    void trailerIsSealedAsIfAppendedToTheSource() throws Exception {
        for (Vector v : vectors()) {
            byte[] pt = v.plaintext();
            int split = pt.length - 5;
            byte[] trailer = Arrays.copyOfRange(pt, split, pt.length + 3); // 5 used, 3 extra ignored
            for (boolean direct : new boolean[] {false, true}) {
                ByteBuffer dst = allocate(v.sealed().length, direct);
                Aead.create(v.alg(), v.key(), true).seal(v.nonce(), v.aad(), v.aad().length,
                        buffer(Arrays.copyOf(pt, split), direct), trailer, 5, dst);
                assertArrayEquals(v.sealed(), bytes(dst, 0, v.sealed().length), v.alg() + " with trailer");
            }
        }
    }

    /**
     * The record layer keeps nonce, additional data and trailer at offsets of one array, and seals into
     * buffers that may be slices of a larger array (array offset not 0) or direct.
     */
    @Test
    void nonceAadAndTrailerAtOffsetsOfOneArray() throws Exception {
        for (Vector v : vectors()) {
            byte[] pt = v.plaintext();
            int split = pt.length - 1;
            int nonceAt = 3;
            int aadAt = nonceAt + v.nonce().length + 2;
            int trailerAt = aadAt + v.aad().length + 1;
            byte[] scratch = new byte[trailerAt + 4];
            System.arraycopy(v.nonce(), 0, scratch, nonceAt, v.nonce().length);
            System.arraycopy(v.aad(), 0, scratch, aadAt, v.aad().length);
            scratch[trailerAt] = pt[split];
            for (String kind : new String[] {"heap", "slice", "direct"}) {
                ByteBuffer dst = switch (kind) {
                    case "heap" -> ByteBuffer.allocate(v.sealed().length + 9);
                    case "slice" -> ByteBuffer.allocate(v.sealed().length + 20).position(11).slice();
                    default -> ByteBuffer.allocateDirect(v.sealed().length + 9);
                };
                dst.position(4);
                Aead sealer = Aead.create(v.alg(), v.key(), true);
                int n = sealer.seal(scratch, nonceAt, scratch, aadAt, v.aad().length,
                        ByteBuffer.wrap(Arrays.copyOf(pt, split)), scratch, trailerAt, 1, dst);
                assertEquals(v.sealed().length, n, v.alg() + " " + kind);
                assertEquals(4 + n, dst.position(), v.alg() + " " + kind + " position");
                assertArrayEquals(v.sealed(), bytes(dst, 4, n), v.alg() + " " + kind);

                Aead opener = Aead.create(v.alg(), v.key(), false);
                ByteBuffer out = ByteBuffer.allocate(pt.length);
                assertEquals(pt.length, opener.open(scratch, nonceAt, scratch, aadAt, v.aad().length,
                        ByteBuffer.wrap(v.sealed()), out));
                assertArrayEquals(pt, out.array(), v.alg() + " " + kind + " open");
            }
        }
    }

    @Test
    void anyTamperingIsBadRecordMac() throws Exception {
        for (Vector v : vectors()) {
            Aead opener = Aead.create(v.alg(), v.key(), false);
            for (int bit : new int[] {0, 8 * v.sealed().length / 2 + 3, 8 * v.sealed().length - 1}) {
                byte[] sealed = v.sealed().clone();
                sealed[bit / 8] ^= (byte) (1 << (bit % 8));
                assertBadRecordMac(() -> opener.open(v.nonce(), v.aad(), v.aad().length, ByteBuffer.wrap(sealed),
                        ByteBuffer.allocate(sealed.length)));
            }
            byte[] aad = v.aad().clone();
            aad[0] ^= 1;
            assertBadRecordMac(() -> opener.open(v.nonce(), aad, aad.length, ByteBuffer.wrap(v.sealed()),
                    ByteBuffer.allocate(v.sealed().length)));
            byte[] nonce = v.nonce().clone();
            nonce[11] ^= 1;
            assertBadRecordMac(() -> opener.open(nonce, v.aad(), v.aad().length, ByteBuffer.wrap(v.sealed()),
                    ByteBuffer.allocate(v.sealed().length)));
            // Truncated: shorter than the tag, and exactly the tag.
            assertBadRecordMac(() -> opener.open(v.nonce(), v.aad(), v.aad().length,
                    ByteBuffer.wrap(v.sealed(), 0, 15), ByteBuffer.allocate(64)));
            assertBadRecordMac(() -> opener.open(v.nonce(), v.aad(), v.aad().length,
                    ByteBuffer.wrap(v.sealed(), 0, 16), ByteBuffer.allocate(64)));
            // The same instance still opens the genuine record afterwards.
            ByteBuffer out = ByteBuffer.allocate(v.plaintext().length);
            opener.open(v.nonce(), v.aad(), v.aad().length, ByteBuffer.wrap(v.sealed()), out);
            assertArrayEquals(v.plaintext(), out.array());
        }
    }

    @Test
    void openingTheSameNonceTwiceWorks() throws Exception {
        // Needed when a server skips rejected 0-RTT records (RFC 8446 4.2.10): the JDK's ChaCha20-Poly1305
        // refuses a repeated key+nonce even when decrypting unless worked around.
        for (Vector v : vectors()) {
            Aead opener = Aead.create(v.alg(), v.key(), false);
            for (int i = 0; i < 3; i++) {
                ByteBuffer out = ByteBuffer.allocate(v.plaintext().length);
                opener.open(v.nonce(), v.aad(), v.aad().length, ByteBuffer.wrap(v.sealed()), out);
                assertArrayEquals(v.plaintext(), out.array(), v.alg() + " open #" + i);
            }
        }
    }

    /** Many records through one instance (the TLS pattern), checked against Bouncy Castle. */
    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void matchesBouncyCastleAcrossSizesAndReuse(AeadAlgorithm alg) throws Exception {
        Random rnd = new Random(alg.ordinal());
        byte[] key = new byte[alg.keyLength()];
        rnd.nextBytes(key);
        Aead sealer = Aead.create(alg, key, true);
        Aead opener = Aead.create(alg, key, false);
        byte[] aad = new byte[5];
        byte[] nonce = new byte[12];
        int[] sizes = {0, 1, 15, 16, 17, 255, 4096, 16385, 16384 + 256 - 16};
        for (int i = 0; i < sizes.length; i++) {
            byte[] pt = new byte[sizes[i]];
            rnd.nextBytes(pt);
            rnd.nextBytes(aad);
            rnd.nextBytes(nonce);
            boolean direct = i % 2 == 1;
            ByteBuffer dst = allocate(pt.length + 16, direct);
            sealer.seal(nonce, aad, aad.length, buffer(pt, direct), dst);
            byte[] sealed = bytes(dst, 0, pt.length + 16);
            assertArrayEquals(bcSeal(alg, key, nonce, aad, pt), sealed, alg + " size " + pt.length);
            ByteBuffer out = allocate(pt.length, !direct);
            assertEquals(pt.length, opener.open(nonce, aad, aad.length, buffer(sealed, !direct), out));
            assertArrayEquals(pt, bytes(out, 0, pt.length));
        }
    }

    /**
     * A record's ciphertext follows its 5-byte header in the network buffer (and may be a slice): opening
     * must not depend on where it starts (JdkAead copies it for JDK ChaCha20-Poly1305), must consume it,
     * and must still reject a forgery there.
     */
    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void opensCiphertextThatDoesNotStartItsArray(AeadAlgorithm alg) throws Exception {
        Random rnd = new Random(100 + alg.ordinal());
        byte[] key = new byte[alg.keyLength()];
        rnd.nextBytes(key);
        Aead opener = Aead.create(alg, key, false);
        byte[] aad = new byte[5];
        byte[] nonce = new byte[12];
        for (int size : new int[] {0, 1, 1000, 16385}) {
            byte[] pt = new byte[size];
            rnd.nextBytes(pt);
            rnd.nextBytes(aad);
            rnd.nextBytes(nonce);
            byte[] sealed = bcSeal(alg, key, nonce, aad, pt);
            byte[] record = new byte[5 + sealed.length + 9];
            System.arraycopy(sealed, 0, record, 5, sealed.length);
            ByteBuffer positioned = ByteBuffer.wrap(record, 5, sealed.length);
            ByteBuffer sliced = ByteBuffer.wrap(record).position(5).limit(5 + sealed.length).slice();
            for (ByteBuffer in : new ByteBuffer[] {positioned, sliced}) {
                ByteBuffer out = ByteBuffer.allocate(size + 3).position(3);
                assertEquals(size, opener.open(nonce, aad, aad.length, in, out), alg + " size " + size);
                assertEquals(0, in.remaining(), "ciphertext consumed");
                assertArrayEquals(pt, bytes(out, 3, size), alg + " size " + size);
            }
            record[5 + sealed.length / 2] ^= 4;
            assertBadRecordMac(() -> opener.open(nonce, aad, aad.length, ByteBuffer.wrap(record, 5, sealed.length),
                    ByteBuffer.allocate(size)));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 15, 33})
    void wrongKeyLengthIsRejected(int length) {
        assertThrows(IllegalArgumentException.class, () -> Aead.create(AeadAlgorithm.AES_128_GCM, new byte[length], true));
    }

    @Test
    void directionIsFixedAndDestroyForgetsTheKey() throws Exception {
        Vector v = GCM_128_CASE_4;
        Aead sealer = Aead.create(v.alg(), v.key(), true);
        assertThrows(IllegalStateException.class, () -> sealer.open(v.nonce(), v.aad(), v.aad().length,
                ByteBuffer.wrap(v.sealed()), ByteBuffer.allocate(100)));
        sealer.destroy();
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> sealer.seal(v.nonce(), v.aad(),
                v.aad().length, ByteBuffer.wrap(v.plaintext()), ByteBuffer.allocate(100)));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
    }

    @Test
    void sealingTwiceWithTheSameNonceIsRefused() throws Exception {
        // The JDK refuses key+nonce reuse for encryption; TLS never does it, so it surfaces as internal_error.
        Vector v = GCM_128_CASE_4;
        Aead sealer = Aead.create(v.alg(), v.key(), true);
        sealer.seal(v.nonce(), v.aad(), v.aad().length, ByteBuffer.wrap(v.plaintext()), ByteBuffer.allocate(100));
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> sealer.seal(v.nonce(), v.aad(),
                v.aad().length, ByteBuffer.wrap(v.plaintext()), ByteBuffer.allocate(100)));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
    }

    private static byte[] bcSeal(AeadAlgorithm alg, byte[] key, byte[] nonce, byte[] aad, byte[] pt)
            throws InvalidCipherTextException {
        AEADCipher c = alg == AeadAlgorithm.CHACHA20_POLY1305
                ? new ChaCha20Poly1305() : GCMBlockCipher.newInstance(AESEngine.newInstance());
        c.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] out = new byte[c.getOutputSize(pt.length)];
        int n = c.processBytes(pt, 0, pt.length, out, 0);
        c.doFinal(out, n);
        return out;
    }

    interface Call {
        void run() throws Exception;
    }

    static void assertBadRecordMac(Call call) {
        TlsAlertException e = assertThrows(TlsAlertException.class, call::run);
        assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert(), e.getMessage());
    }

    static ByteBuffer allocate(int n, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
    }

    static ByteBuffer buffer(byte[] content, boolean direct) {
        ByteBuffer b = allocate(content.length, direct);
        b.put(content).flip();
        return b;
    }

    static byte[] bytes(ByteBuffer b, int from, int n) {
        byte[] out = new byte[n];
        b.get(from, out, 0, n);
        return out;
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
