package dev.keel.tls.record;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.message.ContentType;
import java.nio.ByteBuffer;

/**
 * How records are protected under one key in one direction: TLS 1.3 AEAD ({@link Tls13RecordProtection},
 * RFC 8446 5.2) or TLS 1.2 AEAD ({@link Tls12RecordProtection}, RFC 5246 6.2.3.3, RFC 5288, RFC 7905).
 * {@link RecordLayer} does framing, size limits and buffer management, and asks its current protection
 * to seal and open; a new protection (new keys) starts at sequence number 0.
 */
interface RecordProtection {

    /**
     * Whether records of this (outer) type are protected. TLS 1.3 never protects change_cipher_spec
     * (RFC 8446 5: it is only sent and accepted in the clear); TLS 1.2 protects every type once active.
     */
    boolean protects(ContentType type);

    /**
     * True when the real content type travels inside the encrypted record and the outer type is always
     * application_data (TLS 1.3, RFC 8446 5.2).
     */
    boolean hidesContentType();

    /** The largest TLSCiphertext.length accepted; longer records are a record_overflow. */
    int maxFragmentLength();

    /** TLSCiphertext.length of a record carrying {@code plaintextLength} content bytes. */
    int protectedLength(int plaintextLength);

    /** An upper bound of the bytes {@link #open} writes into its {@code dst} for a fragment of this length. */
    int maxOpenedLength(int fragmentLength);

    /**
     * Writes one complete record — header and protected fragment — carrying all of {@code src}
     * (at most 2^14 bytes) as content of {@code type} into {@code dst}, which has room for
     * {@code 5 + protectedLength(src.remaining())} bytes.
     *
     * @return bytes written
     * @throws TlsAlertException internal_error if the sequence number is exhausted or the cipher fails
     */
    int seal(ContentType type, ByteBuffer src, ByteBuffer dst) throws TlsAlertException;

    /**
     * Opens one protected fragment ({@code fragment} from position to limit, the header already read)
     * into {@code dst}, which has room for {@code maxOpenedLength(fragment.remaining())} bytes. On return
     * {@code dst}'s position is just after the content (any inner type and padding removed).
     *
     * @param outerType the record header's content type byte
     * @param recordVersion the record header's legacy_record_version, as received
     * @return the content type code of the content (the inner type in TLS 1.3), not yet validated
     * @throws TlsAlertException bad_record_mac, record_overflow, unexpected_message (all-zero TLS 1.3
     *     inner plaintext), internal_error (sequence number exhausted)
     */
    int open(int outerType, int recordVersion, ByteBuffer fragment, ByteBuffer dst) throws TlsAlertException;

    /** Whether enough records were protected under this key that a fresh key should be used (RFC 8446 5.5). */
    boolean rekeyRecommended();

    /** The sequence number of the next record. */
    long sequenceNumber();

    /** Wipes the key material. */
    void destroy();
}
