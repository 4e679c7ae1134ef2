package dev.keel.tls.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;

/**
 * HMAC (RFC 2104) over the hash of a cipher suite, from the JDK. Used by HKDF and the Finished MAC.
 *
 * <p>A TLS 1.3 handshake computes a few dozen HMACs (every HKDF step is one). {@code Mac.getInstance}
 * costs a provider lookup and about 0.8 KB of garbage each time, so {@link #mac} and {@link #borrow}
 * reuse one {@code Mac} per hash per thread. A borrowed {@code Mac} is taken out of the thread's cache
 * (a nested borrow gets a fresh one) and re-keyed with zeros when given back, so the cache never holds
 * a key's HMAC pads.
 */
public final class Hmac {
    /** Per thread, one idle {@code Mac} per {@link HashAlgorithm} (indexed by ordinal), or null. */
    private static final ThreadLocal<Mac[]> IDLE =
            ThreadLocal.withInitial(() -> new Mac[HashAlgorithm.values().length]);

    private Hmac() {
    }

    /**
     * A new JDK {@code Mac} for {@code hash}, initialised with {@code key}, for a caller that keeps it.
     * The key must not be empty (the JCA rejects empty keys; an empty HMAC key is equivalent to an
     * all-zero key of any length up to the block size, so callers pass zeros instead).
     */
    public static Mac newMac(HashAlgorithm hash, byte[] key) {
        try {
            Mac mac = Mac.getInstance(hash.hmacName());
            init(mac, hash, key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash.hmacName() + " is missing from this JDK", e);
        }
    }

    /**
     * A {@code Mac} for {@code hash} keyed with {@code key}, from this thread's cache when one is idle;
     * hand it back with {@link #giveBack} (in a finally block) when done.
     */
    static Mac borrow(HashAlgorithm hash, byte[] key) {
        Mac[] idle = IDLE.get();
        Mac mac = idle[hash.ordinal()];
        if (mac == null) {
            return newMac(hash, key);
        }
        idle[hash.ordinal()] = null;
        init(mac, hash, key);
        return mac;
    }

    /** Returns a borrowed {@code Mac} to this thread's cache, re-keyed with zeros to drop the secret. */
    static void giveBack(HashAlgorithm hash, Mac mac) {
        init(mac, hash, new byte[hash.length()]);
        IDLE.get()[hash.ordinal()] = mac;
    }

    /**
     * Re-keys a {@code Mac} of {@code hash} that the caller holds (borrowed or new), for an algorithm
     * that changes its HMAC key as it goes (RFC 6979's HMAC_DRBG).
     */
    static void rekey(Mac mac, HashAlgorithm hash, byte[] key) {
        init(mac, hash, key);
    }

    private static void init(Mac mac, HashAlgorithm hash, byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("empty HMAC key: pass Hash.length zero bytes instead");
        }
        RawSecretKey k = new RawSecretKey(key, hash.hmacName());
        try {
            mac.init(k);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(hash.hmacName() + " rejected the key: " + e.getMessage(), e);
        } finally {
            k.destroy();
        }
    }

    /** HMAC-Hash(key, data). */
    public static byte[] mac(HashAlgorithm hash, byte[] key, byte[] data) {
        Mac mac = borrow(hash, key);
        try {
            return mac.doFinal(data);
        } finally {
            giveBack(hash, mac);
        }
    }
}
