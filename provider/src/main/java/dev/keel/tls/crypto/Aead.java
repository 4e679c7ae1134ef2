package dev.keel.tls.crypto;

import dev.keel.tls.alert.TlsAlertException;
import java.nio.ByteBuffer;

/**
 * An AEAD cipher (RFC 5116) bound to ONE key and ONE direction, reused for every record of that key.
 *
 * <p>The record layer computes a fresh nonce per record (RFC 8446 5.3) into a reused array and passes
 * the additional data in a reused array, so protecting a record allocates nothing of ours. Buffers may be
 * heap or direct. {@code src} is read from its position to its limit and its position is advanced to
 * the limit; {@code dst} is written from its position, which is advanced by the returned count. The
 * caller guarantees room in {@code dst}: {@code src.remaining() + trailerLength + tagLength()} when
 * sealing, {@code src.remaining() - tagLength()} when opening.
 *
 * <p>Instances are not thread-safe: one per connection direction.
 */
public interface Aead {

    /** The algorithm this instance implements. */
    AeadAlgorithm algorithm();

    /** Whether this instance seals ({@code true}) or opens ({@code false}). */
    boolean isEncrypting();

    /**
     * Encrypts {@code src.remaining()} bytes from {@code src} into {@code dst} as ciphertext||tag.
     *
     * @return bytes written to {@code dst}
     * @throws TlsAlertException internal_error if the underlying cipher fails (a bug, not peer input)
     */
    default int seal(byte[] nonce, byte[] aad, int aadLen, ByteBuffer src, ByteBuffer dst)
            throws TlsAlertException {
        return seal(nonce, 0, aad, 0, aadLen, src, null, 0, 0, dst);
    }

    /**
     * As {@link #seal(byte[], byte[], int, ByteBuffer, ByteBuffer)}, followed by the first {@code trailerLen}
     * bytes of {@code trailer}.
     */
    default int seal(byte[] nonce, byte[] aad, int aadLen, ByteBuffer src, byte[] trailer, int trailerLen,
            ByteBuffer dst) throws TlsAlertException {
        return seal(nonce, 0, aad, 0, aadLen, src, trailer, 0, trailerLen, dst);
    }

    /**
     * Encrypts {@code src.remaining()} bytes from {@code src} followed by {@code trailerLen} bytes of
     * {@code trailer} from {@code trailerOffset} (one plaintext, as if concatenated) into {@code dst} as
     * ciphertext||tag. The trailer lets TLS 1.3 append the inner content type (RFC 8446 5.2) to the
     * caller's data without first copying the data into a scratch buffer. The nonce is the
     * {@code algorithm().ivLength()} bytes of {@code nonce} from {@code nonceOffset}; the additional data
     * {@code aadLen} bytes of {@code aad} from {@code aadOffset}. The offsets let the record layer keep
     * its IV, nonce, header and inner type in one small array per direction (retained heap, issue 7).
     *
     * @param trailer may be {@code null} when {@code trailerLen} is 0
     * @return bytes written to {@code dst}
     * @throws TlsAlertException internal_error if the underlying cipher fails
     */
    int seal(byte[] nonce, int nonceOffset, byte[] aad, int aadOffset, int aadLen, ByteBuffer src, byte[] trailer,
            int trailerOffset, int trailerLen, ByteBuffer dst) throws TlsAlertException;

    /**
     * Decrypts {@code src.remaining()} bytes (ciphertext||tag) from {@code src} into {@code dst}.
     *
     * @return plaintext bytes written to {@code dst}
     * @throws TlsAlertException bad_record_mac if the input does not authenticate (RFC 8446 5.2) —
     *     including input shorter than the tag; internal_error if the underlying cipher fails otherwise.
     *     After a failure the bytes of {@code dst} after its position are unspecified.
     */
    default int open(byte[] nonce, byte[] aad, int aadLen, ByteBuffer src, ByteBuffer dst) throws TlsAlertException {
        return open(nonce, 0, aad, 0, aadLen, src, dst);
    }

    /**
     * As {@link #open(byte[], byte[], int, ByteBuffer, ByteBuffer)}, with the nonce and the additional
     * data read from the given offsets of their arrays.
     */
    int open(byte[] nonce, int nonceOffset, byte[] aad, int aadOffset, int aadLen, ByteBuffer src, ByteBuffer dst)
            throws TlsAlertException;

    /** Length of the authentication tag appended by {@link #seal}. */
    default int tagLength() {
        return algorithm().tagLength();
    }

    /**
     * Forgets the key (wipes our copy of it) and releases what the instance holds (a JDK-backed instance
     * gives its {@code Cipher} to a pool for the next AEAD). Idempotent. Any later seal or open fails
     * with internal_error; destroy must not run concurrently with a seal or open of the same instance.
     */
    void destroy();

    /**
     * An AEAD for {@code alg} with {@code key} (copied; the caller may wipe its array), sealing when
     * {@code encrypt} is true, opening otherwise. Backed by the JDK's {@code Cipher}, which is several
     * times faster than Bouncy Castle's lightweight API for both AES-GCM (AES-NI/CLMUL intrinsics) and
     * ChaCha20-Poly1305 (measured on JDK 17 and 25) — except ChaCha20-Poly1305 below JDK 20, where
     * Keel's own {@link KeelChaCha20Poly1305} is faster (property {@code keel.chacha20.backend}).
     *
     * @throws IllegalArgumentException if the key length does not match the algorithm
     */
    static Aead create(AeadAlgorithm alg, byte[] key, boolean encrypt) {
        if (key.length != alg.keyLength()) {
            throw new IllegalArgumentException(
                    alg + " needs a " + alg.keyLength() + "-byte key, got " + key.length + " bytes");
        }
        return switch (alg) {
            case AES_128_GCM, AES_256_GCM -> new JdkAesGcm(alg, key, encrypt);
            // Keel's own code where the JDK has no ChaCha20/Poly1305 intrinsics (see KeelChaCha20Poly1305).
            case CHACHA20_POLY1305 -> KeelChaCha20Poly1305.isPreferred()
                    ? new KeelChaCha20Poly1305(key, encrypt) : new JdkChaCha20Poly1305(key, encrypt);
        };
    }
}
