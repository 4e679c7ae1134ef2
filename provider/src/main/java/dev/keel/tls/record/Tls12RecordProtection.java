package dev.keel.tls.record;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.AeadAlgorithm;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.message.ContentType;
import java.nio.ByteBuffer;

/**
 * TLS 1.2 record protection under one key in one direction, after ChangeCipherSpec (RFC 5246 6.2.3.3
 * with RFC 5288 for AES-GCM and RFC 7905 for ChaCha20-Poly1305). The cryptography is
 * {@link RecordCipher12}'s; this class adds the record header and the limits the record layer asks
 * for.
 *
 * <pre>
 * TLSCiphertext = type || version(0x0303) || length || [nonce_explicit (GCM: 8)] || ciphertext || tag
 * </pre>
 * Unlike TLS 1.3 the content type is in the clear, and every content type is protected, including a
 * change_cipher_spec (which a correct peer never sends once keys are active, since Keel never
 * renegotiates).
 */
final class Tls12RecordProtection implements RecordProtection {
    private final RecordCipher12 cipher;
    private final int overhead;

    private Tls12RecordProtection(RecordCipher12 cipher) {
        this.cipher = cipher;
        this.overhead = cipher.overhead();
    }

    static Tls12RecordProtection forWriting(CipherSuite suite, byte[] key, byte[] fixedIv) {
        return new Tls12RecordProtection(RecordCipher12.forEncryption(checked(suite), key, fixedIv));
    }

    static Tls12RecordProtection forReading(CipherSuite suite, byte[] key, byte[] fixedIv) {
        return new Tls12RecordProtection(RecordCipher12.forDecryption(checked(suite), key, fixedIv));
    }

    private static AeadAlgorithm checked(CipherSuite suite) {
        if (suite.isTls13()) {
            throw new IllegalArgumentException(suite + " is not a TLS 1.2 cipher suite");
        }
        return suite.aead();
    }

    @Override
    public boolean protects(ContentType type) {
        return true;
    }

    @Override
    public boolean hidesContentType() {
        return false;
    }

    /**
     * RFC 5246 6.2.3 allows TLSCiphertext.length up to 2^14 + 2048, but an AEAD record longer than
     * 2^14 + explicit nonce + tag would decrypt to more than 2^14 bytes, which is a record_overflow
     * (RFC 5246 6.2.1) whatever its content: saying so from the header alone gives the same alert,
     * earlier, and keeps every acceptable record within the engine's packet buffer size.
     */
    @Override
    public int maxFragmentLength() {
        return RecordLayer.MAX_PLAINTEXT_LENGTH + overhead;
    }

    @Override
    public int protectedLength(int plaintextLength) {
        return plaintextLength + overhead;
    }

    @Override
    public int maxOpenedLength(int fragmentLength) {
        return Math.max(0, fragmentLength - overhead);
    }

    @Override
    public int seal(ContentType type, ByteBuffer src, ByteBuffer dst) throws TlsAlertException {
        int length = protectedLength(src.remaining());
        dst.put((byte) type.code()).put((byte) 0x03).put((byte) 0x03)
                .put((byte) (length >>> 8)).put((byte) length);
        return RecordLayer.HEADER_LENGTH + cipher.encrypt(type, src, dst);
    }

    @Override
    public int open(int outerType, int recordVersion, ByteBuffer fragment, ByteBuffer dst) throws TlsAlertException {
        ContentType type = ContentType.fromCode(outerType);
        if (type == null) {
            // The record layer rejects unknown types before decryption; kept as a guard.
            throw TlsAlertException.unexpectedMessage(
                    "record content type " + outerType + " is not a TLS content type");
        }
        if (fragment.remaining() > maxFragmentLength()) {
            throw new TlsAlertException(AlertDescription.RECORD_OVERFLOW, "protected record of "
                    + fragment.remaining() + " bytes would carry more than 2^14 bytes of plaintext (RFC 5246 6.2.1)");
        }
        cipher.decrypt(type, fragment, dst);
        return outerType;
    }

    /**
     * TLS 1.2 has no KeyUpdate; the sequence number (2^64) outlasts any AES-GCM usage a connection
     * can reach in practice, and RecordCipher12 refuses to wrap.
     */
    @Override
    public boolean rekeyRecommended() {
        return false;
    }

    @Override
    public long sequenceNumber() {
        return cipher.sequenceNumber();
    }

    @Override
    public void destroy() {
        cipher.destroy();
    }
}
