package dev.keel.tls.crypto;

import java.math.BigInteger;
import java.security.spec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat256;

/**
 * A validated P-256 public key: an affine point (x, y) on the curve, not at infinity (SEC 1 3.2.2.1,
 * the partial validation that suffices for ECDSA verification: P-256 has cofactor 1, so every point of
 * the curve other than infinity has order n).
 *
 * <p>Certificate keys are fresh objects in every handshake, so nothing is cached: validating costs one
 * squaring and two multiplications.
 */
final class P256PublicKey {
    final int[] x;
    final int[] y;

    private P256PublicKey(int[] x, int[] y) {
        this.x = x;
        this.y = y;
    }

    /** The key for the JCA point {@code w}, or {@code null} when w is infinity, off the curve or out of range. */
    static P256PublicKey of(ECPoint w) {
        if (w == null || w == ECPoint.POINT_INFINITY) {
            return null;
        }
        BigInteger affineX = w.getAffineX();
        BigInteger affineY = w.getAffineY();
        if (!isFieldElement(affineX) || !isFieldElement(affineY)) {
            return null;
        }
        int[] x = P256Field.limbs(affineX);
        int[] y = P256Field.limbs(affineY);
        return isOnCurve(x, y) ? new P256PublicKey(x, y) : null;
    }

    /** 0 <= v < p. */
    private static boolean isFieldElement(BigInteger v) {
        return v != null && v.signum() >= 0 && v.compareTo(P256Field.P_BIG) < 0;
    }

    /** y^2 = x^3 - 3x + b (SEC 2 2.4.2). */
    static boolean isOnCurve(int[] x, int[] y) {
        int[] tt = Nat256.createExt();
        int[] right = Nat256.create();
        int[] left = Nat256.create();
        int[] three = Nat256.create();
        three[0] = 3;
        SecP256R1Field.square(x, right, tt);
        SecP256R1Field.subtract(right, three, right);
        SecP256R1Field.multiply(right, x, right, tt);      // x^3 - 3x
        SecP256R1Field.add(right, P256Field.B, right);
        SecP256R1Field.square(y, left, tt);
        return Nat256.eq(left, right);
    }
}
