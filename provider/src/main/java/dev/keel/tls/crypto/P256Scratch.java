package dev.keel.tls.crypto;

import org.bouncycastle.math.raw.Nat256;

/**
 * The temporaries of the P-256 point formulas ({@link P256Point}) and of a verification's tables
 * ({@link P256LinearCombination}), so that the hundreds of point operations of a scalar multiplication
 * allocate nothing. Not thread-safe: one per operation at a time. Signing and verification
 * {@link #borrow} this thread's instance (about 3 KB, made once per thread) and {@link #giveBack} it
 * wiped, since a signature's temporaries hold multiples of the secret nonce.
 */
final class P256Scratch {
    /** This thread's idle instance, or null while it is borrowed (a nested borrow makes a new one). */
    private static final ThreadLocal<P256Scratch> IDLE = new ThreadLocal<>();

    /** Odd multiples of the public key for verification (width 5: Q, 3Q, ..., 15Q). */
    static final int VERIFY_TABLE_POINTS = 8;

    final int[] t0 = Nat256.create();
    final int[] t1 = Nat256.create();
    final int[] t2 = Nat256.create();
    final int[] t3 = Nat256.create();
    final int[] t4 = Nat256.create();
    final int[] t5 = Nat256.create();
    final int[] t6 = Nat256.create();
    /** The double-width product buffer that {@code SecP256R1Field.multiply} and {@code square} reduce from. */
    final int[] tt = Nat256.createExt();
    /** An affine point picked from a table: x and y. */
    final int[] ax = Nat256.create();
    final int[] ay = Nat256.create();
    /** A second point, e.g. the candidate sum of a constant-time step. */
    final P256Point point = new P256Point();
    /** A result point (k G when signing, u1 G + u2 Q when verifying). */
    final P256Point result = new P256Point();
    /** Verification: the public key's odd multiples, their affine table, and the batch inversion's prefix products. */
    final P256Point[] tablePoints = newPoints(VERIFY_TABLE_POINTS);
    final int[] table = new int[VERIFY_TABLE_POINTS * 16];
    final int[][] prefix = newLimbs(VERIFY_TABLE_POINTS);
    /** Verification: the wNAF digits of u1 and u2 (zeroed before each use). */
    final byte[] gDigits = new byte[P256LinearCombination.MAX_DIGITS];
    final byte[] qDigits = new byte[P256LinearCombination.MAX_DIGITS];

    /** This thread's instance, or a new one when it is already in use. Hand it back with {@link #giveBack}. */
    static P256Scratch borrow() {
        P256Scratch s = IDLE.get();
        if (s == null) {
            return new P256Scratch();
        }
        IDLE.set(null);
        return s;
    }

    /** Wipes {@code s} and keeps it as this thread's idle instance. */
    static void giveBack(P256Scratch s) {
        s.wipe();
        IDLE.set(s);
    }

    private static P256Point[] newPoints(int count) {
        P256Point[] points = new P256Point[count];
        for (int i = 0; i < count; i++) {
            points[i] = new P256Point();
        }
        return points;
    }

    private static int[][] newLimbs(int count) {
        int[][] limbs = new int[count][];
        for (int i = 0; i < count; i++) {
            limbs[i] = Nat256.create();
        }
        return limbs;
    }

    /** Zeroes every temporary. */
    void wipe() {
        Nat256.zero(t0);
        Nat256.zero(t1);
        Nat256.zero(t2);
        Nat256.zero(t3);
        Nat256.zero(t4);
        Nat256.zero(t5);
        Nat256.zero(t6);
        Nat256.zero(ax);
        Nat256.zero(ay);
        java.util.Arrays.fill(tt, 0);
        point.setInfinity();
        result.setInfinity();
    }
}
