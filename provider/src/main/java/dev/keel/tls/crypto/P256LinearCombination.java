package dev.keel.tls.crypto;

import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;

/**
 * u1 G + u2 Q for public scalars u1, u2 and a public point Q of P-256 (SEC 1 4.1.4 step 5, the heart of
 * a verification), in variable time: both scalars in width-w non-adjacent form (wNAF), interleaved so
 * that they share one chain of doublings ("Shamir's trick").
 *
 * <p>A scalar in wNAF is sum d_i 2^i where every non-zero digit is odd, below 2^(w-1) in absolute
 * value, and followed by at least w - 1 zero digits: about one digit in w + 1 is non-zero. Each
 * non-zero digit costs a mixed addition of +-|d_i| times the point, taken from a table of its odd
 * multiples in affine coordinates.
 * <ul>
 *   <li>Q is a fresh certificate key in every handshake: width 5, its odd multiples Q, 3Q, ..., 15Q
 *       computed per call and made affine with one inversion; about 43 additions.</li>
 *   <li>G is fixed: width 8, its 64 odd multiples G, ..., 127G built once (4 KB); about 28 additions.</li>
 * </ul>
 * With the 256 doublings, that is about 330 point operations.
 */
final class P256LinearCombination {
    private static final int Q_WIDTH = 5;
    private static final int G_WIDTH = 8;
    /** A 256-bit scalar's wNAF has at most 257 digits. */
    static final int MAX_DIGITS = 257;

    private P256LinearCombination() {
    }

    /** The odd multiples of G for width 8, built on first use. */
    private static final class Holder {
        static final int[] G_ODD_MULTIPLES = oddMultiples(
                P256Field.limbs(P256Field.GX_BIG), P256Field.limbs(P256Field.GY_BIG), G_WIDTH, new P256Scratch());
    }

    /**
     * out = u1 G + u2 Q, with u1 and u2 in [0, 2^256) (8 little-endian limbs) and Q = (qx, qy) a point
     * of the curve other than infinity.
     */
    static void multiply(int[] u1, int[] qx, int[] qy, int[] u2, P256Point out, P256Scratch s) {
        int[] gTable = Holder.G_ODD_MULTIPLES;
        int[] qTable = s.table;
        oddMultiples(qx, qy, s.tablePoints, qTable, s);
        byte[] gDigits = s.gDigits;
        byte[] qDigits = s.qDigits;
        java.util.Arrays.fill(gDigits, (byte) 0);
        java.util.Arrays.fill(qDigits, (byte) 0);
        int top = Math.max(recode(u1, G_WIDTH, gDigits), recode(u2, Q_WIDTH, qDigits));
        out.setInfinity();
        for (int i = top; i >= 0; i--) {
            if (i != top) {
                out.twice(s);
            }
            add(out, gTable, gDigits[i], s);
            add(out, qTable, qDigits[i], s);
        }
    }

    /** out = out + d P, with d odd or 0, from the table of P's odd multiples. */
    private static void add(P256Point out, int[] table, int d, P256Scratch s) {
        if (d == 0) {
            return;
        }
        int offset = ((Math.abs(d) - 1) >> 1) * 16;           // |d| P = table entry (|d| - 1) / 2
        System.arraycopy(table, offset, s.ax, 0, 8);
        System.arraycopy(table, offset + 8, s.ay, 0, 8);
        if (d < 0) {
            SecP256R1Field.negate(s.ay, s.ay);
        }
        out.addAffineVartime(s.ax, s.ay, s);
    }

    /**
     * The affine points (2j + 1) P for j = 0 .. 2^(w-2) - 1, as x then y, 16 limbs per point. P has
     * prime order n, far above 2^w, so none of these multiples is at infinity or equal to another.
     */
    static int[] oddMultiples(int[] px, int[] py, int width, P256Scratch s) {
        int count = 1 << (width - 2);
        P256Point[] points = new P256Point[count];
        for (int j = 0; j < count; j++) {
            points[j] = new P256Point();
        }
        int[] table = new int[count * 16];
        oddMultiples(px, py, points, table, s);
        return table;
    }

    /** As above into {@code table}, for as many multiples as {@code points} has (the caller's workspace). */
    private static void oddMultiples(int[] px, int[] py, P256Point[] points, int[] table, P256Scratch s) {
        int count = points.length;
        P256Point twoP = s.point;
        twoP.setAffine(px, py);
        twoP.twice(s);
        points[0].setAffine(px, py);
        for (int j = 1; j < count; j++) {
            points[j].set(points[j - 1]);
            points[j].addVartime(twoP, s);
        }
        P256Point.toAffineBatchVartime(points, count, table, 0, s);
    }

    /**
     * Writes the width-{@code width} NAF digits of u into {@code digits} (least significant first, all
     * others left zero) and returns the index of the highest non-zero digit, or -1 when u = 0.
     *
     * <p>Scans u from the bottom with a carry c (the remaining value is (u >> i) + c): when it is even
     * the digit is 0; when odd, the digit is its low w bits taken as a signed number, which leaves a
     * multiple of 2^w, so the next w - 1 digits are 0 and the carry is 1 when the digit was negative.
     */
    static int recode(int[] u, int width, byte[] digits) {
        int carry = 0;
        int top = -1;
        int i = 0;
        while (i < MAX_DIGITS) {
            if (bits(u, i, 1) == carry) {
                i++;                                   // (u >> i) + carry is even
                continue;
            }
            int word = bits(u, i, width) + carry;      // odd, below 2^width
            int d = word >= (1 << (width - 1)) ? word - (1 << width) : word;
            carry = d < 0 ? 1 : 0;
            digits[i] = (byte) d;
            top = i;
            i += width;
        }
        return top;
    }

    /** {@code count} (<= 8) bits of u starting at bit {@code at}; bits beyond 255 are zero. */
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
