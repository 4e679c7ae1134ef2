package dev.keel.tls.crypto;

import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat256;

/**
 * A mutable point of P-256 in Jacobian coordinates: (X, Y, Z) stands for the affine point
 * (X/Z^2, Y/Z^3), and Z = 0 for the point at infinity. Operations work in place and take their
 * temporaries from a {@link P256Scratch}, so a scalar multiplication allocates nothing per step.
 *
 * <p>Formulas (from the Explicit-Formulas Database, for short Weierstrass curves with a = -3):
 * <ul>
 *   <li>{@link #twice}: "dbl-2001-b" with Z3 = 2YZ, 4M + 4S;</li>
 *   <li>{@link #addAffine}: mixed addition of an affine point (Z2 = 1), "madd-2004-hmv", 8M + 3S;</li>
 *   <li>{@link #addVartime}: general addition, "add-1998-cmo-2", 12M + 4S.</li>
 * </ul>
 * The addition formulas do not work for P + P, P + (-P) or a point at infinity. {@link #addAffine} is
 * the constant-time one: its caller guarantees none of those cases happens (the signing path proves it
 * from the scalar's digits, {@link P256BaseTable}). The {@code Vartime} operations check for them and
 * branch, so they are only for public data (verification, table building).
 *
 * <p>The field arithmetic is Bouncy Castle's {@code SecP256R1Field}; its final conditional reductions
 * branch on carries, as in Bouncy Castle's own point code: the sequence of field and point operations
 * here is what does not depend on secrets.
 */
final class P256Point {
    final int[] x = Nat256.create();
    final int[] y = Nat256.create();
    final int[] z = Nat256.create();

    P256Point() {
        setInfinity();
    }

    void setInfinity() {
        Nat256.copy(P256Field.ONE, x);
        Nat256.copy(P256Field.ONE, y);
        Nat256.zero(z);
    }

    /** True at infinity (variable time). */
    boolean isInfinity() {
        return Nat256.isZero(z);
    }

    void set(P256Point p) {
        Nat256.copy(p.x, x);
        Nat256.copy(p.y, y);
        Nat256.copy(p.z, z);
    }

    /** Sets this to the affine point (ax, ay), i.e. Z = 1. */
    void setAffine(int[] ax, int[] ay) {
        Nat256.copy(ax, x);
        Nat256.copy(ay, y);
        Nat256.copy(P256Field.ONE, z);
    }

    /** Sets this to {@code p} when {@code mask} is -1, keeps it when 0; constant time. */
    void copyIf(int mask, P256Point p) {
        P256Field.copyIf(mask, p.x, 0, x);
        P256Field.copyIf(mask, p.y, 0, y);
        P256Field.copyIf(mask, p.z, 0, z);
    }

    /** Sets this to the affine point (ax, ay) when {@code mask} is -1, keeps it when 0; constant time. */
    void copyAffineIf(int mask, int[] ax, int[] ay) {
        P256Field.copyIf(mask, ax, 0, x);
        P256Field.copyIf(mask, ay, 0, y);
        P256Field.copyIf(mask, P256Field.ONE, 0, z);
    }

    /**
     * this = 2 * this, for a = -3: with delta = Z^2, alpha = 3 (X - delta)(X + delta), T = (2Y)^2 and
     * S = X T, X3 = alpha^2 - 2S, Y3 = alpha (S - X3) - T^2 / 2, Z3 = 2 Y Z (4M + 4S; the same as
     * "dbl-2001-b" with Z3 = 2YZ multiplied rather than expanded, which saves more additions than the
     * multiplication costs). Infinity stays infinity (Z3 = 0), and so would a point with Y = 0, which
     * P-256 does not have (its order n is odd).
     */
    void twice(P256Scratch s) {
        int[] tt = s.tt;
        int[] delta = s.t0;
        int[] t = s.t1;
        int[] alpha = s.t2;
        int[] m = s.t3;
        int[] halfT2 = s.t4;
        SecP256R1Field.square(z, delta, tt);                  // delta = Z^2
        SecP256R1Field.twice(y, t);                           // 2Y
        SecP256R1Field.multiply(t, z, z, tt);                 // Z3 = 2 Y Z
        SecP256R1Field.square(t, t, tt);                      // T = 4 Y^2
        SecP256R1Field.subtract(x, delta, alpha);
        SecP256R1Field.add(x, delta, m);
        SecP256R1Field.multiply(alpha, m, alpha, tt);         // (X - delta)(X + delta)
        SecP256R1Field.twice(alpha, m);
        SecP256R1Field.add(alpha, m, alpha);                  // alpha
        SecP256R1Field.multiply(x, t, m, tt);                 // S = X T = 4 X Y^2
        SecP256R1Field.square(t, halfT2, tt);
        SecP256R1Field.half(halfT2, halfT2);                  // T^2 / 2 = 8 Y^4
        SecP256R1Field.square(alpha, x, tt);
        SecP256R1Field.twice(m, y);                           // Y is free: 2S
        SecP256R1Field.subtract(x, y, x);                     // X3 = alpha^2 - 2S
        SecP256R1Field.subtract(m, x, m);
        SecP256R1Field.multiply(alpha, m, y, tt);
        SecP256R1Field.subtract(y, halfT2, y);                // Y3 = alpha (S - X3) - 8 Y^4
    }

