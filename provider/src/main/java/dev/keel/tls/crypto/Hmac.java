package dev.keel.tls.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;

/** HMAC (RFC 2104) over the hash of a cipher suite, from the JDK. Used by HKDF and the Finished MAC. */
public final class Hmac {
    private Hmac() {
    }

    /**
     * A JDK {@code Mac} for {@code hash}, initialised with {@code key}. The key must not be empty (the
     * JCA rejects empty keys; an empty HMAC key is equivalent to an all-zero key of any length up to the
     * block size, so callers pass zeros instead).
     */
    public static Mac newMac(HashAlgorithm hash, byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("empty HMAC key: pass Hash.length zero bytes instead");
        }
        RawSecretKey k = new RawSecretKey(key, hash.hmacName());
        try {
            Mac mac = Mac.getInstance(hash.hmacName());
            mac.init(k);
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(hash.hmacName() + " rejected the key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash.hmacName() + " is missing from this JDK", e);
        } finally {
            k.destroy();
        }
    }

    /** HMAC-Hash(key, data). */
    public static byte[] mac(HashAlgorithm hash, byte[] key, byte[] data) {
        return newMac(hash, key).doFinal(data);
    }
}
