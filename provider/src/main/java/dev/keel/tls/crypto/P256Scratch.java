package dev.keel.tls.crypto;

import org.bouncycastle.math.raw.Nat256;

/**
 * The temporaries of the P-256 point formulas ({@link P256Point}), allocated once per signature or
 * verification (about 0.8 KB) so that the hundreds of point operations of a scalar multiplication
 * allocate nothing. Not thread-safe: one per operation. Signing wipes it when done ({@link #wipe}),
 * since the temporaries hold multiples of the secret nonce.
 */
final class P256Scratch {
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
    }
}
