package dev.keel.tls.crypto;

/**
 * Multiples of the P-256 base point G for fixed-base scalar multiplication in constant time: k G for
 * the nonce k of a signature. (Verification, on public data, uses {@link P256LinearCombination}.)
 *
 * <p>The scalar is cut into 64 digits of 4 bits, k = sum d_i 16^i, and the table holds every non-zero
 * digit's point at every position, d 16^i G for d = 1..15 and i = 0..63, in affine coordinates. Then
 * k G is the sum of one table entry per position: 64 mixed additions and no doublings. The table takes
 * 64 * 15 * 64 bytes = 61,440 bytes, built once, on first use, from G with {@link P256Point} and one
 * batch inversion per position. (Wider windows trade a larger table and a longer constant-time scan
 * per position for fewer additions: 5 bits need 52 positions of 31 entries, 103 KB; a comb as in Bouncy
 * Castle needs doublings. Signed digits would halve the table but need a recoding with carries; the
 * plain form is the easiest to check.)
 *
 * <p>Layout: entry (i, d) is at {@code TABLE[(15 i + d - 1) * 16]}: 8 limbs of x, then 8 of y.
 */
final class P256BaseTable {
    private static final int POSITIONS = 64;
    private static final int ENTRIES = 15;
    private static final int ENTRY_INTS = 16;

    private P256BaseTable() {
    }

    /** The lazy holder idiom: the table is built the first time a P-256 operation needs it. */
    private static final class Holder {
        static final int[] TABLE = build();
    }

    private static int[] build() {
        int[] table = new int[POSITIONS * ENTRIES * ENTRY_INTS];
        P256Scratch s = new P256Scratch();
        P256Point[] multiples = new P256Point[ENTRIES + 1];
        for (int j = 0; j < multiples.length; j++) {
            multiples[j] = new P256Point();
        }
        int[] affine = new int[(ENTRIES + 1) * ENTRY_INTS];
        int[] baseX = P256Field.limbs(P256Field.GX_BIG);     // 16^i G, affine
        int[] baseY = P256Field.limbs(P256Field.GY_BIG);
        for (int i = 0; i < POSITIONS; i++) {
            // multiples[j] = (j + 1) 16^i G for j = 0..15; the last is the next position's base.
            multiples[0].setAffine(baseX, baseY);
            multiples[1].set(multiples[0]);
            multiples[1].twice(s);
            for (int j = 2; j <= ENTRIES; j++) {
                multiples[j].set(multiples[j - 1]);
                multiples[j].addAffineVartime(baseX, baseY, s);
            }
            P256Point.toAffineBatchVartime(multiples, ENTRIES + 1, affine, 0, s);
            System.arraycopy(affine, 0, table, i * ENTRIES * ENTRY_INTS, ENTRIES * ENTRY_INTS);
            System.arraycopy(affine, ENTRIES * ENTRY_INTS, baseX, 0, 8);
            System.arraycopy(affine, ENTRIES * ENTRY_INTS + 8, baseY, 0, 8);
        }
        return table;
    }

    /** The 4-bit digit of {@code k} (8 little-endian limbs) at position {@code i}. */
    private static int digit(int[] k, int i) {
        return (k[i >>> 3] >>> ((i & 7) << 2)) & 15;
    }

    /**
     * out = k G in constant time, for a secret k in [1, n - 1] (8 little-endian limbs).
     *
     * <p>Every position does the same work whatever the digit: it reads all 15 entries of the position
     * and keeps the digit's one with a mask, adds it to the accumulator, and keeps the sum with masks.
     * A zero digit keeps the accumulator; while the accumulator is still at infinity (all digits so far
     * zero) a non-zero digit's entry replaces it instead, since the addition formula cannot start from
     * infinity.
     *
     * <p>The addition never meets its exceptional cases when its result is kept. Let k_i be the sum of
     * the digits up to position i (k_i <= k < n, all digits being non-negative). Before position i the
     * accumulator is k_{i-1} G and the entry is d_i 16^i G with d_i >= 1. They are equal only if
     * k_{i-1} = d_i 16^i mod n; both are in [1, n) and k_{i-1} < 16^i <= d_i 16^i, so they differ. They
     * are opposite only if k_i = k_{i-1} + d_i 16^i = 0 mod n, impossible for 0 < k_i < n.
     */
    static void multiply(int[] k, P256Point out, P256Scratch s) {
        int[] table = Holder.TABLE;
        int[] ax = s.ax;
        int[] ay = s.ay;
        P256Point sum = s.point;
        out.setInfinity();
        int atInfinity = -1;
        for (int i = 0; i < POSITIONS; i++) {
            int d = digit(k, i);
            int base = i * ENTRIES * ENTRY_INTS;
            // Start from entry 1 so that the addition below always gets a point of the curve.
            System.arraycopy(table, base, ax, 0, 8);
            System.arraycopy(table, base + 8, ay, 0, 8);
            for (int j = 2; j <= ENTRIES; j++) {
                int match = ((d ^ j) - 1) >> 31;             // -1 when d == j (d ^ j is in 0..15)
                int offset = base + (j - 1) * ENTRY_INTS;
                P256Field.copyIf(match, table, offset, ax);
                P256Field.copyIf(match, table, offset + 8, ay);
            }
            sum.set(out);
            sum.addAffine(ax, ay, s);
            int zeroDigit = (d - 1) >> 31;                   // -1 when d == 0
            out.copyIf(~zeroDigit & ~atInfinity, sum);
            out.copyAffineIf(~zeroDigit & atInfinity, ax, ay);
            atInfinity &= zeroDigit;
        }
    }

    /** The affine coordinates of d 16^i G (for tests). */
    static int[][] entry(int i, int d) {
        int offset = (i * ENTRIES + d - 1) * ENTRY_INTS;
        return new int[][] {
            java.util.Arrays.copyOfRange(Holder.TABLE, offset, offset + 8),
            java.util.Arrays.copyOfRange(Holder.TABLE, offset + 8, offset + 16),
        };
    }
}
