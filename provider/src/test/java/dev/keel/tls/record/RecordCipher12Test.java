package dev.keel.tls.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.AeadAlgorithm;
import dev.keel.tls.message.ContentType;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RecordCipher12 against the RFC 5288 / RFC 7905 constructions computed here with direct JCA calls,
 * plus round trips, tampering and limits. Records from a real OpenSSL peer are decrypted in
 * {@code Tls12OpenSslVectorTest}.
 */
class RecordCipher12Test {

    private static byte[] bytes(int length, int start) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (start + 13 * i);
        }
        return b;
    }

    private static byte[] key(AeadAlgorithm aead) {
        return bytes(aead.keyLength(), 0x21);
    }

    private static byte[] iv(AeadAlgorithm aead) {
        return bytes(aead == AeadAlgorithm.CHACHA20_POLY1305 ? 12 : 4, 0xA7);
    }

    private static byte[] u64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    /** RFC 5246 6.2.3.3 additional_data, spelled out. */
    private static byte[] aad(long seq, int type, int length) {
        byte[] a = new byte[13];
        System.arraycopy(u64(seq), 0, a, 0, 8);
        a[8] = (byte) type;
        a[9] = 3;
        a[10] = 3;
        a[11] = (byte) (length >>> 8);
        a[12] = (byte) length;
        return a;
    }

    /**
     * The expected fragment, built independently: AES-GCM nonce = salt || explicit (RFC 5288 3), sent
     * explicit nonce first; ChaCha20-Poly1305 nonce = IV xor 0^4||seq (RFC 7905 2), nothing explicit.
     */
    static byte[] expectedFragment(AeadAlgorithm aead, byte[] key, byte[] iv, long seq, byte[] explicit,
            int type, byte[] plaintext) throws Exception {
        Cipher c;
        byte[] nonce = new byte[12];
        if (aead == AeadAlgorithm.CHACHA20_POLY1305) {
            byte[] seqBytes = u64(seq);
            for (int i = 0; i < 12; i++) {
                nonce[i] = (byte) (iv[i] ^ (i < 4 ? 0 : seqBytes[i - 4]));
            }
            c = Cipher.getInstance("ChaCha20-Poly1305");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        } else {
            System.arraycopy(iv, 0, nonce, 0, 4);
            System.arraycopy(explicit, 0, nonce, 4, 8);
            c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        }
        c.updateAAD(aad(seq, type, plaintext.length));
        byte[] sealed = c.doFinal(plaintext);
        if (aead == AeadAlgorithm.CHACHA20_POLY1305) {
            return sealed;
        }
        byte[] out = new byte[8 + sealed.length];
        System.arraycopy(explicit, 0, out, 0, 8);
        System.arraycopy(sealed, 0, out, 8, sealed.length);
        return out;
    }

    private static RecordCipher12 encryptor(AeadAlgorithm aead) {
        return RecordCipher12.forEncryption(aead, key(aead), iv(aead));
    }

    private static RecordCipher12 decryptor(AeadAlgorithm aead) {
        return RecordCipher12.forDecryption(aead, key(aead), iv(aead));
    }

    private static byte[] seal(RecordCipher12 c, ContentType type, byte[] plaintext) throws TlsAlertException {
        ByteBuffer dst = ByteBuffer.allocate(plaintext.length + c.overhead());
        int n = c.encrypt(type, ByteBuffer.wrap(plaintext), dst);
        assertEquals(dst.capacity(), n);
        assertEquals(n, dst.position());
        return dst.array();
    }

    private static byte[] open(RecordCipher12 c, ContentType type, byte[] fragment) throws TlsAlertException {
        ByteBuffer src = ByteBuffer.wrap(fragment);
        ByteBuffer dst = ByteBuffer.allocate(Math.max(0, c.plaintextLength(fragment.length)));
        int n = c.decrypt(type, src, dst);
        assertEquals(0, src.remaining());
        assertEquals(n, dst.position());
        return Arrays.copyOf(dst.array(), n);
    }

    static Stream<Arguments> sequenceNumbers() {
        return Stream.of(AeadAlgorithm.values()).flatMap(a -> Stream.of(0L, 1L, 0x0102030405060708L,
                0x7FFFFFFFFFFFFFFFL, -2L).map(s -> Arguments.of(a, s)));
    }

    @ParameterizedTest
    @MethodSource("sequenceNumbers")
    void encryptionMatchesTheRfcConstructionAtAnySequenceNumber(AeadAlgorithm aead, long seq) throws Exception {
        RecordCipher12 enc = encryptor(aead);
        enc.setSequenceNumber(seq);
        byte[] plaintext = bytes(100, 3);
        byte[] fragment = seal(enc, ContentType.APPLICATION_DATA, plaintext);
        // Keel sends the sequence number as GCM nonce_explicit.
        assertArrayEquals(expectedFragment(aead, key(aead), iv(aead), seq, u64(seq), 23, plaintext), fragment);
        assertEquals(seq + 1, enc.sequenceNumber());

        RecordCipher12 dec = decryptor(aead);
        dec.setSequenceNumber(seq);
        assertArrayEquals(plaintext, open(dec, ContentType.APPLICATION_DATA, fragment));
    }

    @Test
    void gcmReceiverUsesTheExplicitNonceOnTheWireNotItsSequenceNumber() throws Exception {
        AeadAlgorithm aead = AeadAlgorithm.AES_128_GCM;
        byte[] explicit = {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, 1, 2, 3, 4};
        byte[] plaintext = bytes(33, 8);
        RecordCipher12 dec = decryptor(aead);
        for (long seq = 0; seq < 3; seq++) {
            byte[] fragment = expectedFragment(aead, key(aead), iv(aead), seq, explicit, 22, plaintext);
            assertArrayEquals(plaintext, open(dec, ContentType.HANDSHAKE, fragment));
        }
    }

    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void roundTripOfManyRecordsOfEverySizeClass(AeadAlgorithm aead) throws Exception {
        RecordCipher12 enc = encryptor(aead);
        RecordCipher12 dec = decryptor(aead);
        int[] sizes = {0, 1, 15, 16, 17, 255, 1000, 16383, 16384};
        ContentType[] types = ContentType.values();
        for (int i = 0; i < sizes.length; i++) {
            byte[] plaintext = bytes(sizes[i], i);
            ContentType type = types[i % types.length];
            byte[] fragment = seal(enc, type, plaintext);
            assertEquals(sizes[i] + (aead == AeadAlgorithm.CHACHA20_POLY1305 ? 16 : 24), fragment.length);
            assertArrayEquals(plaintext, open(dec, type, fragment));
        }
        assertEquals(sizes.length, enc.sequenceNumber());
        assertEquals(sizes.length, dec.sequenceNumber());
    }

    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void everyFlippedBitIsBadRecordMac(AeadAlgorithm aead) throws Exception {
        byte[] fragment = seal(encryptor(aead), ContentType.APPLICATION_DATA, bytes(40, 1));
        for (int i = 0; i < fragment.length; i++) {
            byte[] tampered = fragment.clone();
            tampered[i] ^= 0x01;
            TlsAlertException e = assertThrows(TlsAlertException.class,
                    () -> open(decryptor(aead), ContentType.APPLICATION_DATA, tampered), "byte " + i);
            assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert());
        }
    }

    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void wrongTypeOrSequenceNumberInTheAadIsBadRecordMac(AeadAlgorithm aead) throws Exception {
        byte[] fragment = seal(encryptor(aead), ContentType.APPLICATION_DATA, bytes(40, 1));
        TlsAlertException wrongType = assertThrows(TlsAlertException.class,
                () -> open(decryptor(aead), ContentType.HANDSHAKE, fragment));
        assertEquals(AlertDescription.BAD_RECORD_MAC, wrongType.alert());

        RecordCipher12 later = decryptor(aead);
        later.setSequenceNumber(1);
        TlsAlertException wrongSeq = assertThrows(TlsAlertException.class,
                () -> open(later, ContentType.APPLICATION_DATA, fragment));
        assertEquals(AlertDescription.BAD_RECORD_MAC, wrongSeq.alert());
    }

    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void fragmentShorterThanNonceAndTagIsBadRecordMac(AeadAlgorithm aead) {
        RecordCipher12 dec = decryptor(aead);
        for (int n = 0; n < dec.overhead(); n++) {
            byte[] fragment = new byte[n];
            TlsAlertException e = assertThrows(TlsAlertException.class,
                    () -> dec.decrypt(ContentType.APPLICATION_DATA, ByteBuffer.wrap(fragment), ByteBuffer.allocate(64)));
            assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert(), "length " + n);
            assertEquals(-1, dec.plaintextLength(n));
        }
        assertEquals(0, dec.sequenceNumber());
    }

    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void plaintextOverTwoToTheFourteenIsRecordOverflow(AeadAlgorithm aead) {
        RecordCipher12 dec = decryptor(aead);
        byte[] fragment = new byte[(1 << 14) + 1 + dec.overhead()];
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> dec.decrypt(
                ContentType.APPLICATION_DATA, ByteBuffer.wrap(fragment), ByteBuffer.allocate(1 << 15)));
        assertEquals(AlertDescription.RECORD_OVERFLOW, e.alert());

        byte[] huge = new byte[(1 << 14) + 2049];
        TlsAlertException tooLong = assertThrows(TlsAlertException.class, () -> dec.decrypt(
                ContentType.APPLICATION_DATA, ByteBuffer.wrap(huge), ByteBuffer.allocate(1 << 15)));
        assertEquals(AlertDescription.RECORD_OVERFLOW, tooLong.alert());

        RecordCipher12 enc = encryptor(aead);
        assertThrows(IllegalArgumentException.class, () -> enc.encrypt(ContentType.APPLICATION_DATA,
                ByteBuffer.allocate((1 << 14) + 1), ByteBuffer.allocate(1 << 15)));
        assertEquals(0, enc.sequenceNumber());
    }

    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void tooSmallDestinationConsumesNothing(AeadAlgorithm aead) throws Exception {
        RecordCipher12 enc = encryptor(aead);
        ByteBuffer plaintext = ByteBuffer.wrap(bytes(50, 2));
        ByteBuffer small = ByteBuffer.allocate(50 + enc.overhead() - 1);
        assertThrows(BufferOverflowException.class, () -> enc.encrypt(ContentType.APPLICATION_DATA, plaintext, small));
        assertEquals(0, plaintext.position());
        assertEquals(0, small.position());
        assertEquals(0, enc.sequenceNumber());

        byte[] fragment = seal(enc, ContentType.APPLICATION_DATA, bytes(50, 2));
        RecordCipher12 dec = decryptor(aead);
        ByteBuffer src = ByteBuffer.wrap(fragment);
        ByteBuffer tiny = ByteBuffer.allocate(49);
        assertThrows(BufferOverflowException.class, () -> dec.decrypt(ContentType.APPLICATION_DATA, src, tiny));
        assertEquals(0, src.position());
        assertEquals(0, dec.sequenceNumber());
        assertArrayEquals(bytes(50, 2), open(dec, ContentType.APPLICATION_DATA, fragment));
    }

    /**
     * The record layer encrypts and decrypts in place: plaintext sits where the ciphertext goes, after
     * the record header and explicit nonce; decrypted plaintext may overwrite the explicit nonce.
     */
    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void inPlaceEncryptionAndDecryptionInHeapAndDirectBuffers(AeadAlgorithm aead) throws Exception {
        for (boolean direct : new boolean[] {false, true}) {
            RecordCipher12 enc = encryptor(aead);
            RecordCipher12 dec = decryptor(aead);
            byte[] plaintext = bytes(300, 5);
            byte[] expected = expectedFragment(aead, key(aead), iv(aead), 0, u64(0), 23, plaintext);

            ByteBuffer record = direct ? ByteBuffer.allocateDirect(5 + expected.length) : ByteBuffer.allocate(5 + expected.length);
            int payloadStart = 5 + enc.explicitNonceLength();
            record.position(payloadStart);
            record.put(plaintext);
            ByteBuffer src = record.duplicate().position(payloadStart).limit(payloadStart + plaintext.length);
            ByteBuffer dst = record.duplicate().position(5);
            assertEquals(expected.length, enc.encrypt(ContentType.APPLICATION_DATA, src, dst));
            byte[] wire = new byte[expected.length];
            record.duplicate().position(5).get(wire);
            assertArrayEquals(expected, wire, "direct=" + direct);

            // Decrypt into the same region, starting where the fragment starts.
            ByteBuffer fragment = record.duplicate().position(5).limit(5 + expected.length);
            ByteBuffer out = record.duplicate().position(5);
            assertEquals(plaintext.length, dec.decrypt(ContentType.APPLICATION_DATA, fragment, out));
            byte[] got = new byte[plaintext.length];
            record.duplicate().position(5).get(got);
            assertArrayEquals(plaintext, got, "direct=" + direct);
        }
    }

    /** The kinds of ByteBuffer an SSLEngine caller may hand over, holding {@code content}. */
    enum BufferKind {
        HEAP, HEAP_SLICE_AT_OFFSET, DIRECT, READ_ONLY;

        ByteBuffer holding(byte[] content) {
            return switch (this) {
                case HEAP -> ByteBuffer.wrap(content.clone());
                case HEAP_SLICE_AT_OFFSET -> {
                    // The content starts at index 7 of the backing array (arrayOffset() == 7).
                    byte[] backing = new byte[7 + content.length + 3];
                    System.arraycopy(content, 0, backing, 7, content.length);
                    yield ByteBuffer.wrap(backing, 7, content.length).slice();
                }
                case DIRECT -> ByteBuffer.allocateDirect(content.length).put(content).flip();
                case READ_ONLY -> ByteBuffer.wrap(content.clone()).asReadOnlyBuffer();
            };
        }

        /** An empty writable buffer of {@code length} bytes (a read-only one cannot be written). */
        ByteBuffer empty(int length) {
            return switch (this) {
                case HEAP, READ_ONLY -> ByteBuffer.allocate(length);
                case HEAP_SLICE_AT_OFFSET -> ByteBuffer.wrap(new byte[5 + length + 2], 5, length).slice();
                case DIRECT -> ByteBuffer.allocateDirect(length);
            };
        }
    }

    static Stream<Arguments> bufferKinds() {
        return Stream.of(AeadAlgorithm.values()).flatMap(a -> Stream.of(BufferKind.values())
                .flatMap(src -> Stream.of(BufferKind.values()).map(dst -> Arguments.of(a, src, dst))));
    }

    private static byte[] contents(ByteBuffer written) {
        ByteBuffer b = written.duplicate().flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /**
     * Records sealed from and opened into every kind of buffer, separate (not in place) and at offsets
     * in their arrays, match the RFC construction: the AEAD backends take different paths for buffers
     * without an accessible array and for input not at the start of one.
     */
    @ParameterizedTest
    @MethodSource("bufferKinds")
    void everyKindOfBufferOnEitherSide(AeadAlgorithm aead, BufferKind srcKind, BufferKind dstKind) throws Exception {
        RecordCipher12 enc = encryptor(aead);
        RecordCipher12 dec = decryptor(aead);
        enc.setSequenceNumber(41);
        dec.setSequenceNumber(41);
        for (int length : new int[] {0, 1000, 1 << 14}) {
            long seq = enc.sequenceNumber();
            byte[] plaintext = bytes(length, length);
            byte[] expected = expectedFragment(aead, key(aead), iv(aead), seq, u64(seq), 23, plaintext);

            ByteBuffer src = srcKind.holding(plaintext);
            ByteBuffer dst = dstKind.empty(expected.length);
            assertEquals(expected.length, enc.encrypt(ContentType.APPLICATION_DATA, src, dst));
            assertEquals(0, src.remaining());
            assertArrayEquals(expected, contents(dst), "sealed, length " + length);

            ByteBuffer fragment = srcKind.holding(expected);
            ByteBuffer out = dstKind.empty(length);
            assertEquals(length, dec.decrypt(ContentType.APPLICATION_DATA, fragment, out));
            assertEquals(0, fragment.remaining());
            assertArrayEquals(plaintext, contents(out), "opened, length " + length);
        }
        assertEquals(44, enc.sequenceNumber());
        assertEquals(44, dec.sequenceNumber());
    }

    /**
     * RFC 5288 3 leaves the choice of nonce_explicit to the sender; some peers send random values
     * rather than the sequence number. Each record's own value completes its nonce, while the sequence
     * number still goes into the additional data.
     */
    @ParameterizedTest
    @EnumSource(value = AeadAlgorithm.class, names = {"AES_128_GCM", "AES_256_GCM"})
    void gcmRecordsWithRandomExplicitNoncesFromAnyBuffer(AeadAlgorithm aead) throws Exception {
        Random random = new Random(5288);
        RecordCipher12 dec = decryptor(aead);
        for (long seq = 0; seq < 12; seq++) {
            byte[] explicit = new byte[8];
            random.nextBytes(explicit);
            byte[] plaintext = bytes(10 + (int) seq * 97, (int) seq);
            ContentType type = seq == 0 ? ContentType.HANDSHAKE : ContentType.APPLICATION_DATA;
            byte[] fragment = expectedFragment(aead, key(aead), iv(aead), seq, explicit, type.code(), plaintext);
            BufferKind kind = BufferKind.values()[(int) (seq % BufferKind.values().length)];
            ByteBuffer out = kind.empty(plaintext.length);
            assertEquals(plaintext.length, dec.decrypt(type, kind.holding(fragment), out));
            assertArrayEquals(plaintext, contents(out), "record " + seq + " in a " + kind + " buffer");
        }
        // The same explicit nonce with the wrong sequence number in the additional data fails.
        byte[] explicit = new byte[8];
        random.nextBytes(explicit);
        byte[] fragment = expectedFragment(aead, key(aead), iv(aead), 99, explicit, 23, bytes(20, 0));
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> open(dec, ContentType.APPLICATION_DATA, fragment));
        assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert());
        assertEquals(12, dec.sequenceNumber());
    }

    @Test
    void theLastSequenceNumberIsUsedOnceThenTheCipherRefuses() throws Exception {
        AeadAlgorithm aead = AeadAlgorithm.CHACHA20_POLY1305;
        RecordCipher12 enc = encryptor(aead);
        enc.setSequenceNumber(-1L); // 2^64 - 1
        byte[] fragment = seal(enc, ContentType.APPLICATION_DATA, bytes(10, 0));
        assertArrayEquals(expectedFragment(aead, key(aead), iv(aead), -1L, null, 23, bytes(10, 0)), fragment);
        TlsAlertException e = assertThrows(TlsAlertException.class,
                () -> seal(enc, ContentType.APPLICATION_DATA, bytes(10, 0)));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
    }

    @Test
    void misuseIsRejected() {
        AeadAlgorithm aead = AeadAlgorithm.AES_256_GCM;
        assertThrows(IllegalArgumentException.class,
                () -> RecordCipher12.forEncryption(aead, new byte[16], new byte[4]));
        assertThrows(IllegalArgumentException.class,
                () -> RecordCipher12.forEncryption(aead, new byte[32], new byte[12]));
        assertThrows(IllegalArgumentException.class,
                () -> RecordCipher12.forDecryption(AeadAlgorithm.CHACHA20_POLY1305, new byte[32], new byte[4]));
        assertThrows(IllegalStateException.class, () -> encryptor(aead)
                .decrypt(ContentType.APPLICATION_DATA, ByteBuffer.allocate(40), ByteBuffer.allocate(40)));
        assertThrows(IllegalStateException.class, () -> decryptor(aead)
                .encrypt(ContentType.APPLICATION_DATA, ByteBuffer.allocate(4), ByteBuffer.allocate(40)));
        RecordCipher12 destroyed = encryptor(aead);
        destroyed.destroy();
        assertThrows(TlsAlertException.class, () -> seal(destroyed, ContentType.APPLICATION_DATA, new byte[1]));
    }
}
