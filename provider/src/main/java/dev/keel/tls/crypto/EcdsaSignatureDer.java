package dev.keel.tls.crypto;

import java.math.BigInteger;

/**
 * The wire form of an ECDSA signature in TLS (RFC 8446 4.2.3, RFC 8422 5.4): the DER encoding of
 * {@code Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }} (RFC 3279 2.2.3).
 *
 * <p>Decoding accepts canonical DER only (X.690 10.1, 8.3.2): definite lengths in their shortest form,
 * integers in their shortest two's-complement form, nothing after the sequence, no negative numbers.
 * Rejecting every other encoding of the same (r, s) keeps signatures non-malleable at the byte level.
 * The range of r and s is the caller's to check.
 */
final class EcdsaSignatureDer {
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;

    private EcdsaSignatureDer() {
    }

    /** The DER encoding of (r, s), both positive. */
    static byte[] encode(BigInteger r, BigInteger s) {
        // toByteArray is the minimal two's complement form, as DER wants it (a leading 0 when the top bit is set).
        byte[] rBytes = r.toByteArray();
        byte[] sBytes = s.toByteArray();
        int content = integerLength(rBytes.length) + integerLength(sBytes.length);
        byte[] out = new byte[1 + lengthOfLength(content) + content];
        int at = 0;
        out[at++] = SEQUENCE;
        at = writeLength(out, at, content);
        at = writeInteger(out, at, rBytes);
        writeInteger(out, at, sBytes);
        return out;
    }

    private static int integerLength(int contentLength) {
        return 1 + lengthOfLength(contentLength) + contentLength;
    }

    private static int lengthOfLength(int length) {
        return length < 0x80 ? 1 : length < 0x100 ? 2 : 3;
    }

    private static int writeLength(byte[] out, int at, int length) {
        if (length >= 0x100) {
            out[at++] = (byte) 0x82;
            out[at++] = (byte) (length >>> 8);
        } else if (length >= 0x80) {
            out[at++] = (byte) 0x81;
        }
        out[at++] = (byte) length;
        return at;
    }

    private static int writeInteger(byte[] out, int at, byte[] content) {
        out[at++] = INTEGER;
        at = writeLength(out, at, content.length);
        System.arraycopy(content, 0, out, at, content.length);
        return at + content.length;
    }

    /** {r, s} from a canonical DER {@code Ecdsa-Sig-Value}, or {@code null} for any other input. */
    static BigInteger[] decode(byte[] der) {
        Reader in = new Reader(der);
        if (in.readByte() != SEQUENCE) {
            return null;
        }
        int length = in.readLength();
        if (length < 0 || length != in.remaining()) {
            return null; // short, or bytes after the sequence
        }
        BigInteger r = in.readPositiveInteger();
        BigInteger s = r == null ? null : in.readPositiveInteger();
        if (s == null || in.remaining() != 0) {
            return null;
        }
        return new BigInteger[] {r, s};
    }

    /** A cursor over the input; every read returns -1 or null when the input is short or not DER. */
    private static final class Reader {
        private final byte[] in;
        private int at;

        Reader(byte[] in) {
            this.in = in;
        }

        int remaining() {
            return in.length - at;
        }

        int readByte() {
            return at < in.length ? in[at++] & 0xff : -1;
        }

        /** A DER length (X.690 10.1: the shortest form), at most 0xffff; -1 when malformed. */
        int readLength() {
            int first = readByte();
            if (first < 0x80) {
                return first;                                  // short form (or -1)
            }
            if (first == 0x81) {
                int length = readByte();
                return length >= 0x80 ? length : -1;           // below 0x80 needs the short form
            }
            if (first == 0x82) {
                int high = readByte();
                int low = readByte();
                return high >= 0x01 && low >= 0 ? (high << 8) | low : -1;
            }
            return -1;                                         // indefinite, or longer than any signature
        }

        /** A non-negative INTEGER in its shortest encoding, or {@code null}. */
        BigInteger readPositiveInteger() {
            if (readByte() != INTEGER) {
                return null;
            }
            int length = readLength();
            if (length < 1 || length > remaining()) {
                return null;
            }
            int first = in[at] & 0xff;
            if (first >= 0x80) {
                return null;                                   // negative
            }
            if (length > 1 && first == 0 && (in[at + 1] & 0x80) == 0) {
                return null;                                   // a superfluous leading zero
            }
            BigInteger value = new BigInteger(1, in, at, length);
            at += length;
            return value;
        }
    }
}
