package dev.keel.tls.message;

import java.util.Arrays;
import java.util.List;

/**
 * Writes the TLS presentation language into a growable buffer. Length prefixes of nested vectors are
 * written with {@link #startVector16()} / {@link #endVector16(int)} (and the 8 and 24 bit forms), so
 * callers never compute lengths by hand.
 */
public final class TlsWriter {
    private byte[] buf;
    private int len;
    /** {@link #toByteArray()} gave {@link #buf} away: it must not be written again. */
    private boolean handedOver;

    public TlsWriter() {
        this(256);
    }

    /** @param initialCapacity the expected size: a writer filled exactly hands its buffer over uncopied */
    public TlsWriter(int initialCapacity) {
        buf = new byte[Math.max(0, initialCapacity)];
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(Math.max(16, buf.length * 2), len + n));
            handedOver = false;
        }
    }

    public TlsWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter u16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter u24(int v) {
        ensure(3);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter u32(long v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public TlsWriter bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public TlsWriter vector8(byte[] b) {
        checkFits(b.length, 0xFF);
        return u8(b.length).bytes(b);
    }

    public TlsWriter vector16(byte[] b) {
        checkFits(b.length, 0xFFFF);
        return u16(b.length).bytes(b);
    }

    public TlsWriter vector24(byte[] b) {
        checkFits(b.length, 0xFFFFFF);
        return u24(b.length).bytes(b);
    }

    /** Reserves a one-byte length; returns the mark to pass to {@link #endVector8(int)}. */
    public int startVector8() {
        u8(0);
        return len;
    }

    public int startVector16() {
        u16(0);
        return len;
    }

    public int startVector24() {
        u24(0);
        return len;
    }

    public TlsWriter endVector8(int mark) {
        keepBuffer();
        int n = len - mark;
        checkFits(n, 0xFF);
        buf[mark - 1] = (byte) n;
        return this;
    }

    public TlsWriter endVector16(int mark) {
        keepBuffer();
        int n = len - mark;
        checkFits(n, 0xFFFF);
        buf[mark - 2] = (byte) (n >>> 8);
        buf[mark - 1] = (byte) n;
        return this;
    }

    public TlsWriter endVector24(int mark) {
        keepBuffer();
        int n = len - mark;
        checkFits(n, 0xFFFFFF);
        buf[mark - 3] = (byte) (n >>> 16);
        buf[mark - 2] = (byte) (n >>> 8);
        buf[mark - 1] = (byte) n;
        return this;
    }

    private static void checkFits(int n, int max) {
        if (n > max) {
            throw new IllegalStateException("vector of " + n + " bytes exceeds its length field (max " + max + ")");
        }
    }

    public int size() {
        return len;
    }

    /**
     * The bytes written. A writer whose buffer is exactly full (sized to its content) hands the buffer
     * itself over instead of a copy, and takes a new one before it changes anything again.
     */
    public byte[] toByteArray() {
        if (len == buf.length) {
            handedOver = true;
            return buf;
        }
        return Arrays.copyOf(buf, len);
    }

    /** Forgets what was written, keeping the buffer (unless it was handed over) for what comes next. */
    public TlsWriter reset() {
        if (handedOver) {
            buf = new byte[buf.length];
            handedOver = false;
        }
        len = 0;
        return this;
    }

    /** Before patching bytes already written: they may be in an array handed over. */
    private void keepBuffer() {
        if (handedOver) {
            buf = buf.clone();
            handedOver = false;
        }
    }

    // Lists of code points (cipher suites, groups, schemes, versions, modes) inside a length prefix;
    // indexed loops, as an iterator per list is garbage per message.

    /** {@code uint16 x<..>} with a two-byte length. */
    public TlsWriter vector16OfU16(List<Integer> values) {
        int mark = startVector16();
        for (int i = 0, n = values.size(); i < n; i++) {
            u16(values.get(i));
        }
        return endVector16(mark);
    }

    /** {@code uint16 x<..>} with a one-byte length (supported_versions in a ClientHello). */
    public TlsWriter vector8OfU16(List<Integer> values) {
        int mark = startVector8();
        for (int i = 0, n = values.size(); i < n; i++) {
            u16(values.get(i));
        }
        return endVector8(mark);
    }

    /** {@code uint8 x<..>} with a one-byte length. */
    public TlsWriter vector8OfU8(List<Integer> values) {
        int mark = startVector8();
        for (int i = 0, n = values.size(); i < n; i++) {
            u8(values.get(i));
        }
        return endVector8(mark);
    }
}
