package dev.keel.tls.record;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.Aead;
import dev.keel.tls.crypto.AeadAlgorithm;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.TrafficKeys;
import dev.keel.tls.message.ContentType;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * TLS 1.3 record protection under one traffic secret in one direction (RFC 8446 5.2 - 5.5).
 *
 * <pre>
 * TLSInnerPlaintext = content || ContentType type || uint8 zeros[padding]
 * TLSCiphertext     = opaque_type(23) || legacy_record_version(0x0303) || uint16 length || encrypted_record
 * additional_data   = the 5-byte TLSCiphertext header
 * nonce             = write_iv XOR (64-bit sequence number, left-padded with zeros to iv_length)
 * </pre>
 *
 * The IV, the nonce computed from it, the header and the inner content type share one small array,
 * reused for every record.
 *
 * <p>The keys are derived and the cipher is made when the first record is protected or opened, not when
 * the keys are installed: a direction that stays unused (a server that only ever writes, the client of a
 * request that is never answered) keeps the traffic secret and nothing else (retained heap, issue 7).
 */
final class Tls13RecordProtection implements RecordProtection {
    /** RFC 8446 5.2: TLSCiphertext.length MUST NOT exceed 2^14 + 256. */
    static final int MAX_CIPHERTEXT_LENGTH = RecordLayer.MAX_PLAINTEXT_LENGTH + 256;
    /** RFC 8446 5.4: the full encoded TLSInnerPlaintext MUST NOT exceed 2^14 + 1 octets. */
    private static final int MAX_INNER_PLAINTEXT_LENGTH = RecordLayer.MAX_PLAINTEXT_LENGTH + 1;

    /**
     * RFC 8446 5.5 limits AES-GCM to 2^24.5 full-size records per key; we ask for a KeyUpdate at 2^23
     * (128 GiB of full records), well inside it. ChaCha20-Poly1305's limit exceeds the sequence space;
     * 2^60 only keeps the counter from approaching wrap-around.
     */
    static final long AES_GCM_REKEY_RECORDS = 1L << 23;
    static final long CHACHA20_POLY1305_REKEY_RECORDS = 1L << 60;

    /** RFC 8446 5.3: iv_length is max(8, N_MIN), 12 bytes for every TLS 1.3 AEAD. */
    private static final int IV_LENGTH = 12;
    /** Layout of {@link #scratch}: write_iv, the current record's nonce, its header, its inner type. */
    private static final int IV = 0;
    private static final int NONCE = IV + IV_LENGTH;
    private static final int HEADER = NONCE + IV_LENGTH;
    private static final int INNER_TYPE = HEADER + RecordLayer.HEADER_LENGTH;
    private static final int SCRATCH_LENGTH = INNER_TYPE + 1;

    private final CipherSuite suite;
    private final boolean encrypt;
    /** The traffic secret until the first record; then {@code null} (wiped) and {@link #aead} is set. */
    private byte[] trafficSecret;
    private Aead aead;
    private byte[] scratch;
    private long sequenceNumber;

    /** Protection under {@code trafficSecret} (copied; the caller wipes its array). */
    Tls13RecordProtection(CipherSuite suite, byte[] trafficSecret, boolean encrypt) {
        if (!suite.isTls13()) {
            throw new IllegalArgumentException(suite + " is not a TLS 1.3 cipher suite");
        }
        if (suite.aead().ivLength() != IV_LENGTH) {
            throw new IllegalArgumentException(suite + " does not use a 12-byte IV");
        }
        this.suite = suite;
        this.encrypt = encrypt;
        this.trafficSecret = trafficSecret.clone();
    }

    /**
     * Derives the key and IV (RFC 8446 7.3) and makes the cipher, before the first record; the secret
     * is then no longer needed here (the connection keeps its own copy for KeyUpdate).
     */
    private void ensureKeys() {
        if (aead != null) {
            return;
        }
        TrafficKeys keys = TrafficKeys.derive(suite, trafficSecret);
        try {
            aead = Aead.create(suite.aead(), keys.key(), encrypt);
            scratch = new byte[SCRATCH_LENGTH];
            System.arraycopy(keys.iv(), 0, scratch, IV, IV_LENGTH);
        } finally {
            keys.destroy();
        }
        Arrays.fill(trafficSecret, (byte) 0);
        trafficSecret = null;
    }

    private int tagLength() {
        return suite.aead().tagLength();
    }

    @Override
    public boolean protects(ContentType type) {
        return type != ContentType.CHANGE_CIPHER_SPEC;
    }

    @Override
    public boolean hidesContentType() {
        return true;
    }

    @Override
    public int maxFragmentLength() {
        return MAX_CIPHERTEXT_LENGTH;
    }

