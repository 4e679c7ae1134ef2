package dev.keel.tls.crypto;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Provider;
import java.security.spec.AlgorithmParameterSpec;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * An {@link Aead} on top of one JDK {@code Cipher}, created once and re-initialised per record with the
 * record's nonce. Re-initialising is the only way the JCA offers to change the nonce; it is cheap (the
 * key schedule is cached by the JDK when the key does not change) and measured as fast as a
 * single-shot encryption of a pre-assembled buffer.
 *
 * <p>The JDK refuses to encrypt twice with the same key and nonce; TLS never does (the sequence number
 * is part of every nonce, RFC 8446 5.3), so that check only ever catches bugs.
 */
abstract class JdkAead implements Aead {
    private final AeadAlgorithm algorithm;
    private final boolean encrypt;
    private final Cipher cipher;
    private final RawSecretKey key;

    /**
     * The provider the JCA chose for each transformation and key length (a provider may support only
     * some key sizes) at the first initialisation; its delayed provider selection honours the configured
     * provider order and the key. Later instances ask that provider directly: {@code Cipher.getInstance(transformation)} costs about 1.8 KB more garbage per
     * call, and its Cipher keeps its provider-search state for the life of the connection.
     */
    private static final ConcurrentHashMap<String, Provider> CHOSEN_PROVIDERS = new ConcurrentHashMap<>();

    /** The {@link #CHOSEN_PROVIDERS} key: transformation and key length, e.g. "AES/GCM/NoPadding/16". */
    private final String selectionKey;
    private boolean providerRecorded;

    /** A view of the last trailer array we were given, reused while the caller reuses its array. */
    private byte[] trailerArray;
    private ByteBuffer trailerView;

    JdkAead(AeadAlgorithm algorithm, String transformation, String keyAlgorithm, byte[] key, boolean encrypt) {
        this.algorithm = algorithm;
        this.encrypt = encrypt;
        this.key = new RawSecretKey(key, keyAlgorithm);
        // Interned: one shared string per transformation and key length, not one per connection
        // (retained heap, issue 7).
        this.selectionKey = (transformation + "/" + key.length).intern();
        Provider chosen = CHOSEN_PROVIDERS.get(selectionKey);
        this.providerRecorded = chosen != null;
        try {
            this.cipher = chosen == null ? Cipher.getInstance(transformation) : Cipher.getInstance(transformation, chosen);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(transformation + " is missing from this JDK", e);
        }
    }

    /** The JCA parameters carrying {@code nonce} (the spec copies the array). */
    abstract AlgorithmParameterSpec parameters(byte[] nonce);

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
    public final int seal(byte[] nonce, byte[] aad, int aadLen, ByteBuffer src, byte[] trailer, int trailerLen,
            ByteBuffer dst) throws TlsAlertException {
        if (!encrypt) {
            throw new IllegalStateException("this " + algorithm + " instance opens, it cannot seal");
        }
        int start = dst.position();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(nonce));
            recordProvider();
            cipher.updateAAD(aad, 0, aadLen);
            if (trailerLen == 0) {
                cipher.doFinal(src, dst);
            } else {
                cipher.update(src, dst);
                cipher.doFinal(trailerView(trailer, trailerLen), dst);
            }
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw TlsAlertException.internalError(algorithm + " encryption failed: " + e.getMessage(), e);
        }
        return dst.position() - start;
    }

    @Override
    public final int open(byte[] nonce, byte[] aad, int aadLen, ByteBuffer src, ByteBuffer dst)
            throws TlsAlertException {
        if (encrypt) {
            throw new IllegalStateException("this " + algorithm + " instance seals, it cannot open");
        }
        if (src.remaining() < algorithm.tagLength()) {
            // Too short to even hold the tag: it cannot authenticate (RFC 8446 5.2).
            throw new TlsAlertException(AlertDescription.BAD_RECORD_MAC, "record of " + src.remaining()
                    + " bytes is shorter than the " + algorithm.tagLength() + "-byte " + algorithm + " tag");
        }
        int start = dst.position();
        try {
            initForOpen(nonce);
            recordProvider();
            cipher.updateAAD(aad, 0, aadLen);
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
     * The JDK's ChaCha20-Poly1305 refuses to be initialised with the key and nonce of its previous
     * initialisation even for decryption. Opening with the same nonce again is legitimate — after a
     * failed open, a server skipping rejected 0-RTT records tries the next one at the same sequence
     * number (RFC 8446 4.2.10) — so on that refusal, step through another nonce and retry.
     */
    private void initForOpen(byte[] nonce) throws GeneralSecurityException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(nonce));
        } catch (InvalidKeyException refusedRepeat) {
            byte[] other = nonce.clone();
            other[0] ^= 1;
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(other));
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(nonce));
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

    private void recordProvider() {
        if (!providerRecorded) {
            CHOSEN_PROVIDERS.putIfAbsent(selectionKey, cipher.getProvider());
            providerRecorded = true;
        }
    }

        private ByteBuffer trailerView(byte[] trailer, int trailerLen) {
        if (trailer != trailerArray) {
            trailerArray = trailer;
            trailerView = ByteBuffer.wrap(trailer);
        }
        trailerView.limit(trailerLen).position(0);
        return trailerView;
    }

    @Override
    public final void destroy() {
        key.destroy();
    }
}
