package dev.keel.tls.crypto;

import java.math.BigInteger;
import org.bouncycastle.math.raw.Mod;
import org.bouncycastle.math.raw.Nat256;

/**
 * The prime field GF(p) of P-256 (secp256r1, SEC 2 2.4.2; FIPS 186-4 D.1.2.3) and the curve constants,
 * around Bouncy Castle's raw field arithmetic {@code SecP256R1Field}.
 *
 * <p>A field element is an {@code int[8]} of 32-bit limbs, least significant first, always fully
 * reduced into [0, p): {@code SecP256R1Field}'s add, subtract, multiply and square keep it so, which is
 * what lets {@code Nat256.eq} compare limbs. {@code multiply} and {@code square} are always called with a
 * caller-owned {@code int[16]} product buffer, so field arithmetic allocates nothing.
 *
 * <p>This class adds what {@code SecP256R1Field} does not offer: the constants, a masked copy for
 * constant-time table lookups, and conversions that allocate at most one array.
 */
final class P256Field {
    /** p = 2^256 - 2^224 + 2^192 + 2^96 - 1. */
    static final BigInteger P_BIG = new BigInteger(
            "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    /** n, the order of the base point G (prime; the cofactor is 1). */
    static final BigInteger N = new BigInteger(
            "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    /** b of y^2 = x^3 - 3x + b. */
    private static final BigInteger B_BIG = new BigInteger(
            "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);
    /** The affine coordinates of the base point G. */
    static final BigInteger GX_BIG = new BigInteger(
            "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296", 16);
    static final BigInteger GY_BIG = new BigInteger(
            "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5", 16);

    /** The field elements below are shared: never write into them. */
    static final int[] P = limbs(P_BIG);
    static final int[] B = limbs(B_BIG);
    static final int[] ONE = limbs(BigInteger.ONE);
    /** n as a 256-bit number, for comparisons with an x coordinate (n < p). */
    static final int[] N_LIMBS = limbs(N);

    private P256Field() {
    }

    /** A new field element (or scalar) holding {@code value}, which must be in [0, 2^256). */
    static int[] limbs(BigInteger value) {
        int[] out = Nat256.create();
        fromBigInteger(value, out);
        return out;
    }

    /**
     * Writes {@code value} (in [0, 2^256)) into {@code out} as 8 little-endian limbs, with one temporary
     * array ({@code BigInteger.toByteArray}).
     */
    static void fromBigInteger(BigInteger value, int[] out) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException("not a 256-bit unsigned number");
        }
        fromBytes(value.toByteArray(), out);
    }

    /**
     * Writes the big-endian unsigned number in {@code bytes} into {@code out}; {@code bytes} may have
     * one more leading byte (a sign byte, zero) or fewer than 32 bytes.
     */
    static void fromBytes(byte[] bytes, int[] out) {
        fromBytes(bytes, 0, bytes.length, out);
    }

    /** As {@link #fromBytes(byte[], int[])}, for {@code length} bytes at {@code offset}; at most 32 significant. */
    static void fromBytes(byte[] bytes, int offset, int length, int[] out) {
        Nat256.zero(out);
        int end = offset + length;
        for (int i = 0; i < length && i < 32; i++) {
            int b = bytes[end - 1 - i] & 0xff;
            out[i >>> 2] |= b << ((i & 3) << 3);
        }
    }

    /** The 32-byte big-endian encoding of a field element or scalar, into {@code out} at {@code offset}. */
    static void toBytes(int[] value, byte[] out, int offset) {
        for (int i = 0; i < 32; i++) {
            out[offset + 31 - i] = (byte) (value[i >>> 2] >>> ((i & 3) << 3));
        }
    }

    /**
     * Copies {@code src} into {@code dst} when {@code mask} is all ones (-1), leaves {@code dst} as it is
     * when {@code mask} is 0: the same memory accesses and instructions either way (constant time).
     */
    static void copyIf(int mask, int[] src, int srcOffset, int[] dst) {
        for (int i = 0; i < 8; i++) {
            dst[i] ^= (dst[i] ^ src[srcOffset + i]) & mask;
        }
    }

    /**
     * z = 1/x mod p in variable time, for public values (verification, table building); x must not be
     * zero. Signing uses {@code SecP256R1Field.inv}, which is constant time.
     */
    static void inverseVartime(int[] x, int[] z) {
        if (!Mod.modOddInverseVar(P, x, z)) {
            throw new ArithmeticException("zero has no inverse");
        }
    }
}
