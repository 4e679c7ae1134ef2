package dev.keel.tls.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * HKDF (RFC 5869) and the TLS 1.3 wrappers HKDF-Expand-Label and Derive-Secret (RFC 8446 7.1).
 *
 * <p>Inputs here are our own secrets and lengths fixed by the protocol, never raw peer input, so misuse
 * (an output length HKDF cannot produce, a label too long for its one-byte length) is a programming
 * error and throws {@code IllegalArgumentException}.
 */
public final class Hkdf {
    /** RFC 8446 7.1: every HkdfLabel.label starts with this. */
    private static final byte[] TLS13_LABEL_PREFIX = "tls13 ".getBytes(StandardCharsets.US_ASCII);

    private Hkdf() {
    }

    /**
     * HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM), RFC 5869 2.2. A {@code null} or empty salt means
     * "not provided": Hash.length zero bytes. A {@code null} IKM is treated as empty.
     */
    public static byte[] extract(HashAlgorithm hash, byte[] salt, byte[] ikm) {
        byte[] key = salt == null || salt.length == 0 ? new byte[hash.length()] : salt;
        return Hmac.mac(hash, key, ikm == null ? new byte[0] : ikm);
    }

    /**
     * HKDF-Expand(PRK, info, L), RFC 5869 2.3: T(i) = HMAC-Hash(PRK, T(i-1) | info | i), output the
     * first L bytes of T(1) | T(2) | ...
     *
     * @throws IllegalArgumentException if {@code length} is negative or above 255 * Hash.length
     */
    public static byte[] expand(HashAlgorithm hash, byte[] prk, byte[] info, int length) {
        int hashLen = hash.length();
        if (length < 0 || length > 255 * hashLen) {
            throw new IllegalArgumentException("HKDF-Expand cannot produce " + length + " bytes with " + hash);
        }
        Mac mac = Hmac.borrow(hash, prk);
        byte[] out = new byte[length];
        byte[] t = new byte[hashLen];
        int produced = 0;
        try {
            for (int i = 1; produced < length; i++) {
                if (i > 1) {
                    mac.update(t);
                }
                if (info != null) {
                    mac.update(info);
                }
                mac.update((byte) i);
                mac.doFinal(t, 0);
                int n = Math.min(hashLen, length - produced);
                System.arraycopy(t, 0, out, produced, n);
                produced += n;
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC output larger than " + hash + " length", e);
        } finally {
            Arrays.fill(t, (byte) 0);
            Hmac.giveBack(hash, mac);
        }
        return out;
    }

    /**
     * HKDF-Expand-Label(Secret, Label, Context, Length), RFC 8446 7.1: HKDF-Expand over the encoded
     * {@code HkdfLabel { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; }}.
     *
     * @param label the label without the "tls13 " prefix, e.g. "key", "c hs traffic"
     * @param context the context ({@code null} means empty)
     */
    public static byte[] expandLabel(HashAlgorithm hash, byte[] secret, String label, byte[] context, int length) {
        return expand(hash, secret, hkdfLabel(label.getBytes(StandardCharsets.UTF_8), context, length), length);
    }

    /** The encoded HkdfLabel structure of RFC 8446 7.1 (the HKDF "info"). */
    static byte[] hkdfLabel(byte[] label, byte[] context, int length) {
        byte[] ctx = context == null ? new byte[0] : context;
        int labelLen = TLS13_LABEL_PREFIX.length + label.length;
        if (labelLen > 255) {
            throw new IllegalArgumentException("HKDF label of " + label.length + " bytes is too long (max 249)");
        }
        if (ctx.length > 255) {
            throw new IllegalArgumentException("HKDF context of " + ctx.length + " bytes is too long (max 255)");
        }
        if (length < 0 || length > 0xFFFF) {
            throw new IllegalArgumentException("HKDF-Expand-Label length " + length + " does not fit a uint16");
        }
        byte[] info = new byte[2 + 1 + labelLen + 1 + ctx.length];
        int p = 0;
        info[p++] = (byte) (length >>> 8);
        info[p++] = (byte) length;
        info[p++] = (byte) labelLen;
        System.arraycopy(TLS13_LABEL_PREFIX, 0, info, p, TLS13_LABEL_PREFIX.length);
        p += TLS13_LABEL_PREFIX.length;
        System.arraycopy(label, 0, info, p, label.length);
        p += label.length;
        info[p++] = (byte) ctx.length;
        System.arraycopy(ctx, 0, info, p, ctx.length);
        return info;
    }

    /**
     * Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages),
     * Hash.length), RFC 8446 7.1, taking the transcript hash already computed (see {@code Transcript}).
     */
    public static byte[] deriveSecret(HashAlgorithm hash, byte[] secret, String label, byte[] transcriptHash) {
        return expandLabel(hash, secret, label, transcriptHash, hash.length());
    }
}