    /**
     * this = this + (ax, ay), a mixed addition, always the same operations (constant time). The caller
     * guarantees that this is not at infinity and not equal to (ax, ay) or its negation; otherwise the
     * result is garbage (a point with Z = 0), which constant-time callers discard with a mask.
     */
    void addAffine(int[] ax, int[] ay, P256Scratch s) {
        addAffine(ax, ay, s, false);
    }

    /** this = this + (ax, ay) for public points: handles infinity, doubling and P + (-P) by branching. */
    void addAffineVartime(int[] ax, int[] ay, P256Scratch s) {
        if (isInfinity()) {
            setAffine(ax, ay);
            return;
        }
        addAffine(ax, ay, s, true);
    }

    private void addAffine(int[] ax, int[] ay, P256Scratch s, boolean checkExceptions) {
        int[] tt = s.tt;
        int[] h = s.t0;
        int[] r = s.t1;
        int[] t = s.t4;
        SecP256R1Field.square(z, t, tt);                      // Z1^2
        SecP256R1Field.multiply(ax, t, h, tt);                // U2 = x2 Z1^2
        SecP256R1Field.multiply(t, z, t, tt);                 // Z1^3
        SecP256R1Field.multiply(ay, t, r, tt);                // S2 = y2 Z1^3
        SecP256R1Field.subtract(h, x, h);                     // H = U2 - X1
        SecP256R1Field.subtract(r, y, r);                     // R = S2 - Y1
        if (checkExceptions && Nat256.isZero(h)) {
            if (Nat256.isZero(r)) {
                twice(s);                                     // this == (ax, ay)
            } else {
                setInfinity();                                // this == -(ax, ay)
            }
            return;
        }
        finishAddition(h, r, x, y, s);
    }

    /**
     * this = this + q for public points (add-1998-cmo-2), handling infinity, doubling and P + (-P) by
     * branching.
     */
    void addVartime(P256Point q, P256Scratch s) {
        if (q.isInfinity()) {
            return;
        }
        if (isInfinity()) {
            set(q);
            return;
        }
        int[] tt = s.tt;
        int[] u1 = s.t5;
        int[] s1 = s.t6;
        int[] h = s.t0;
        int[] r = s.t1;
        int[] t = s.t2;
        SecP256R1Field.square(q.z, t, tt);                    // Z2^2
        SecP256R1Field.multiply(x, t, u1, tt);                // U1 = X1 Z2^2
        SecP256R1Field.multiply(t, q.z, t, tt);               // Z2^3
        SecP256R1Field.multiply(y, t, s1, tt);                // S1 = Y1 Z2^3
        SecP256R1Field.square(z, t, tt);                      // Z1^2
        SecP256R1Field.multiply(q.x, t, h, tt);               // U2 = X2 Z1^2
        SecP256R1Field.multiply(t, z, t, tt);                 // Z1^3
        SecP256R1Field.multiply(q.y, t, r, tt);               // S2 = Y2 Z1^3
        SecP256R1Field.subtract(h, u1, h);                    // H = U2 - U1
        SecP256R1Field.subtract(r, s1, r);                    // R = S2 - S1
        if (Nat256.isZero(h)) {
            if (Nat256.isZero(r)) {
                twice(s);
            } else {
                setInfinity();
            }
            return;
        }
        SecP256R1Field.multiply(z, q.z, z, tt);               // Z1 Z2; finishAddition multiplies by H
        finishAddition(h, r, u1, s1, s);
    }

