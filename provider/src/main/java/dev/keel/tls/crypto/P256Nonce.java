package dev.keel.tls.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.math.raw.Nat256;

/**
 * The per-signature secret k of P-256 ECDSA, "hedged": the deterministic generator of RFC 6979
 * (HMAC_DRBG seeded with the private key and the message digest, section 3.2) with fresh random bytes
 * as its additional input k' (section 3.6).
 *
 * <p>Why hedged rather than only random or only deterministic: with a random k alone, a weak or
 * repeating random generator leaks the private key (two signatures with one k give d away); with
 * RFC 6979 alone, k is a fixed function of the message, which makes fault attacks easier. Mixing both,
 * k stays secret as long as either the private key or the random bytes are. Costs a few HMACs (about
 * as much as one of the 64 point additions in the signing multiplication, {@link P256BaseTable}).
 *
 * <p>The HMAC is HMAC-SHA-256 whatever hash made the digest (RFC 6979 uses the message's hash; for a
 * hedged k any good PRF does, and SHA-256 matches n's 256 bits so every HMAC output is one candidate).
 * With an empty k' and a SHA-256 digest this is exactly RFC 6979, which the tests check against its
 * A.2.5 vectors. Candidates are drawn until one is in [1, n - 1] (section 3.2 step h); {@link #next}
 * after a first k continues the generator as section 3.4 says, for the rare k that gives r = 0 or s = 0.
 */
final class P256Nonce {
    private static final HashAlgorithm SHA256 = HashAlgorithm.SHA256;

    private final byte[] key = new byte[32];
    private final byte[] value = new byte[32];
    /** HMAC keyed with {@link #key}, borrowed from {@link Hmac}'s per-thread cache until {@link #wipe}. */
    private final Hmac mac;
    private boolean started;

    /**
     * Seeds the generator (RFC 6979 3.2 steps a to g): x = int2octets(d), h = bits2octets(digest),
     * then K = HMAC_K(V || 0x00 || x || h || k'), V = HMAC_K(V), and once more with 0x01.
     */
    P256Nonce(BigInteger d, byte[] digest, byte[] additionalInput) {
        byte[] x = new byte[32];
        byte[] h = new byte[32];
        try {
            int2octets(d, x);
            bits2octets(digest, h);
            Arrays.fill(value, (byte) 0x01);
            mac = Hmac.borrow(SHA256, key);              // K = 0x00 ... 0x00
            reseed((byte) 0x00, x, h, additionalInput);
            reseed((byte) 0x01, x, h, additionalInput);
        } finally {
            Arrays.fill(x, (byte) 0);
            Arrays.fill(h, (byte) 0);
        }
    }

    /** d as 32 big-endian bytes (RFC 6979 2.3.3). */
    private static void int2octets(BigInteger d, byte[] out) {
        byte[] minimal = d.toByteArray();                // d < n: at most 32 bytes and a sign byte
        int length = Math.min(minimal.length, 32);
        System.arraycopy(minimal, minimal.length - length, out, 32 - length, length);
        Arrays.fill(minimal, (byte) 0);
    }

    /** bits2int(digest) mod n as 32 big-endian bytes (RFC 6979 2.3.4); bits2int < 2^256 < 2n. */
    private static void bits2octets(byte[] digest, byte[] out) {
        int[] h = new int[8];
        P256Field.fromBytes(digest, 0, Math.min(digest.length, 32), h);
        if (Nat256.gte(h, P256Field.N_LIMBS)) {         // the digest is not secret
            Nat256.sub(h, P256Field.N_LIMBS, h);
        }
        P256Field.toBytes(h, out, 0);
    }

    /** K = HMAC_K(V || tag || x || h || k'); V = HMAC_K(V). */
    private void reseed(byte tag, byte[] x, byte[] h, byte[] additionalInput) {
        mac.update(value, 0, value.length);
        mac.update(tag);
        mac.update(x, 0, x.length);
        mac.update(h, 0, h.length);
        mac.update(additionalInput, 0, additionalInput.length);
        newKey();
    }

    /** K = HMAC_K(what was fed to the MAC); the MAC is re-keyed with K; V = HMAC_K(V). */
    private void newKey() {
        mac.doFinal(key, 0, key.length);
        mac.rekey(key);
        hmacValue();
    }

    /** V = HMAC_K(V). */
    private void hmacValue() {
        mac.update(value, 0, value.length);
        mac.doFinal(value, 0, value.length);
    }

    /** K = HMAC_K(V || 0x00); V = HMAC_K(V): the update after a rejected candidate (3.2 step h.3). */
    private void update() {
        mac.update(value, 0, value.length);
        mac.update((byte) 0x00);
        newKey();
    }

    /** Writes the next k in [1, n - 1] into {@code k} (8 little-endian limbs). */
    void next(int[] k) {
        if (started) {
            update();
        }
        started = true;
        while (true) {
            hmacValue();
            P256Field.fromBytes(value, k);           // bits2int(T): qlen = hlen = 256
            if (isInRange(k)) {
                return;
            }
            update();
        }
    }

    /**
     * 1 <= k <= n - 1, computed without branching on k's limbs (only the answer, which is public in the
     * sense that a rejection costs visible time anyway, comes out).
     */
    private static boolean isInRange(int[] k) {
        long borrow = 0;
        int any = 0;
        for (int i = 0; i < 8; i++) {
            borrow += (k[i] & 0xffffffffL) - (P256Field.N_LIMBS[i] & 0xffffffffL);
            borrow >>= 32;                           // -1 while k - n is negative so far, else 0
            any |= k[i];
        }
        return (borrow & ((any | -any) >> 31)) != 0; // k < n and k != 0
    }

    /** Forgets the generator state and gives the MAC back (wiped). */
    void wipe() {
        Arrays.fill(key, (byte) 0);
        Arrays.fill(value, (byte) 0);
        Hmac.giveBack(mac);
    }
}
