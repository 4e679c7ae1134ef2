package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the TLS presentation language (RFC 8446 section 3) from a byte range, strictly: every read is
 * checked against what remains and a short input is a {@code decode_error}, never an
 * {@code IndexOutOfBoundsException}.
 */
public final class TlsReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    public TlsReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public TlsReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IllegalArgumentException("range outside buffer");
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    /** Current absolute offset in the underlying array. */
    public int position() {
        return pos;
    }

    private void need(int n, String what) throws TlsAlertException {
        if (n < 0 || n > end - pos) {
            throw TlsAlertException.decodeError(
                    what + ": needs " + n + " bytes but only " + (end - pos) + " remain");
        }
    }

    public int u8(String what) throws TlsAlertException {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    public int u16(String what) throws TlsAlertException {
        need(2, what);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int u24(String what) throws TlsAlertException {
        need(3, what);
        int v = ((buf[pos] & 0xFF) << 16) | ((buf[pos + 1] & 0xFF) << 8) | (buf[pos + 2] & 0xFF);
        pos += 3;
        return v;
    }

    public long u32(String what) throws TlsAlertException {
        need(4, what);
        long v = ((long) (buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
                | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    /**
     * The length prefix of the vector {@code what}, {@code size} bytes big-endian. The reason of a short
     * read names the field "{@code <what> length}", a text built only then: vectors are read many times
     * per handshake, errors almost never.
     */
    private int length(int size, String what) throws TlsAlertException {
        if (size > end - pos) {
            need(size, what + " length"); // throws
        }
        int v = 0;
        for (int i = 0; i < size; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    /**
     * True when a u16 length and as many bytes as it announces remain, so that {@link #vector16(String)}
     * will not fail: lets a caller build an elaborate reason only for the short case.
     */
    public boolean hasVector16() {
        return end - pos >= 2 && (((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF)) <= end - pos - 2;
    }

    public byte[] bytes(int n, String what) throws TlsAlertException {
        need(n, what);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    public void skip(int n, String what) throws TlsAlertException {
        need(n, what);
        pos += n;
    }

    /** {@code opaque x<0..2^8-1>}. */
    public byte[] vector8(String what) throws TlsAlertException {
        return bytes(length(1, what), what);
    }

    /** {@code opaque x<0..2^16-1>}. */
    public byte[] vector16(String what) throws TlsAlertException {
        return bytes(length(2, what), what);
    }

    /** {@code opaque x<0..2^24-1>}. */
    public byte[] vector24(String what) throws TlsAlertException {
        return bytes(length(3, what), what);
    }

    /** A reader over the next {@code u8}-length-prefixed vector; this reader moves past it. */
    public TlsReader sub8(String what) throws TlsAlertException {
        return sub(length(1, what), what);
    }

    /** A reader over the next {@code u16}-length-prefixed vector; this reader moves past it. */
    public TlsReader sub16(String what) throws TlsAlertException {
        return sub(length(2, what), what);
    }

    /** A reader over the next {@code u24}-length-prefixed vector; this reader moves past it. */
    public TlsReader sub24(String what) throws TlsAlertException {
        return sub(length(3, what), what);
    }

    /** A reader over the next {@code n} bytes; this reader moves past them. */
    public TlsReader sub(int n, String what) throws TlsAlertException {
        need(n, what);
        TlsReader r = new TlsReader(buf, pos, n);
        pos += n;
        return r;
    }

    /** Rejects trailing bytes: DESIGN.md "parsing is strict". */
    public void ensureEmpty(String what) throws TlsAlertException {
        if (pos != end) {
            throw TlsAlertException.decodeError(what + ": " + (end - pos) + " unexpected trailing bytes");
        }
    }

    // Bounded vectors: the RFC's <floor..ceiling> (RFC 8446 section 3.4). A length outside the range is a
    // decode_error ("some field was out of the specified range", RFC 8446 section 6.2).

    /** A u8-length vector whose length must lie in {@code [min, max]}; this reader moves past it. */
    public TlsReader sub8(String what, int min, int max) throws TlsAlertException {
        return sub(checkRange(length(1, what), min, max, what), what);
    }

    /** A u16-length vector whose length must lie in {@code [min, max]}; this reader moves past it. */
    public TlsReader sub16(String what, int min, int max) throws TlsAlertException {
        return sub(checkRange(length(2, what), min, max, what), what);
    }

    /** A u24-length vector whose length must lie in {@code [min, max]}; this reader moves past it. */
    public TlsReader sub24(String what, int min, int max) throws TlsAlertException {
        return sub(checkRange(length(3, what), min, max, what), what);
    }

    /** {@code opaque x<min..max>} with a one-byte length. */
    public byte[] vector8(String what, int min, int max) throws TlsAlertException {
        return bytes(checkRange(length(1, what), min, max, what), what);
    }

    /** {@code opaque x<min..max>} with a two-byte length. */
    public byte[] vector16(String what, int min, int max) throws TlsAlertException {
        return bytes(checkRange(length(2, what), min, max, what), what);
    }

    /** {@code opaque x<min..max>} with a three-byte length. */
    public byte[] vector24(String what, int min, int max) throws TlsAlertException {
        return bytes(checkRange(length(3, what), min, max, what), what);
    }

    private static int checkRange(int length, int min, int max, String what) throws TlsAlertException {
        if (length < min || length > max) {
            throw TlsAlertException.decodeError(
                    what + ": length " + length + " is outside the allowed range " + min + ".." + max);
        }
        return length;
    }

    /** Reads u8 values until this reader is empty (the body of a {@code uint8 x<..>} list). */
    public List<Integer> u8List(String what) throws TlsAlertException {
        List<Integer> out = new ArrayList<>(remaining());
        while (hasRemaining()) {
            out.add(u8(what));
        }
        return List.copyOf(out);
    }

    /**
     * Reads u16 values until this reader is empty (the body of a {@code uint16 x<..>} list, such as
     * cipher suites or named groups); an odd number of bytes is a decode_error.
     */
    public List<Integer> u16List(String what) throws TlsAlertException {
        if (remaining() % 2 != 0) {
            throw TlsAlertException.decodeError(what + ": odd length " + remaining() + " for a list of 2-byte values");
        }
        List<Integer> out = new ArrayList<>(remaining() / 2);
        while (hasRemaining()) {
            out.add(u16(what));
        }
        return List.copyOf(out);
    }
}
