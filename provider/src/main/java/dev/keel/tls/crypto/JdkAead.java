package dev.keel.tls.crypto;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Provider;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * An {@link Aead} on top of one JDK {@code Cipher}, created once and re-initialised per record with the
 * record's nonce. Re-initialising is the only way the JCA offers to change the nonce; it is cheap (the
 * key schedule is cached by the JDK when the key does not change) and measured as fast as a
 * single-shot encryption of a pre-assembled buffer.
 *
 * <p>The Cipher comes from {@link JdkCipherPool} when an AEAD of the same algorithm was destroyed
 * before, and goes back there on {@link #destroy()}.
 *
 * <p>The JDK refuses to encrypt twice with the same key and nonce; TLS never does (the sequence number
 * is part of every nonce, RFC 8446 5.3), so that check only ever catches bugs.
 */
abstract class JdkAead implements Aead {
    private final AeadAlgorithm algorithm;
    private final boolean encrypt;
    /** Taken from {@link JdkCipherPool} or made; null once destroyed (given back to the pool). */
    private Cipher cipher;
    private final RawSecretKey key;

    /**
     * The provider the JCA chose for each algorithm (one transformation and one key length: a provider
     * may support only some key sizes) at the first initialisation; its delayed provider selection
     * honours the configured provider order and the key. Later instances ask that provider directly:
     * {@code Cipher.getInstance(transformation)} costs about 1.8 KB more garbage per call, and its Cipher
     * keeps its provider-search state for the life of the connection.
     */
    private static final ConcurrentHashMap<AeadAlgorithm, Provider> CHOSEN_PROVIDERS = new ConcurrentHashMap<>();

    private boolean providerRecorded;
    /** Whether this instance sealed a record yet (see initForSeal). */
    private boolean sealedBefore;

    /** A view of the last trailer array we were given, reused while the caller reuses its array. */
    private byte[] trailerArray;
    private ByteBuffer trailerView;

    JdkAead(AeadAlgorithm algorithm, String transformation, String keyAlgorithm, byte[] key, boolean encrypt) {
        this.algorithm = algorithm;
        this.encrypt = encrypt;
        this.key = new RawSecretKey(key, keyAlgorithm);
        Provider chosen = CHOSEN_PROVIDERS.get(algorithm);
        this.providerRecorded = chosen != null;
        Cipher pooled = JdkCipherPool.of(algorithm).take();
        try {
            this.cipher = pooled != null ? pooled
                    : chosen == null ? Cipher.getInstance(transformation) : Cipher.getInstance(transformation, chosen);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(transformation + " is missing from this JDK", e);
        }
    }

    /** The JCA parameters carrying the nonce at {@code offset} of {@code nonce} (the spec copies it). */
    abstract AlgorithmParameterSpec parameters(byte[] nonce, int offset);

    /**
     * Whether the JDK cipher copies the whole ciphertext into a growing internal buffer (two or three
     * times the record in garbage) unless the input starts at index 0 of a Java array. JDK 17's
     * ChaCha20-Poly1305 does, and a record's ciphertext follows its 5-byte header; copying it to the
     * start of a reused array first costs a memcpy instead.
     */
    boolean wantsInputAtArrayStart() {
        return false;
    }

    @Override
    public final AeadAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public final boolean isEncrypting() {
        return encrypt;
    }

    @Override
    public final int seal(byte[] nonce, int nonceOffset, byte[] aad, int aadOffset, int aadLen, ByteBuffer src,
            byte[] trailer, int trailerOffset, int trailerLen, ByteBuffer dst) throws TlsAlertException {
        if (!encrypt) {
            throw new IllegalStateException("this " + algorithm + " instance opens, it cannot seal");
        }
        Cipher cipher = liveCipher();
        int start = dst.position();
        try {
            initForSeal(cipher, nonce, nonceOffset);
            recordProvider(cipher);
            cipher.updateAAD(aad, aadOffset, aadLen);
            if (trailerLen == 0) {
                cipher.doFinal(src, dst);
            } else {
                cipher.update(src, dst);
                finishWithTrailer(cipher, trailer, trailerOffset, trailerLen, dst);
            }
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw TlsAlertException.internalError(algorithm + " encryption failed: " + e.getMessage(), e);
        }
        return dst.position() - start;
    }

    @Override
    public final int open(byte[] nonce, int nonceOffset, byte[] aad, int aadOffset, int aadLen, ByteBuffer src,
            ByteBuffer dst) throws TlsAlertException {
        if (encrypt) {
            throw new IllegalStateException("this " + algorithm + " instance seals, it cannot open");
        }
        if (src.remaining() < algorithm.tagLength()) {
            // Too short to even hold the tag: it cannot authenticate (RFC 8446 5.2).
            throw new TlsAlertException(AlertDescription.BAD_RECORD_MAC, "record of " + src.remaining()
                    + " bytes is shorter than the " + algorithm.tagLength() + "-byte " + algorithm + " tag");
        }
        Cipher cipher = liveCipher();
        int start = dst.position();
        try {
            initForOpen(cipher, nonce, nonceOffset);
            recordProvider(cipher);
            cipher.updateAAD(aad, aadOffset, aadLen);
            if (wantsInputAtArrayStart() && !(src.hasArray() && src.arrayOffset() + src.position() == 0)) {
                cipher.doFinal(CiphertextCopy.of(src), dst);
            } else {
                cipher.doFinal(src, dst);
            }
        } catch (AEADBadTagException e) {
            throw new TlsAlertException(AlertDescription.BAD_RECORD_MAC,
                    "record failed " + algorithm + " authentication: it was corrupted, forged, or protected"
                            + " with a different key");
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw TlsAlertException.internalError(algorithm + " decryption failed: " + e.getMessage(), e);
        }
        return dst.position() - start;
    }

    /**
     * The JDK refuses to encrypt under the key and nonce of a Cipher's previous encryption. A pooled
     * Cipher remembers its previous owner's: when two connections derived the same keys — only with
     * deterministic randomness, as in replayed test sessions — the new owner's first record is
     * refused although this Aead never used that nonce. Only then, step through another nonce and
     * retry; a repeat within this Aead still fails, as the JDK intends.
     */
    private void initForSeal(Cipher cipher, byte[] nonce, int offset) throws GeneralSecurityException {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(nonce, offset));
        } catch (InvalidKeyException | InvalidAlgorithmParameterException refusedRepeat) {
            if (sealedBefore) {
                throw refusedRepeat;
            }
            byte[] other = Arrays.copyOfRange(nonce, offset, offset + algorithm.ivLength());
            other[0] ^= 1;
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(other, 0));
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(nonce, offset));
        }
        sealedBefore = true;
    }

    /**
     * The JDK's ChaCha20-Poly1305 refuses to be initialised with the key and nonce of its previous
     * initialisation even for decryption. Opening with the same nonce again is legitimate — after a
     * failed open, a server skipping rejected 0-RTT records tries the next one at the same sequence
     * number (RFC 8446 4.2.10) — so on that refusal, step through another nonce and retry.
     */
    private void initForOpen(Cipher cipher, byte[] nonce, int offset) throws GeneralSecurityException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(nonce, offset));
        } catch (InvalidKeyException refusedRepeat) {
            byte[] other = Arrays.copyOfRange(nonce, offset, offset + algorithm.ivLength());
            other[0] ^= 1;
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(other, 0));
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(nonce, offset));
        }
    }

    /**
     * A per-thread array that ciphertext is copied to so that it starts at index 0. It only ever holds
     * ciphertext, which is public.
     */
    private static final class CiphertextCopy {
        private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();

        /** A buffer holding a copy of {@code src}'s remaining bytes from index 0; consumes {@code src}. */
        static ByteBuffer of(ByteBuffer src) {
            ByteBuffer copy = BUFFER.get();
            if (copy == null || copy.capacity() < src.remaining()) {
                copy = ByteBuffer.allocate(Math.max(src.remaining(), (1 << 14) + 256));
                BUFFER.set(copy);
            }
            copy.clear();
            copy.put(src);
            copy.flip();
            return copy;
        }
    }

    /** The Cipher, unless this instance was destroyed (its Cipher may now belong to another AEAD). */
    private Cipher liveCipher() throws TlsAlertException {
        Cipher c = cipher;
        if (c == null) {
            throw TlsAlertException.internalError("this " + algorithm + " instance was destroyed", null);
        }
        return c;
    }

    private void recordProvider(Cipher cipher) {
        if (!providerRecorded) {
            CHOSEN_PROVIDERS.putIfAbsent(algorithm, cipher.getProvider());
            providerRecorded = true;
        }
    }

    /**
     * Encrypts the trailer as the end of the plaintext and appends the tag, through a view of the
     * trailer array made once per array. (Handing the JDK the array itself instead costs about 180
     * bytes of garbage per record in JDK 17's AES-GCM.)
     */
    private void finishWithTrailer(Cipher cipher, byte[] trailer, int trailerOffset, int trailerLen,
            ByteBuffer dst) throws GeneralSecurityException {
        if (trailer != trailerArray) {
            trailerArray = trailer;
            trailerView = ByteBuffer.wrap(trailer);
        }
        trailerView.limit(trailerOffset + trailerLen).position(trailerOffset);
        cipher.doFinal(trailerView, dst);
    }

    /**
     * Wipes our copy of the key and gives the Cipher to {@link JdkCipherPool} for the next AEAD of this
     * algorithm (see there for what stays in it). Idempotent; any later seal or open fails.
     */
    @Override
    public final void destroy() {
        key.destroy();
        Cipher c = cipher;
        if (c != null) {
            cipher = null;
            trailerArray = null;
            trailerView = null;
            JdkCipherPool.of(algorithm).giveBack(c);
        }
    }
}
