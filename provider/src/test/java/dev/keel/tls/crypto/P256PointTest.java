package dev.keel.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.raw.Nat256;
import org.junit.jupiter.api.Test;

/** Keel's P-256 point arithmetic against Bouncy Castle's {@code ECPoint.multiply}. */
class P256PointTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final X9ECParameters BC = CustomNamedCurves.getByName("secp256r1");
    private static final ECPoint G = BC.getG();
    private static final BigInteger N = BC.getN();

    /** k = 1, 2, 3, 15, 16, 17, 2^i, n - 1, n - 2, (n - 1) / 2, and 200 random scalars in [1, n - 1]. */
    private static List<BigInteger> scalars() {
        List<BigInteger> ks = new ArrayList<>();
        for (long k : new long[] {1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 32, 33, 255, 256, 257, 0xffff}) {
            ks.add(BigInteger.valueOf(k));
        }
        for (int i : new int[] {1, 4, 5, 31, 32, 33, 63, 64, 127, 128, 200, 252, 253, 254, 255}) {
            ks.add(BigInteger.ONE.shiftLeft(i));
            ks.add(BigInteger.ONE.shiftLeft(i).subtract(BigInteger.ONE));
        }
        ks.add(N.subtract(BigInteger.ONE));
        ks.add(N.subtract(BigInteger.TWO));
        ks.add(N.subtract(BigInteger.ONE).shiftRight(1));
        ks.add(N.shiftRight(1).add(BigInteger.ONE));
        ks.add(N.subtract(BigInteger.ONE.shiftLeft(128)));
        for (int i = 0; i < 200; i++) {
            ks.add(randomScalar());
        }
        return ks;
    }

    private static BigInteger randomScalar() {
        BigInteger k;
        do {
            k = new BigInteger(256, RANDOM);
        } while (k.signum() == 0 || k.compareTo(N) >= 0);
        return k;
    }

    private static void assertPoint(ECPoint expected, P256Point actual, String what) {
        ECPoint e = expected.normalize();
        int[] x = Nat256.create();
        int[] y = Nat256.create();
        assertFalse(actual.isInfinity(), what);
        actual.toAffineVartime(x, y, new P256Scratch());
        assertEquals(e.getAffineXCoord().toBigInteger(), Nat256.toBigInteger(x), what + ": x");
        assertEquals(e.getAffineYCoord().toBigInteger(), Nat256.toBigInteger(y), what + ": y");
    }

    @Test
    void baseTableEntriesAreMultiplesOfG() {
        for (int i = 0; i < 64; i++) {
            for (int d = 1; d <= 15; d++) {
                if (i > 2 && i < 61 && d != 1 && d != 15 && i % 7 != 0) {
                    continue; // all positions' first and last entries, and every entry of a few positions
                }
                ECPoint expected = G.multiply(BigInteger.valueOf(d).shiftLeft(4 * i)).normalize();
                int[][] entry = P256BaseTable.entry(i, d);
                assertEquals(expected.getAffineXCoord().toBigInteger(), Nat256.toBigInteger(entry[0]), i + "," + d);
                assertEquals(expected.getAffineYCoord().toBigInteger(), Nat256.toBigInteger(entry[1]), i + "," + d);
            }
        }
    }

    @Test
    void constantTimeFixedBaseMatchesBouncyCastle() {
        P256Scratch s = new P256Scratch();
        P256Point out = new P256Point();
        for (BigInteger k : scalars()) {
            P256BaseTable.multiply(P256Field.limbs(k), out, s);
            assertPoint(G.multiply(k), out, "k = " + k.toString(16));
        }
    }

    @Test
    void constantTimeAffineXMatchesBouncyCastle() {
        P256Scratch s = new P256Scratch();
        P256Point out = new P256Point();
        int[] x = Nat256.create();
        for (int i = 0; i < 50; i++) {
            BigInteger k = randomScalar();
            P256BaseTable.multiply(P256Field.limbs(k), out, s);
            out.affineX(x, s);
            assertEquals(G.multiply(k).normalize().getAffineXCoord().toBigInteger(), Nat256.toBigInteger(x));
        }
    }

    @Test
    void linearCombinationMatchesBouncyCastle() {
        P256Scratch s = new P256Scratch();
        P256Point out = new P256Point();
        List<ECPoint> bases = List.of(G, G.multiply(randomScalar()).normalize(),
                G.multiply(randomScalar()).normalize(), G.negate().normalize());
        List<BigInteger> scalars = scalars();
        for (ECPoint q : bases) {
            int[] qx = P256Field.limbs(q.getAffineXCoord().toBigInteger());
            int[] qy = P256Field.limbs(q.getAffineYCoord().toBigInteger());
            for (int i = 0; i < scalars.size(); i++) {
                BigInteger u2 = scalars.get(i);
                BigInteger u1 = scalars.get((i * 7 + 3) % scalars.size());
                // u2 Q alone (the variable-base path), u1 G alone (the fixed-base path), then both.
                P256LinearCombination.multiply(Nat256.create(), qx, qy, P256Field.limbs(u2), out, s);
                assertPoint(q.multiply(u2), out, "u2 = " + u2.toString(16));
                P256LinearCombination.multiply(P256Field.limbs(u1), qx, qy, Nat256.create(), out, s);
                assertPoint(G.multiply(u1), out, "u1 = " + u1.toString(16));
                P256LinearCombination.multiply(P256Field.limbs(u1), qx, qy, P256Field.limbs(u2), out, s);
                assertPoint(G.multiply(u1).add(q.multiply(u2)), out, u1.toString(16) + ", " + u2.toString(16));
            }
            P256LinearCombination.multiply(Nat256.create(), qx, qy, Nat256.create(), out, s);
            assertTrue(out.isInfinity());
        }
        // u1 G + u2 Q = infinity when Q = G and u1 = n - u2; and 2G when u1 = u2 = 1, Q = G (a doubling
        // inside the addition).
        int[] gx = P256Field.limbs(G.getAffineXCoord().toBigInteger());
        int[] gy = P256Field.limbs(G.getAffineYCoord().toBigInteger());
        BigInteger u = randomScalar();
        P256LinearCombination.multiply(P256Field.limbs(N.subtract(u)), gx, gy, P256Field.limbs(u), out, s);
        assertTrue(out.isInfinity());
        int[] one = P256Field.limbs(BigInteger.ONE);
        P256LinearCombination.multiply(one, gx, gy, one, out, s);
        assertPoint(G.twice(), out, "G + G");
    }

    @Test
    void oddMultiplesAreAffineMultiples() {
        ECPoint q = G.multiply(randomScalar()).normalize();
        int[] table = P256LinearCombination.oddMultiples(P256Field.limbs(q.getAffineXCoord().toBigInteger()),
                P256Field.limbs(q.getAffineYCoord().toBigInteger()), 5, new P256Scratch());
        for (int j = 0; j < 8; j++) {
            ECPoint expected = q.multiply(BigInteger.valueOf(2 * j + 1)).normalize();
            assertEquals(expected.getAffineXCoord().toBigInteger(),
                    Nat256.toBigInteger(java.util.Arrays.copyOfRange(table, 16 * j, 16 * j + 8)));
            assertEquals(expected.getAffineYCoord().toBigInteger(),
                    Nat256.toBigInteger(java.util.Arrays.copyOfRange(table, 16 * j + 8, 16 * j + 16)));
        }
    }

    @Test
    void wnafDigitsSumToTheScalar() {
        for (int width : new int[] {5, 8}) {
            for (BigInteger k : scalars()) {
                byte[] digits = new byte[257];
                int top = P256LinearCombination.recode(P256Field.limbs(k), width, digits);
                BigInteger sum = BigInteger.ZERO;
                int lastNonZero = -1000;
                for (int i = 0; i < digits.length; i++) {
                    int d = digits[i];
                    if (d != 0) {
                        assertTrue(d % 2 != 0 && Math.abs(d) < 1 << (width - 1), "digit " + d);
                        assertTrue(i - lastNonZero >= width, "non-zero digits at least w apart");
                        lastNonZero = i;
                        sum = sum.add(BigInteger.valueOf(d).shiftLeft(i));
                    }
                }
                assertEquals(lastNonZero, top);
                assertEquals(k, sum);
            }
        }
        byte[] digits = new byte[257];
        assertEquals(-1, P256LinearCombination.recode(Nat256.create(), 5, digits));
        // 2^256 - 1 needs the 257th digit: -1 + 2^256.
        int[] ones = new int[8];
        java.util.Arrays.fill(ones, -1);
        assertEquals(256, P256LinearCombination.recode(ones, 5, digits));
    }

    @Test
    void additionHandlesItsExceptionalCasesInVariableTime() {
        P256Scratch s = new P256Scratch();
        ECPoint q = G.multiply(randomScalar()).normalize();
        int[] qx = P256Field.limbs(q.getAffineXCoord().toBigInteger());
        int[] qy = P256Field.limbs(q.getAffineYCoord().toBigInteger());
        int[] minusQy = P256Field.limbs(q.negate().normalize().getAffineYCoord().toBigInteger());

        P256Point p = new P256Point();
        p.addAffineVartime(qx, qy, s);                        // infinity + Q
        assertPoint(q, p, "O + Q");
        p.addAffineVartime(qx, qy, s);                        // Q + Q
        assertPoint(q.twice(), p, "Q + Q");
        P256Point doubled = new P256Point();
        doubled.set(p);
        p.twice(s);
        p.addVartime(doubled, s);                             // 4Q + 2Q
        assertPoint(q.multiply(BigInteger.valueOf(6)), p, "4Q + 2Q");
        P256Point same = new P256Point();
        same.set(p);
        p.addVartime(same, s);                                // 6Q + 6Q, Z differs from 1
        assertPoint(q.multiply(BigInteger.valueOf(12)), p, "6Q + 6Q");

        P256Point one = new P256Point();
        one.setAffine(qx, qy);
        one.addAffineVartime(qx, minusQy, s);                 // Q + (-Q)
        assertTrue(one.isInfinity());
        one.addVartime(doubled, s);                           // O + 2Q
        assertPoint(q.twice(), one, "O + 2Q");
        P256Point minusTwoQ = new P256Point();
        minusTwoQ.setAffine(qx, minusQy);
        minusTwoQ.twice(s);
        one.addVartime(minusTwoQ, s);                         // 2Q + (-2Q), both Jacobian
        assertTrue(one.isInfinity());
        doubled.addVartime(new P256Point(), s);               // 2Q + O
        assertPoint(q.twice(), doubled, "2Q + O");
    }

    @Test
    void publicKeysAreValidated() {
        ECPoint q = G.multiply(randomScalar()).normalize();
        BigInteger x = q.getAffineXCoord().toBigInteger();
        BigInteger y = q.getAffineYCoord().toBigInteger();
        P256PublicKey key = P256PublicKey.of(new java.security.spec.ECPoint(x, y));
        assertNotNull(key);
        assertArrayEquals(P256Field.limbs(x), key.x);
        assertNull(P256PublicKey.of(new java.security.spec.ECPoint(x, y.add(BigInteger.ONE))));
        assertNull(P256PublicKey.of(new java.security.spec.ECPoint(x, y.add(P256Field.P_BIG))));
        assertNull(P256PublicKey.of(new java.security.spec.ECPoint(x.add(P256Field.P_BIG), y)));
        assertNull(P256PublicKey.of(new java.security.spec.ECPoint(x, y.negate())));
        assertNull(P256PublicKey.of(java.security.spec.ECPoint.POINT_INFINITY));
        assertNull(P256PublicKey.of(null));
        // (0, sqrt(b)) exists on P-256? Whether or not, (0, 0) is off the curve (b != 0).
        assertNull(P256PublicKey.of(new java.security.spec.ECPoint(BigInteger.ZERO, BigInteger.ZERO)));
        // -Q is on the curve too.
        assertNotNull(P256PublicKey.of(new java.security.spec.ECPoint(x, P256Field.P_BIG.subtract(y))));
    }
}
