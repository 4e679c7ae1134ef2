package dev.keel.tls.record;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.Aead;
import dev.keel.tls.crypto.AeadAlgorithm;
import dev.keel.tls.crypto.Prf12;
import dev.keel.tls.message.ContentType;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * TLS 1.2 AEAD record protection for one direction of one connection (RFC 5246 6.2.3.3).
 *
 * <p>The fragment of a protected record is {@code nonce_explicit || aead_ciphertext}, where the AEAD
 * ciphertext carries the 16-byte tag at its end, and
 * <pre>
 *   additional_data = seq_num (8) || type (1) || version (2) || length (2)     (RFC 5246 6.2.3.3)
 * </pre>
 * with {@code length} the plaintext length. The nonce depends on the AEAD:
 * <ul>
 *   <li>AES-GCM (RFC 5288 section 3): {@code nonce = salt (4, from the key block) || nonce_explicit (8)},
 *       and nonce_explicit is sent in the record. Keel sends the sequence number as nonce_explicit, which
 *       is distinct for every record as RFC 5288 requires; on receipt the value on the wire is used.</li>
 *   <li>ChaCha20-Poly1305 (RFC 7905 section 2): {@code nonce = IV (12) xor (0^32 || seq_num)}; nothing
 *       explicit is sent.</li>
 * </ul>
 *
 * <p>The sequence number starts at 0 and counts every record this object protects or unprotects
 * (RFC 5246 6.1); a new instance is made at each ChangeCipherSpec. The AEAD itself is an {@link Aead}
 * from {@link Aead#create}, the same one TLS 1.3 uses, so both versions get the fastest backend and the
 * JDK's quirks are handled in one place. The fixed IV, the record's nonce and its additional data share
 * one small array, reused for every record: protecting a record allocates nothing of ours.
 *
 * <p>The AEAD is made with the object, not at the first record as in TLS 1.3: in TLS 1.2 both
 * directions are keyed at a ChangeCipherSpec that a protected Finished follows at once (RFC 5246 7.4.9),
 * so deferring would save nothing.
 *
 * <p>Not thread-safe: the record layer owns one instance per direction.
 */
public final class RecordCipher12 {
    /** Maximum TLSPlaintext.length (RFC 5246 6.2.1). */
    public static final int MAX_PLAINTEXT_LENGTH = 1 << 14;
    /** Maximum TLSCiphertext.length (RFC 5246 6.2.3). */
    public static final int MAX_CIPHERTEXT_LENGTH = (1 << 14) + 2048;

    private static final int TLS12_VERSION = 0x0303;
    private static final int SEQUENCE_LENGTH = 8;
    private static final int AAD_LENGTH = 13;
    /** Every TLS 1.2 AEAD suite's nonce is 12 bytes (RFC 5288 3, RFC 7905 2). */
    private static final int NONCE_LENGTH = 12;

    /**
     * Layout of {@link #scratch}: the fixed IV (ChaCha20-Poly1305 only; GCM's 4-byte salt is written
     * once into the nonce, whose first four bytes it always is), the current record's nonce, whose last
     * eight bytes are GCM's nonce_explicit, and the current record's additional data.
     */
    private static final int FIXED_IV = 0;
    private static final int NONCE = FIXED_IV + NONCE_LENGTH;
    private static final int EXPLICIT_NONCE = NONCE + NONCE_LENGTH - SEQUENCE_LENGTH;
    private static final int AAD = NONCE + NONCE_LENGTH;
    private static final int SCRATCH_LENGTH = AAD + AAD_LENGTH;

    private final Aead cipher;
    private final byte[] scratch = new byte[SCRATCH_LENGTH];
    /** The next sequence number, an unsigned 64-bit value. */
    private long sequenceNumber;
    /** Set once 2^64 records have been processed: the sequence number may not wrap (RFC 5246 6.1). */
    private boolean exhausted;

    private RecordCipher12(AeadAlgorithm algorithm, boolean forEncryption, byte[] key, byte[] fixedIv) {
        if (key.length != algorithm.keyLength()) {
            throw new IllegalArgumentException(
                    algorithm + " needs a " + algorithm.keyLength() + "-byte key, got " + key.length);
        }
        if (fixedIv.length != Prf12.fixedIvLength(algorithm)) {
            throw new IllegalArgumentException(algorithm + " in TLS 1.2 needs a "
                    + Prf12.fixedIvLength(algorithm) + "-byte fixed IV, got " + fixedIv.length);
        }
        this.cipher = Aead.create(algorithm, key, forEncryption);
        // GCM: the salt is the first four bytes of every nonce; only nonce_explicit changes.
        // ChaCha20-Poly1305: the IV, XORed with each sequence number into the nonce.
        System.arraycopy(fixedIv, 0, scratch, isGcm() ? NONCE : FIXED_IV, fixedIv.length);
    }

    /** Protects records we send, keyed with our write key and IV from {@link Prf12#keyBlock}. */
    public static RecordCipher12 forEncryption(AeadAlgorithm aead, byte[] writeKey, byte[] writeIv) {
        return new RecordCipher12(aead, true, writeKey, writeIv);
    }

    /** Unprotects records we receive, keyed with the peer's write key and IV. */
    public static RecordCipher12 forDecryption(AeadAlgorithm aead, byte[] peerWriteKey, byte[] peerWriteIv) {
        return new RecordCipher12(aead, false, peerWriteKey, peerWriteIv);
    }

    public AeadAlgorithm aead() {
        return cipher.algorithm();
    }

    /** Whether the suite sends nonce_explicit: AES-GCM does, ChaCha20-Poly1305 does not. */
    private boolean isGcm() {
        return cipher.algorithm() != AeadAlgorithm.CHACHA20_POLY1305;
    }

    /** Bytes of nonce_explicit in each record: 8 for AES-GCM, 0 for ChaCha20-Poly1305. */
    public int explicitNonceLength() {
        return isGcm() ? SEQUENCE_LENGTH : 0;
    }

    /** Bytes a protected fragment has beyond its plaintext: explicit nonce plus tag. */
    public int overhead() {
        return explicitNonceLength() + cipher.tagLength();
    }

    /** The sequence number the next record will use (an unsigned 64-bit value). */
    public long sequenceNumber() {
        return sequenceNumber;
    }

    /** Starts counting at {@code next} instead of 0; for tests of arbitrary sequence numbers. */
    void setSequenceNumber(long next) {
        this.sequenceNumber = next;
    }

    /**
     * Protects {@code plaintext.remaining()} bytes of a record of {@code type}, writing the fragment
     * (explicit nonce, ciphertext, tag: {@code plaintext.remaining() + overhead()} bytes) at
     * {@code dst}'s position. On return {@code plaintext} is consumed and {@code dst} advanced.
     *
     * @return the fragment length, the value for the record header's length field
     * @throws IllegalArgumentException when the plaintext exceeds 2^14 bytes (the caller fragments)
     * @throws BufferOverflowException when {@code dst} has too little room; nothing is consumed
     * @throws TlsAlertException internal_error if the cipher fails, or when the sequence number is
     *         exhausted
     */
    public int encrypt(ContentType type, ByteBuffer plaintext, ByteBuffer dst) throws TlsAlertException {
        if (!cipher.isEncrypting()) {
            throw new IllegalStateException("this RecordCipher12 decrypts");
        }
        int length = plaintext.remaining();
        if (length > MAX_PLAINTEXT_LENGTH) {
            throw new IllegalArgumentException(
                    "plaintext of " + length + " bytes exceeds the 2^14 record limit; fragment it first");
        }
        int fragmentLength = length + overhead();
        if (dst.remaining() < fragmentLength) {
            throw new BufferOverflowException();
        }
        checkSequenceNumber();
        long seq = sequenceNumber;
        byte[] s = scratch;
        if (isGcm()) {
            // RFC 5288 3: nonce_explicit = our sequence number, sent in the clear before the ciphertext.
            putLong(s, EXPLICIT_NONCE, seq);
            dst.put(s, EXPLICIT_NONCE, SEQUENCE_LENGTH);
        } else {
            chachaNonce(seq);
        }
        fillAad(seq, type, length);
        cipher.seal(s, NONCE, s, AAD, AAD_LENGTH, plaintext, null, 0, 0, dst);
        advance();
        return fragmentLength;
    }

    /**
     * Unprotects one record fragment (everything after the 5-byte record header, which gives
     * {@code type}), writing the plaintext at {@code dst}'s position. On return {@code fragment} is
     * consumed and {@code dst} advanced by the returned length.
     *
     * <p>Alerts: a fragment longer than 2^14+2048 or whose plaintext would exceed 2^14 bytes is
     * record_overflow (RFC 5246 6.2.1, 6.2.3, 7.2.2). A fragment too short to hold the explicit nonce and
     * the tag is bad_record_mac, like a tag that does not verify: RFC 5246 7.2.2 names bad_record_mac
     * for any TLSCiphertext that "decrypted in an invalid way", a record that cannot even be
     * authenticated is one, and one alert for every failure to deprotect gives an attacker no signal
     * about which check failed.
     *
     * @return the plaintext length
     * @throws BufferOverflowException when {@code dst} has fewer than {@link #plaintextLength} bytes
     *         free; nothing is consumed
     */
    public int decrypt(ContentType type, ByteBuffer fragment, ByteBuffer dst) throws TlsAlertException {
        if (cipher.isEncrypting()) {
            throw new IllegalStateException("this RecordCipher12 encrypts");
        }
        int fragmentLength = fragment.remaining();
        if (fragmentLength > MAX_CIPHERTEXT_LENGTH) {
            throw new TlsAlertException(AlertDescription.RECORD_OVERFLOW, "protected record of "
                    + fragmentLength + " bytes exceeds the 2^14+2048 limit of RFC 5246 6.2.3");
        }
        if (fragmentLength < overhead()) {
            throw new TlsAlertException(AlertDescription.BAD_RECORD_MAC, "protected record of "
                    + fragmentLength + " bytes is shorter than the " + overhead()
                    + " bytes of explicit nonce and tag that " + aead() + " needs");
        }
        int length = fragmentLength - overhead();
        if (length > MAX_PLAINTEXT_LENGTH) {
            throw new TlsAlertException(AlertDescription.RECORD_OVERFLOW, "protected record carries "
                    + length + " bytes of plaintext, more than the 2^14 of RFC 5246 6.2.1");
        }
        if (dst.remaining() < length) {
            throw new BufferOverflowException();
        }
        checkSequenceNumber();
        long seq = sequenceNumber;
        byte[] s = scratch;
        if (isGcm()) {
            // RFC 5288 3: the sender's nonce_explicit completes the nonce; whatever it chose is used.
            fragment.get(s, EXPLICIT_NONCE, SEQUENCE_LENGTH);
        } else {
            chachaNonce(seq);
        }
        fillAad(seq, type, length);
        try {
            cipher.open(s, NONCE, s, AAD, AAD_LENGTH, fragment, dst);
        } catch (TlsAlertException e) {
            if (e.alert() != AlertDescription.BAD_RECORD_MAC) {
                throw e;
            }
            throw new TlsAlertException(AlertDescription.BAD_RECORD_MAC,
                    "record authentication failed (" + aead() + " tag mismatch, sequence number "
                            + Long.toUnsignedString(seq) + ")");
        }
        advance();
        return length;
    }

    /**
     * The plaintext length of a fragment of {@code fragmentLength} bytes, or -1 when the fragment is
     * too short to be a protected record. Lets the caller size {@code dst} before {@link #decrypt}.
     */
    public int plaintextLength(int fragmentLength) {
        int length = fragmentLength - overhead();
        return length < 0 ? -1 : length;
    }

    /** Wipes the key material this object holds. The object is unusable afterwards. */
    public void destroy() {
        cipher.destroy();
        Arrays.fill(scratch, (byte) 0);
        exhausted = true;
    }

    /** RFC 7905 2: the 64-bit sequence number, left-padded to 12 bytes, XORed with the IV. */
    private void chachaNonce(long seq) {
        byte[] s = scratch;
        System.arraycopy(s, FIXED_IV, s, NONCE, NONCE_LENGTH);
        for (int i = 0; i < SEQUENCE_LENGTH; i++) {
            s[NONCE + NONCE_LENGTH - 1 - i] ^= (byte) (seq >>> (8 * i));
        }
    }

    /** RFC 5246 6.2.3.3: seq_num || TLSCompressed.type || TLSCompressed.version || TLSCompressed.length. */
    private void fillAad(long seq, ContentType type, int length) {
        byte[] s = scratch;
        putLong(s, AAD, seq);
        s[AAD + 8] = (byte) type.code();
        s[AAD + 9] = (byte) (TLS12_VERSION >>> 8);
        s[AAD + 10] = (byte) TLS12_VERSION;
        s[AAD + 11] = (byte) (length >>> 8);
        s[AAD + 12] = (byte) length;
    }

    private void checkSequenceNumber() throws TlsAlertException {
        if (exhausted) {
            // RFC 5246 6.1: sequence numbers may not wrap; the connection must end first.
            throw TlsAlertException.internalError(
                    "TLS 1.2 sequence number exhausted (or the cipher was destroyed)", null);
        }
    }

    private void advance() {
        sequenceNumber++;
        if (sequenceNumber == 0) {
            exhausted = true; // 2^64 - 1 was the last one
        }
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (56 - 8 * i));
        }
    }
}
