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
 * The nonce, header and inner-type arrays are allocated once and reused for every record.
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

    private final Aead aead;
    private final byte[] iv;
    private final byte[] nonce;
    private final byte[] header = new byte[RecordLayer.HEADER_LENGTH];
    private final byte[] innerType = new byte[1];
    private final int tagLength;
    private final long rekeyAfter;
    private long sequenceNumber;

    Tls13RecordProtection(CipherSuite suite, byte[] trafficSecret, boolean encrypt) {
        if (!suite.isTls13()) {
            throw new IllegalArgumentException(suite + " is not a TLS 1.3 cipher suite");
        }
        TrafficKeys keys = TrafficKeys.derive(suite, trafficSecret);
        try {
            this.aead = Aead.create(suite.aead(), keys.key(), encrypt);
            this.iv = keys.iv().clone();
        } finally {
            keys.destroy();
        }
        this.nonce = new byte[iv.length];
        this.tagLength = aead.tagLength();
        this.rekeyAfter = suite.aead() == AeadAlgorithm.CHACHA20_POLY1305
                ? CHACHA20_POLY1305_REKEY_RECORDS : AES_GCM_REKEY_RECORDS;
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
        return plaintextLength + 1 + tagLength; // content || type, no padding, then the tag
    }

    @Override
    public int maxOpenedLength(int fragmentLength) {
        return Math.max(0, fragmentLength - tagLength);
    }

    @Override
    public int seal(ContentType type, ByteBuffer src, ByteBuffer dst) throws TlsAlertException {
        int n = src.remaining();
        if (n > RecordLayer.MAX_PLAINTEXT_LENGTH) {
            throw new IllegalArgumentException("record content of " + n + " bytes exceeds 2^14");
        }
        int length = protectedLength(n);
        header[0] = (byte) ContentType.APPLICATION_DATA.code();
        header[1] = 0x03;
        header[2] = 0x03;
        header[3] = (byte) (length >>> 8);
        header[4] = (byte) length;
        nextNonce();
        dst.put(header);
        innerType[0] = (byte) type.code();
        int written = aead.seal(nonce, header, header.length, src, innerType, 1, dst);
        return header.length + written;
    }

    @Override
    public int open(int outerType, int recordVersion, ByteBuffer fragment, ByteBuffer dst) throws TlsAlertException {
        int length = fragment.remaining();
        if (length > MAX_CIPHERTEXT_LENGTH) {
            throw new TlsAlertException(AlertDescription.RECORD_OVERFLOW,
                    "protected record of " + length + " bytes exceeds 2^14 + 256 (RFC 8446 5.2)");
        }
        // additional_data is the header exactly as received (RFC 8446 5.2).
        header[0] = (byte) outerType;
        header[1] = (byte) (recordVersion >>> 8);
        header[2] = (byte) recordVersion;
        header[3] = (byte) (length >>> 8);
        header[4] = (byte) length;
        nextNonce();
        int start = dst.position();
        int plaintextLength = aead.open(nonce, header, header.length, fragment, dst);
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
        System.arraycopy(iv, 0, nonce, 0, iv.length);
        long seq = sequenceNumber;
        for (int k = nonce.length - 1; k >= nonce.length - 8; k--) {
            nonce[k] ^= (byte) seq;
            seq >>>= 8;
        }
        sequenceNumber++;
    }

    @Override
    public boolean rekeyRecommended() {
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
        aead.destroy();
        Arrays.fill(iv, (byte) 0);
        Arrays.fill(nonce, (byte) 0);
    }
}
