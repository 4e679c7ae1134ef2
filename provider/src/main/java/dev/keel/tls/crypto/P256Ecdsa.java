package dev.keel.tls.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Mod;
import org.bouncycastle.math.raw.Nat256;

/**
 * ECDSA on P-256 (SEC 1 4.1.3 and 4.1.4; FIPS 186-4 6.4), Keel's own point arithmetic over Bouncy
 * Castle's field arithmetic. It exists for the handshake's allocation budget: Bouncy Castle's generic
 * point code allocates a new point per step, about 52 KB per signature and 162 KB per verification
 * with a fresh key; this allocates about 3 KB for either (digest and DER included; the point
 * workspace is borrowed per thread, {@link P256Scratch}), and is faster
 * (numbers in {@link EcdsaBackend}).
 *
 * <ul>
 *   <li>Signing is constant time in the nonce k: k G by {@link P256BaseTable#multiply}, whose sequence of
 *       operations and memory accesses does not depend on k; x(kG) with a constant-time inversion; 1/k
 *       by Bouncy Castle's constant-time {@code Mod.checkedModOddInverse} on k's limbs. The private key
 *       d enters only the nonce's HMAC ({@link P256Nonce}, hedged) and s = (e + r d) / k, computed with
 *       {@code BigInteger} as Bouncy Castle's signer does.</li>
 *   <li>Verification works on public data only, in variable time: u1 G + u2 Q by interleaved wNAF
 *       ({@link P256LinearCombination}), and x(R) compared with r without an inversion.</li>
 * </ul>
 * The digest may have any length: e is its leftmost 256 bits (SEC 1 4.1.3 step 5).
 */
final class P256Ecdsa {
    private static final BigInteger N = P256Field.N;
    /** r + n is still below p for r < p - n: then x(R) = r + n also matches r (SEC 1 4.1.4 step 7). */
    private static final BigInteger P_MINUS_N = P256Field.P_BIG.subtract(N);
    private static final SecureRandom DEFAULT_RANDOM = new SecureRandom();

    private P256Ecdsa() {
    }

    /** e: the digest's leftmost 256 bits as an integer (SEC 1 4.1.3 step 5, RFC 6979 bits2int). */
    static BigInteger bits2int(byte[] digest) {
        return new BigInteger(1, digest, 0, Math.min(digest.length, 32));
    }

    /**
     * The DER signature of {@code digest} with the private key {@code d} in [1, n - 1]; {@code random}
     * (a default {@code SecureRandom} when null) feeds the hedged nonce.
     */
    static byte[] sign(BigInteger d, byte[] digest, SecureRandom random) {
        byte[] fresh = new byte[32];
        (random == null ? DEFAULT_RANDOM : random).nextBytes(fresh);
        P256Nonce nonces = new P256Nonce(d, digest, fresh);
        int[] k = Nat256.create();
        try {
            while (true) {
                nonces.next(k);
                BigInteger[] rs = signWithNonce(d, digest, k);
                if (rs != null) {
                    return EcdsaSignatureDer.encode(rs[0], rs[1]);
                }
                // r = 0 or s = 0 (probability about 2^-255): the next k (RFC 6979 3.4).
            }
        } finally {
            nonces.wipe();
            Nat256.zero(k);
            java.util.Arrays.fill(fresh, (byte) 0);
        }
    }

    /**
     * (r, s) for the nonce {@code k} in [1, n - 1] (8 little-endian limbs), or {@code null} when r or s
     * is 0 and another k is needed (SEC 1 4.1.3 steps 1 to 6). Package-private for the tests, which
     * compare with Bouncy Castle given the same k.
     */
    static BigInteger[] signWithNonce(BigInteger d, byte[] digest, int[] k) {
        P256Scratch s = P256Scratch.borrow();
        P256Point kG = s.result;
        int[] x = Nat256.create();
        int[] kInverse = Nat256.create();
        try {
            P256BaseTable.multiply(k, kG, s);
            kG.affineX(x, s);
            // x < p < 2n, so x mod n is x or x - n; x is public once r is.
            BigInteger r = Nat256.toBigInteger(x).mod(N);
            if (r.signum() == 0) {
                return null;
            }
            // 1/k in constant time, from k's limbs (no BigInteger of k is ever made).
            Mod.checkedModOddInverse(P256Field.N_LIMBS, k, kInverse);
            BigInteger sig = Nat256.toBigInteger(kInverse).multiply(bits2int(digest).add(r.multiply(d))).mod(N);
            if (sig.signum() == 0) {
                return null;
            }
            return new BigInteger[] {r, sig};
        } finally {
            P256Scratch.giveBack(s);                          // wipes the multiples of k
            Nat256.zero(kInverse);
        }
    }

    /** True when {@code der} is a canonical DER signature of {@code digest} by the public key {@code q}. */
    static boolean verify(P256PublicKey q, byte[] digest, byte[] der) {
        BigInteger[] rs = EcdsaSignatureDer.decode(der);
        if (rs == null) {
            return false;
        }
        BigInteger r = rs[0];
        BigInteger s = rs[1];
        if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
            return false;                                    // SEC 1 4.1.4 step 1
        }
        int[] w = Nat256.create();
        Mod.checkedModOddInverseVar(P256Field.N_LIMBS, P256Field.limbs(s), w);    // w = 1/s (step 4)
        BigInteger wBig = Nat256.toBigInteger(w);
        int[] u1 = P256Field.limbs(bits2int(digest).multiply(wBig).mod(N));
        int[] u2 = P256Field.limbs(r.multiply(wBig).mod(N));
        P256Scratch scratch = P256Scratch.borrow();
        try {
            P256Point point = scratch.result;
            P256LinearCombination.multiply(u1, q.x, q.y, u2, point, scratch);     // R = u1 G + u2 Q (step 5)
            if (point.isInfinity()) {
                return false;
            }
            return xMatches(point, r, scratch)
                    || (r.compareTo(P_MINUS_N) < 0 && xMatches(point, r.add(N), scratch));
        } finally {
            P256Scratch.giveBack(scratch);
        }
    }

    /** x(R) = X / Z^2 equals {@code candidate} (below p), tested as X = candidate * Z^2: no inversion. */
    private static boolean xMatches(P256Point point, BigInteger candidate, P256Scratch s) {
        int[] z2 = s.t0;
        int[] scaled = s.t1;
        SecP256R1Field.square(point.z, z2, s.tt);
        SecP256R1Field.multiply(P256Field.limbs(candidate), z2, scaled, s.tt);
        return Nat256.eq(scaled, point.x);
    }
}