    @Override
    public int protectedLength(int plaintextLength) {
        return plaintextLength + 1 + tagLength(); // content || type, no padding, then the tag
    }

    @Override
    public int maxOpenedLength(int fragmentLength) {
        return Math.max(0, fragmentLength - tagLength());
    }

    @Override
    public int seal(ContentType type, ByteBuffer src, ByteBuffer dst) throws TlsAlertException {
        int n = src.remaining();
        if (n > RecordLayer.MAX_PLAINTEXT_LENGTH) {
            throw new IllegalArgumentException("record content of " + n + " bytes exceeds 2^14");
        }
        ensureKeys();
        int length = protectedLength(n);
        byte[] s = scratch;
        s[HEADER] = (byte) ContentType.APPLICATION_DATA.code();
        s[HEADER + 1] = 0x03;
        s[HEADER + 2] = 0x03;
        s[HEADER + 3] = (byte) (length >>> 8);
        s[HEADER + 4] = (byte) length;
        nextNonce();
        dst.put(s, HEADER, RecordLayer.HEADER_LENGTH);
        s[INNER_TYPE] = (byte) type.code();
        int written = aead.seal(s, NONCE, s, HEADER, RecordLayer.HEADER_LENGTH, src, s, INNER_TYPE, 1, dst);
        return RecordLayer.HEADER_LENGTH + written;
    }

    @Override
    public int open(int outerType, int recordVersion, ByteBuffer fragment, ByteBuffer dst) throws TlsAlertException {
        int length = fragment.remaining();
        if (length > MAX_CIPHERTEXT_LENGTH) {
            throw new TlsAlertException(AlertDescription.RECORD_OVERFLOW,
                    "protected record of " + length + " bytes exceeds 2^14 + 256 (RFC 8446 5.2)");
        }
        ensureKeys();
        // additional_data is the header exactly as received (RFC 8446 5.2).
        byte[] s = scratch;
        s[HEADER] = (byte) outerType;
        s[HEADER + 1] = (byte) (recordVersion >>> 8);
        s[HEADER + 2] = (byte) recordVersion;
        s[HEADER + 3] = (byte) (length >>> 8);
        s[HEADER + 4] = (byte) length;
        nextNonce();
        int start = dst.position();
        int plaintextLength = aead.open(s, NONCE, s, HEADER, RecordLayer.HEADER_LENGTH, fragment, dst);
        if (plaintextLength > MAX_INNER_PLAINTEXT_LENGTH) {
            throw new TlsAlertException(AlertDescription.RECORD_OVERFLOW, "record decrypted to "
                    + plaintextLength + " bytes, more than 2^14 + 1 (RFC 8446 5.4)");
        }
        // RFC 8446 5.4: scan from the end, within the decrypted bytes only, for the non-zero content type.
        int i = start + plaintextLength - 1;
        while (i >= start && dst.get(i) == 0) {
            i--;
        }
        if (i < start) {
            throw TlsAlertException.unexpectedMessage(
                    "decrypted record holds only zeros: no content type (RFC 8446 5.4)");
        }
        int type = dst.get(i) & 0xFF;
        dst.position(i);
        return type;
    }

    /** nonce = iv XOR left-padded sequence number (RFC 8446 5.3), then advance the sequence number. */
    private void nextNonce() throws TlsAlertException {
        if (sequenceNumber == -1L) {
            // RFC 8446 5.3: the sequence number must not wrap; 2^64 - 1 records is far past any rekey.
            throw TlsAlertException.internalError(
                    "record sequence number exhausted: the key must be updated before sending more", null);
        }
        byte[] s = scratch;
        System.arraycopy(s, IV, s, NONCE, IV_LENGTH);
        long seq = sequenceNumber;
        for (int k = NONCE + IV_LENGTH - 1; k >= NONCE + IV_LENGTH - 8; k--) {
            s[k] ^= (byte) seq;
            seq >>>= 8;
        }
        sequenceNumber++;
    }

    @Override
    public boolean rekeyRecommended() {
        long rekeyAfter = suite.aead() == AeadAlgorithm.CHACHA20_POLY1305
                ? CHACHA20_POLY1305_REKEY_RECORDS : AES_GCM_REKEY_RECORDS;
        return Long.compareUnsigned(sequenceNumber, rekeyAfter) >= 0;
    }

    @Override
    public long sequenceNumber() {
        return sequenceNumber;
    }

    /** For tests of the wrap-around guard only. */
    void setSequenceNumberForTest(long value) {
        sequenceNumber = value;
    }

    @Override
    public void destroy() {
        if (trafficSecret != null) {
            Arrays.fill(trafficSecret, (byte) 0);
            trafficSecret = null;
        }
        if (aead != null) {
            aead.destroy();
            Arrays.fill(scratch, (byte) 0);
        }
    }
}