    /**
     * The common end of both additions, given H = U2 - U1 and R = S2 - S1 (with U1 = X1, S1 = Y1 for
     * a mixed addition): Z3 = Z H, X3 = R^2 - H^3 - 2 U1 H^2, Y3 = R (U1 H^2 - X3) - S1 H^3. {@code h}
     * and {@code r} are s.t0 and s.t1; {@code u1} and {@code s1} are either this point's X and Y or
     * scratch arrays other than t0 to t4.
     */
    private void finishAddition(int[] h, int[] r, int[] u1, int[] s1, P256Scratch s) {
        int[] tt = s.tt;
        int[] hh = s.t2;
        int[] hhh = s.t3;
        int[] t = s.t4;
        SecP256R1Field.multiply(z, h, z, tt);                 // Z3 = Z H
        SecP256R1Field.square(h, hh, tt);                     // H^2
        SecP256R1Field.multiply(h, hh, hhh, tt);              // H^3
        int[] v = hh;
        SecP256R1Field.multiply(u1, hh, v, tt);               // V = U1 H^2 (last use of u1)
        SecP256R1Field.square(r, t, tt);
        SecP256R1Field.subtract(t, hhh, t);
        SecP256R1Field.subtract(t, v, t);
        SecP256R1Field.subtract(t, v, t);                     // t = X3 = R^2 - H^3 - 2 V
        SecP256R1Field.multiply(s1, hhh, hhh, tt);            // S1 H^3 (last use of s1)
        SecP256R1Field.subtract(v, t, v);
        SecP256R1Field.multiply(r, v, y, tt);
        SecP256R1Field.subtract(y, hhh, y);                   // Y3 = R (V - X3) - S1 H^3
        Nat256.copy(t, x);
    }

    /**
     * The affine x coordinate X / Z^2 into {@code outX}, with a constant-time inversion (for points that
     * depend on a secret). This point must not be at infinity.
     */
    void affineX(int[] outX, P256Scratch s) {
        int[] zInverse = s.t0;
        SecP256R1Field.inv(z, zInverse);
        SecP256R1Field.square(zInverse, zInverse, s.tt);
        SecP256R1Field.multiply(x, zInverse, outX, s.tt);
    }

    /** The affine coordinates into {@code outX} and {@code outY} (variable time; the tests' view of a point). */
    void toAffineVartime(int[] outX, int[] outY, P256Scratch s) {
        int[] zInverse = s.t0;
        int[] t = s.t1;
        P256Field.inverseVartime(z, zInverse);
        SecP256R1Field.square(zInverse, t, s.tt);
        SecP256R1Field.multiply(x, t, outX, s.tt);
        SecP256R1Field.multiply(t, zInverse, t, s.tt);
        SecP256R1Field.multiply(y, t, outY, s.tt);
    }

    /**
     * Converts {@code points[0..count)} (none at infinity) to affine coordinates with a single inversion
     * (Montgomery's trick: invert the product of all Z, then peel off each 1/Z with two
     * multiplications), writing x_i and y_i to {@code out[offset + 16 i ...]}, 8 limbs each. Variable
     * time: for public points.
     */
    static void toAffineBatchVartime(P256Point[] points, int count, int[] out, int offset, P256Scratch s) {
        int[] tt = s.tt;
        // prefix[i] = Z_0 * ... * Z_i, in the scratch's arrays when they suffice (verification)
        int[][] prefix = count <= s.prefix.length ? s.prefix : newLimbs(count);
        Nat256.copy(points[0].z, prefix[0]);
        for (int i = 1; i < count; i++) {
            SecP256R1Field.multiply(prefix[i - 1], points[i].z, prefix[i], tt);
        }
        int[] inverse = s.t0;                                 // 1 / (Z_0 ... Z_i) as i goes down
        int[] zInverse = s.t1;
        int[] t = s.t2;
        int[] coordinate = s.t3;
        P256Field.inverseVartime(prefix[count - 1], inverse);
        for (int i = count - 1; i >= 0; i--) {
            P256Point p = points[i];
            if (i > 0) {
                SecP256R1Field.multiply(inverse, prefix[i - 1], zInverse, tt);
                SecP256R1Field.multiply(inverse, p.z, inverse, tt);
            } else {
                Nat256.copy(inverse, zInverse);
            }
            SecP256R1Field.square(zInverse, t, tt);
            SecP256R1Field.multiply(p.x, t, coordinate, tt);
            System.arraycopy(coordinate, 0, out, offset + 16 * i, 8);
            SecP256R1Field.multiply(t, zInverse, t, tt);
            SecP256R1Field.multiply(p.y, t, coordinate, tt);
            System.arraycopy(coordinate, 0, out, offset + 16 * i + 8, 8);
        }
    }

    private static int[][] newLimbs(int count) {
        int[][] limbs = new int[count][];
        for (int i = 0; i < count; i++) {
            limbs[i] = Nat256.create();
        }
        return limbs;
    }
}
