package dev.keel.tls.crypto;

/**
 * u Q for a public scalar u and a public point Q of P-256 (the u2 Q of a verification), in variable
 * time, by the width-5 non-adjacent form (wNAF).
 *
 * <p>u is rewritten as sum d_i 2^i with every non-zero digit odd, in (-16, 16), and followed by at
 * least four zero digits, so about one in six digits is non-zero. The odd multiples Q, 3Q, ..., 15Q are
 * computed once per verification and converted to affine coordinates with a single inversion; then
 * one doubling per digit and one mixed addition of +-|d_i| Q per non-zero digit: about 256 doublings and
 * 43 additions. (Q is a fresh certificate key in every handshake, so nothing is kept between calls.)
 */
final class P256VariableBase {
    private static final int WIDTH = 5;
    /** Q, 3Q, ..., 15Q. */
    private static final int ODD_MULTIPLES = 1 << (WIDTH - 2);
    /** A 256-bit scalar's wNAF has at most 257 digits. */
    private static final int MAX_DIGITS = 257;

    private P256VariableBase() {
    }

    /** out = u Q, with u in [0, 2^256) (8 little-endian limbs) and Q = (qx, qy) a point of the curve. */
    static void multiply(int[] qx, int[] qy, int[] u, P256Point out, P256Scratch s) {
        int[] table = oddMultiples(qx, qy, s);
        byte[] digits = new byte[MAX_DIGITS];
        int top = recode(u, digits);
        out.setInfinity();
        for (int i = top; i >= 0; i--) {
            if (i != top) {
                out.twice(s);
            }
            int d = digits[i];
            if (d != 0) {
                int offset = ((Math.abs(d) - 1) >> 1) * 16;
                System.arraycopy(table, offset, s.ax, 0, 8);
                System.arraycopy(table, offset + 8, s.ay, 0, 8);
                if (d < 0) {
                    org.bouncycastle.math.ec.custom.sec.SecP256R1Field.negate(s.ay, s.ay);
                }
                out.addAffineVartime(s.ax, s.ay, s);
            }
        }
    }

    /** The affine points (2j + 1) Q for j = 0..7, as x then y, 16 limbs per point. */
    private static int[] oddMultiples(int[] qx, int[] qy, P256Scratch s) {
        P256Point[] points = new P256Point[ODD_MULTIPLES];
        P256Point twoQ = s.point;
        twoQ.setAffine(qx, qy);
        twoQ.twice(s);
        points[0] = new P256Point();
        points[0].setAffine(qx, qy);
        for (int j = 1; j < ODD_MULTIPLES; j++) {
            points[j] = new P256Point();
            points[j].set(points[j - 1]);
            points[j].addVartime(twoQ, s);
        }
        int[] table = new int[ODD_MULTIPLES * 16];
        // Q has prime order n > 15, so none of these multiples is at infinity.
        P256Point.toAffineBatchVartime(points, ODD_MULTIPLES, table, 0, s);
        return table;
    }

    /**
     * Writes the width-5 NAF digits of u into {@code digits} (least significant first) and returns the
     * index of the highest non-zero digit, or -1 when u = 0.
     *
     * <p>Scans u from the bottom with a carry c (the remaining value is (u >> i) + c): when it is even
     * the digit is 0; when odd, the digit is the remaining value's low 5 bits taken as a signed number,
     * which leaves a multiple of 32, so the next four digits are 0 and the carry is 1 when the digit was
     * negative.
     */
    static int recode(int[] u, byte[] digits) {
        int carry = 0;
        int top = -1;
        int i = 0;
        while (i < MAX_DIGITS) {
            if (bits(u, i, 1) == carry) {
                i++;                                   // (u >> i) + carry is even
                continue;
            }
            int word = bits(u, i, WIDTH) + carry;      // odd, at most 31
            int d = word >= (1 << (WIDTH - 1)) ? word - (1 << WIDTH) : word;
            carry = d < 0 ? 1 : 0;
            digits[i] = (byte) d;
            top = i;
            i += WIDTH;
        }
        return top;
    }

    /** {@code count} (<= 5) bits of u starting at bit {@code at}; bits beyond 255 are zero. */
    private static int bits(int[] u, int at, int count) {
        int limb = at >>> 5;
        int shift = at & 31;
        if (limb >= 8) {
            return 0;
        }
        int v = u[limb] >>> shift;
        if (shift + count > 32 && limb + 1 < 8) {
            v |= u[limb + 1] << (32 - shift);
        }
        return v & ((1 << count) - 1);
    }
}
