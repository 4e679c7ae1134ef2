package dev.keel.tls.crypto;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HMAC (RFC 2104) over the hash of a cipher suite. Used by HKDF, the TLS 1.3 Finished MAC, the TLS 1.2
 * PRF and the P-256 nonce generator.
 *
 * <p>Computed here over a JDK {@code MessageDigest} rather than with {@code javax.crypto.Mac}: a
 * handshake computes a few dozen HMACs with as many different keys, and every {@code Mac.init} makes a
 * key object whose {@code getEncoded()} copies the key, plus the JDK's own copies and pad arrays. Here
 * an instance keeps its pads and its digest and is re-keyed in place, so an HMAC allocates nothing.
 * RFC 2104 section 2:
 * <pre>
 *   K0 = K padded with zeros to the block size B (K hashed first if longer than B)
 *   HMAC(K, text) = H((K0 ^ opad) || H((K0 ^ ipad) || text)),  ipad = 0x36..., opad = 0x5c...
 * </pre>
 * An empty key is allowed (K0 is then all zeros, as for a key of zeros no longer than B).
 *
 * <p>{@link #mac} and {@link #borrow} reuse one instance per hash per thread. A borrowed instance is
 * taken out of the thread's cache (a nested borrow gets a fresh one) and wiped when given back, so the
 * cache never holds a key's pads. An instance is not thread-safe.
 */
public final class Hmac {
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    /** Per thread, one idle instance per {@link HashAlgorithm} (indexed by ordinal), or null. */
    private static final ThreadLocal<Hmac[]> IDLE =
            ThreadLocal.withInitial(() -> new Hmac[HashAlgorithm.values().length]);

    private final HashAlgorithm hash;
    private final MessageDigest digest;
    /** K0 ^ ipad and K0 ^ opad, one block each. */
    private final byte[] innerPad;
    private final byte[] outerPad;
    /** The inner hash, then (for a shortened output) the whole HMAC; wiped when given back. */
    private final byte[] scratch;

    private Hmac(HashAlgorithm hash) {
        this.hash = hash;
        this.digest = hash.newDigest();
        this.innerPad = new byte[hash.blockLength()];
        this.outerPad = new byte[hash.blockLength()];
        this.scratch = new byte[hash.length()];
    }

    /** HMAC-Hash(key, data). */
    public static byte[] mac(HashAlgorithm hash, byte[] key, byte[] data) {
        Hmac mac = borrow(hash, key);
        try {
            mac.update(data, 0, data.length);
            byte[] out = new byte[hash.length()];
            mac.doFinal(out, 0, out.length);
            return out;
        } finally {
            giveBack(mac);
        }
    }

    /**
     * An instance for {@code hash} keyed with {@code key}, from this thread's cache when one is idle;
     * hand it back with {@link #giveBack} (in a finally block) when done.
     */
    static Hmac borrow(HashAlgorithm hash, byte[] key) {
        Hmac[] idle = IDLE.get();
        Hmac mac = idle[hash.ordinal()];
        if (mac == null) {
            mac = new Hmac(hash);
        } else {
            idle[hash.ordinal()] = null;
        }
        mac.rekey(key);
        return mac;
    }

    /** Wipes a borrowed instance (pads, digest state, scratch) and returns it to this thread's cache. */
    static void giveBack(Hmac mac) {
        Arrays.fill(mac.innerPad, (byte) 0);
        Arrays.fill(mac.outerPad, (byte) 0);
        Arrays.fill(mac.scratch, (byte) 0);
        mac.digest.reset();
        IDLE.get()[mac.hash.ordinal()] = mac;
    }

    /**
     * Starts over with {@code key} (the array may be overwritten by the caller afterwards), for an
     * algorithm that changes its HMAC key as it goes (RFC 6979's HMAC_DRBG); discards any input fed so
     * far.
     */
    void rekey(byte[] key) {
        digest.reset();
        int keyLength = key.length;
        if (keyLength > innerPad.length) {
            // RFC 2104 section 2: a key longer than B is replaced by H(K).
            digest.update(key, 0, keyLength);
            finish(innerPad, 0);
            keyLength = hash.length();
        } else {
            System.arraycopy(key, 0, innerPad, 0, keyLength);
        }
        Arrays.fill(innerPad, keyLength, innerPad.length, (byte) 0);
        for (int i = 0; i < innerPad.length; i++) {
            outerPad[i] = (byte) (innerPad[i] ^ OPAD);
            innerPad[i] ^= IPAD;
        }
        digest.update(innerPad, 0, innerPad.length);
    }

    /** Feeds {@code length} bytes of {@code data} from {@code offset} to the MAC. */
    void update(byte[] data, int offset, int length) {
        digest.update(data, offset, length);
    }

    /** Feeds one byte to the MAC. */
    void update(byte b) {
        digest.update(b);
    }

    /**
     * Writes the first {@code length} bytes (at most Hash.length) of the MAC of everything fed since
     * keying (or since the last {@code doFinal}) to {@code out} at {@code offset}, and starts a new
     * message under the same key.
     */
    void doFinal(byte[] out, int offset, int length) {
        int hashLength = hash.length();
        if (length > hashLength) {
            throw new IllegalArgumentException(hash + " HMAC has " + hashLength + " bytes, not " + length);
        }
        finish(scratch, 0);                            // inner = H((K0 ^ ipad) || text)
        digest.update(outerPad, 0, outerPad.length);
        digest.update(scratch, 0, hashLength);
        if (length == hashLength) {
            finish(out, offset);
        } else {
            finish(scratch, 0);
            System.arraycopy(scratch, 0, out, offset, length);
        }
        digest.update(innerPad, 0, innerPad.length);   // ready for the next message
    }

    /** Completes the digest into {@code out} at {@code offset} (Hash.length bytes) and resets it. */
    private void finish(byte[] out, int offset) {
        try {
            digest.digest(out, offset, hash.length());
        } catch (DigestException e) {
            throw new IllegalStateException(hash + " digest refused a " + hash.length() + "-byte output", e);
        }
    }
}
