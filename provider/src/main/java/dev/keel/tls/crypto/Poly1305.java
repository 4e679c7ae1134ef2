package dev.keel.tls.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The Poly1305 one-time authenticator of RFC 8439 section 2.5: a 32-byte one-time key {@code (r, s)}
 * and a message give a 16-byte tag, {@code ((... ((m1 * r) + m2) * r ...) mod p) + s} with
 * {@code p = 2^130 - 5}. One instance is reused for many messages, each begun with {@link #init} and
 * ended with {@link #finish}; nothing is allocated per message.
 *
 * <p>Arithmetic: the 130-bit accumulator {@code h} and {@code r} are held as five 26-bit limbs in
 * {@code long}s, so each of the 25 limb products fits in 64 bits with room for the sums. Reduction
 * modulo p uses {@code 2^130 = 5 (mod p)}: whatever a product carries past bit 130 comes back into the
 * lowest limb multiplied by 5 (hence the precomputed {@code 5 * r} limbs). Between blocks {@code h} is
 * only partially reduced (below about 2^130); {@link #finish} reduces it fully.
 *
 * <p>Constant time: no branch or memory index depends on the key, the accumulator or the message; the
 * final reduction selects between {@code h} and {@code h - p} with a mask.
 *
 * <p>Not thread-safe.
 */
final class Poly1305 {
    static final int KEY_LENGTH = 32;
    static final int TAG_LENGTH = 16;
    private static final int BLOCK_LENGTH = 16;

    private static final long LIMB_MASK = (1L << 26) - 1;
    /** The bit above a full 16-byte block, 2^128, in the top limb (RFC 8439 2.5: "add one bit"). */
    private static final long HIGH_BIT = 1L << 24;

    private static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Clamped r (RFC 8439 2.5) as five 26-bit limbs, and 5 * r1..r4 for the reduction. */
    private long r0, r1, r2, r3, r4;
    private long s1, s2, s3, s4;
    /** The second key half, s (the name {@code pad} keeps it apart from the 5 * r limbs above). */
    private long pad0, pad1;
    /** The accumulator, five 26-bit limbs (each may run a little over 26 bits between blocks). */
    private long h0, h1, h2, h3, h4;

    /** Message bytes not yet forming a whole block. */
    private final byte[] pending = new byte[BLOCK_LENGTH];
    private int pendingLength;

    /** Starts a new message under the one-time key {@code key[off..off+32)}. */
    void init(byte[] key, int off) {
        // RFC 8439 2.5: r = key[0..15] little-endian with r &= 0x0ffffffc0ffffffc0ffffffc0fffffff.
        long lo = (long) LE_LONG.get(key, off) & 0x0ffffffc0fffffffL;
        long hi = (long) LE_LONG.get(key, off + 8) & 0x0ffffffc0ffffffcL;
        r0 = lo & LIMB_MASK;
        r1 = (lo >>> 26) & LIMB_MASK;
        r2 = ((lo >>> 52) | (hi << 12)) & LIMB_MASK;
        r3 = (hi >>> 14) & LIMB_MASK;
        r4 = hi >>> 40;
        s1 = r1 * 5;
        s2 = r2 * 5;
        s3 = r3 * 5;
        s4 = r4 * 5;
        pad0 = (long) LE_LONG.get(key, off + 16);
        pad1 = (long) LE_LONG.get(key, off + 24);
        h0 = 0;
        h1 = 0;
        h2 = 0;
        h3 = 0;
        h4 = 0;
        pendingLength = 0;
    }

    /** Adds {@code len} message bytes from {@code m[off..]}. */
    void update(byte[] m, int off, int len) {
        if (pendingLength > 0) {
            int take = Math.min(len, BLOCK_LENGTH - pendingLength);
            System.arraycopy(m, off, pending, pendingLength, take);
            pendingLength += take;
            off += take;
            len -= take;
            if (pendingLength < BLOCK_LENGTH) {
                return;
            }
            blocks(pending, 0, 1, HIGH_BIT);
            pendingLength = 0;
        }
        int whole = len / BLOCK_LENGTH;
        if (whole > 0) {
            blocks(m, off, whole, HIGH_BIT);
        }
        int rest = len - whole * BLOCK_LENGTH;
        if (rest > 0) {
            System.arraycopy(m, off + whole * BLOCK_LENGTH, pending, 0, rest);
            pendingLength = rest;
        }
    }

    /**
     * Completes a partial block with zero bytes, as the AEAD construction's padding does (RFC 8439 2.8,
     * pad16). Unlike the 0x01 byte that ends a message's last partial block, these zeros are message
     * bytes: the block gets the 2^128 bit like any other whole block.
     */
    void padToBlock() {
        if (pendingLength > 0) {
            Arrays.fill(pending, pendingLength, BLOCK_LENGTH, (byte) 0);
            blocks(pending, 0, 1, HIGH_BIT);
            pendingLength = 0;
        }
    }

    /**
     * Adds one whole block given as two little-endian 64-bit halves (RFC 8439 2.8: the block of the
     * two lengths). Call only at a block boundary.
     */
    void updateBlock(long lo, long hi) {
        if (pendingLength != 0) {
            throw new IllegalStateException("Poly1305 block added in the middle of a block");
        }
        LE_LONG.set(pending, 0, lo);
        LE_LONG.set(pending, 8, hi);
        blocks(pending, 0, 1, HIGH_BIT);
    }

    /**
     * Finishes the message (a final partial block gets the 0x01 byte and zeros, RFC 8439 2.5), writes
     * the 16-byte tag to {@code out[off..]} and wipes the state.
     */
    void finish(byte[] out, int off) {
        if (pendingLength > 0) {
            // RFC 8439 2.5: "add one bit beyond the number of octets" of a short last block.
            pending[pendingLength] = 1;
            Arrays.fill(pending, pendingLength + 1, BLOCK_LENGTH, (byte) 0);
            // No 2^128 bit: the 0x01 byte above is this block's extra bit.
            blocks(pending, 0, 1, 0);
        }

        // Carry through every limb (bits above 2^130 come back into limb 0 times 5, as 2^130 = 5 mod p);
        // afterwards h < 2p, so at most one subtraction of p remains (limb 1 may equal 2^26).
        long c;
        long f0 = h0, f1 = h1, f2 = h2, f3 = h3, f4 = h4;
        c = f1 >>> 26; f1 &= LIMB_MASK; f2 += c;
        c = f2 >>> 26; f2 &= LIMB_MASK; f3 += c;
        c = f3 >>> 26; f3 &= LIMB_MASK; f4 += c;
        c = f4 >>> 26; f4 &= LIMB_MASK; f0 += c * 5;
        c = f0 >>> 26; f0 &= LIMB_MASK; f1 += c;

        // g = h + 5 - 2^130 = h - p. If g is not negative, h >= p and the result is g, else h.
        long g0 = f0 + 5;
        c = g0 >>> 26; g0 &= LIMB_MASK;
        long g1 = f1 + c;
        c = g1 >>> 26; g1 &= LIMB_MASK;
        long g2 = f2 + c;
        c = g2 >>> 26; g2 &= LIMB_MASK;
        long g3 = f3 + c;
        c = g3 >>> 26; g3 &= LIMB_MASK;
        long g4 = f4 + c - (1L << 26);
        long useH = g4 >> 63; // all ones when g < 0, i.e. h < p
        f0 = (f0 & useH) | (g0 & ~useH);
        f1 = (f1 & useH) | (g1 & ~useH);
        f2 = (f2 & useH) | (g2 & ~useH);
        f3 = (f3 & useH) | (g3 & ~useH);
        f4 = (f4 & useH) | (g4 & ~useH);

        // tag = (h + s) mod 2^128, assembled 32 bits at a time with the carries (additions, not ORs:
        // f1 may equal 2^26 after the last carry above).
        long w = f0 + (f1 << 26);
        long t0 = w & 0xffffffffL;
        w = (w >>> 32) + (f2 << 20);
        long t1 = w & 0xffffffffL;
        w = (w >>> 32) + (f3 << 14);
        long t2 = w & 0xffffffffL;
        w = (w >>> 32) + (f4 << 8);
        long t3 = w & 0xffffffffL;
        long lo = t0 | (t1 << 32);
        long hi = t2 | (t3 << 32);
        long sumLo = lo + pad0;
        // Carry out of the low half, without a branch: the top bit of (lo AND pad0) OR ((lo OR pad0)
        // AND NOT sum).
        long carry = ((lo & pad0) | ((lo | pad0) & ~sumLo)) >>> 63;
        long sumHi = hi + pad1 + carry;
        LE_LONG.set(out, off, sumLo);
        LE_LONG.set(out, off + 8, sumHi);
        wipe();
    }

    /** Zeroes the key, the accumulator and any pending bytes. */
    void wipe() {
        r0 = r1 = r2 = r3 = r4 = 0;
        s1 = s2 = s3 = s4 = 0;
        pad0 = pad1 = 0;
        h0 = h1 = h2 = h3 = h4 = 0;
        Arrays.fill(pending, (byte) 0);
        pendingLength = 0;
    }

    /**
     * {@code h = (h + m) * r mod p} for {@code count} 16-byte blocks from {@code m[off..]}, each with
     * {@code highBit} (2^128 in limb 4, or 0 for a final short block that carries its own 0x01 byte).
     * The hot loop: accumulator and key in locals.
     */
    private void blocks(byte[] m, int off, int count, long highBit) {
        long a0 = h0, a1 = h1, a2 = h2, a3 = h3, a4 = h4;
        long q0 = r0, q1 = r1, q2 = r2, q3 = r3, q4 = r4;
        long t1 = s1, t2 = s2, t3 = s3, t4 = s4;
        for (int n = 0; n < count; n++, off += BLOCK_LENGTH) {
            long lo = (long) LE_LONG.get(m, off);
            long hi = (long) LE_LONG.get(m, off + 8);
            a0 += lo & LIMB_MASK;
            a1 += (lo >>> 26) & LIMB_MASK;
            a2 += ((lo >>> 52) | (hi << 12)) & LIMB_MASK;
            a3 += (hi >>> 14) & LIMB_MASK;
            a4 += (hi >>> 40) | highBit;

            // Schoolbook product; a term whose limb indexes sum to 5 or more wraps round times 5.
            long d0 = a0 * q0 + a1 * t4 + a2 * t3 + a3 * t2 + a4 * t1;
            long d1 = a0 * q1 + a1 * q0 + a2 * t4 + a3 * t3 + a4 * t2;
            long d2 = a0 * q2 + a1 * q1 + a2 * q0 + a3 * t4 + a4 * t3;
            long d3 = a0 * q3 + a1 * q2 + a2 * q1 + a3 * q0 + a4 * t4;
            long d4 = a0 * q4 + a1 * q3 + a2 * q2 + a3 * q1 + a4 * q0;

            // Partial carry back to about 26 bits per limb.
            long c = d0 >>> 26; a0 = d0 & LIMB_MASK;
            d1 += c; c = d1 >>> 26; a1 = d1 & LIMB_MASK;
            d2 += c; c = d2 >>> 26; a2 = d2 & LIMB_MASK;
            d3 += c; c = d3 >>> 26; a3 = d3 & LIMB_MASK;
            d4 += c; c = d4 >>> 26; a4 = d4 & LIMB_MASK;
            a0 += c * 5; c = a0 >>> 26; a0 &= LIMB_MASK;
            a1 += c;
        }
        h0 = a0;
        h1 = a1;
        h2 = a2;
        h3 = a3;
        h4 = a4;
    }
}
