package dev.keel.tls.crypto;

import java.nio.charset.StandardCharsets;

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
    /** The longest Label: the label vector holds at most 255 bytes, "tls13 " included. */
    private static final int MAX_LABEL_LENGTH = 255 - TLS13_LABEL_PREFIX.length;
    /** Room for the longest HkdfLabel: uint16, label<7..255>, context<0..255>. */
    private static final int MAX_INFO_LENGTH = 2 + 1 + 255 + 1 + 255;
    private static final ThreadLocal<byte[]> INFO = ThreadLocal.withInitial(() -> new byte[MAX_INFO_LENGTH]);
    private static final byte[] EMPTY = new byte[0];

    private Hkdf() {
    }

    /**
     * HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM), RFC 5869 2.2. A {@code null} or empty salt means
     * "not provided": Hash.length zero bytes, which as an HMAC key is the same as an empty key. A
     * {@code null} IKM is treated as empty.
     */
    public static byte[] extract(HashAlgorithm hash, byte[] salt, byte[] ikm) {
        return Hmac.mac(hash, salt == null ? EMPTY : salt, ikm == null ? EMPTY : ikm);
    }

    /**
     * HKDF-Expand(PRK, info, L), RFC 5869 2.3: T(i) = HMAC-Hash(PRK, T(i-1) | info | i), output the
     * first L bytes of T(1) | T(2) | ...
     *
     * @throws IllegalArgumentException if {@code length} is negative or above 255 * Hash.length
     */
    public static byte[] expand(HashAlgorithm hash, byte[] prk, byte[] info, int length) {
        return info == null ? expand(hash, prk, EMPTY, 0, length) : expand(hash, prk, info, info.length, length);
    }

    /** HKDF-Expand with the first {@code infoLength} bytes of {@code info}. */
    private static byte[] expand(HashAlgorithm hash, byte[] prk, byte[] info, int infoLength, int length) {
        int hashLength = hash.length();
        if (length < 0 || length > 255 * hashLength) {
            throw new IllegalArgumentException("HKDF-Expand cannot produce " + length + " bytes with " + hash);
        }
        byte[] out = new byte[length];
        Hmac mac = Hmac.borrow(hash, prk);
        try {
            // T(i) goes straight into out; only the last one may be cut short, so T(i-1) is always
            // whole in out.
            for (int i = 1, produced = 0; produced < length; i++) {
                if (i > 1) {
                    mac.update(out, produced - hashLength, hashLength);
                }
                mac.update(info, 0, infoLength);
                mac.update((byte) i);
                int n = Math.min(hashLength, length - produced);
                mac.doFinal(out, produced, n);
                produced += n;
            }
        } finally {
            Hmac.giveBack(mac);
        }
        return out;
    }

    /**
     * HKDF-Expand-Label(Secret, Label, Context, Length), RFC 8446 7.1: HKDF-Expand over the encoded
     * {@code HkdfLabel { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; }}.
     * The HkdfLabel is encoded into a per-thread array: it is not secret, and this runs a dozen times
     * per handshake.
     *
     * @param label the label without the "tls13 " prefix, e.g. "key", "c hs traffic"
     * @param context the context ({@code null} means empty)
     */
    public static byte[] expandLabel(HashAlgorithm hash, byte[] secret, String label, byte[] context, int length) {
        byte[] info = INFO.get();
        int labelLength = label.length();
        if (labelLength > MAX_LABEL_LENGTH || !isAscii(label)) {
            // Too long (hkdfLabel says so) or not ASCII (then UTF-8 encoding is not one byte per char).
            return expand(hash, secret, hkdfLabel(label.getBytes(StandardCharsets.UTF_8), context, length), length);
        }
        int p = writeHeader(info, labelLength, context, length);
        for (int i = 0; i < labelLength; i++) {
            info[p++] = (byte) label.charAt(i);
        }
        p = writeContext(info, p, context);
        return expand(hash, secret, info, p, length);
    }

    /** The encoded HkdfLabel structure of RFC 8446 7.1 (the HKDF "info"). */
    static byte[] hkdfLabel(byte[] label, byte[] context, int length) {
        int ctxLength = context == null ? 0 : context.length;
        byte[] info = new byte[2 + 1 + TLS13_LABEL_PREFIX.length + label.length + 1 + ctxLength];
        int p = writeHeader(info, label.length, context, length);
        System.arraycopy(label, 0, info, p, label.length);
        writeContext(info, p + label.length, context);
        return info;
    }

    /**
     * Checks the lengths and writes {@code uint16 length}, the label's length byte and "tls13 " to the
     * start of {@code info}; returns where the label goes.
     */
    private static int writeHeader(byte[] info, int labelLength, byte[] context, int length) {
        if (labelLength > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("HKDF label of " + labelLength + " bytes is too long (max 249)");
        }
        if (context != null && context.length > 255) {
            throw new IllegalArgumentException("HKDF context of " + context.length + " bytes is too long (max 255)");
        }
        if (length < 0 || length > 0xFFFF) {
            throw new IllegalArgumentException("HKDF-Expand-Label length " + length + " does not fit a uint16");
        }
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) (TLS13_LABEL_PREFIX.length + labelLength);
        System.arraycopy(TLS13_LABEL_PREFIX, 0, info, 3, TLS13_LABEL_PREFIX.length);
        return 3 + TLS13_LABEL_PREFIX.length;
    }

    /** Writes the context's length byte and the context at {@code p}; returns the end of the HkdfLabel. */
    private static int writeContext(byte[] info, int p, byte[] context) {
        int ctxLength = context == null ? 0 : context.length;
        info[p++] = (byte) ctxLength;
        if (ctxLength > 0) {
            System.arraycopy(context, 0, info, p, ctxLength);
        }
        return p + ctxLength;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages),
     * Hash.length), RFC 8446 7.1, taking the transcript hash already computed (see {@code Transcript}).
     */
    public static byte[] deriveSecret(HashAlgorithm hash, byte[] secret, String label, byte[] transcriptHash) {
        return expandLabel(hash, secret, label, transcriptHash, hash.length());
    }
}
