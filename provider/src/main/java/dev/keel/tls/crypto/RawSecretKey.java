package dev.keel.tls.crypto;

import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A raw symmetric key that, unlike {@code SecretKeySpec}, can be wiped: {@link #destroy()} zeroes our
 * copy of the key bytes (DESIGN.md "Secrets ... are wiped"). Copies a JCA provider made of the key
 * during {@code Cipher.init} are out of our reach.
 */
final class RawSecretKey implements SecretKey {
    private static final long serialVersionUID = 1L;

    private final String algorithm;
    private final byte[] key;
    private volatile boolean destroyed;

    RawSecretKey(byte[] key, String algorithm) {
        this.key = key.clone();
        this.algorithm = algorithm;
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    /** A copy of the key bytes, as the {@code Key} contract requires. */
    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("key has been destroyed");
        }
        return key.clone();
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }
}
