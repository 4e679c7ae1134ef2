package dev.keel.tls.record;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.RawHandshake;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Turns the content of handshake records into handshake messages. Records and messages are independent
 * (RFC 8446 5.1): one record may carry several messages, one message may span several records. Each
 * message is {@code HandshakeType msg_type(1) || uint24 length || body}.
 *
 * <p>Use: after each handshake record, {@link #add} its content, then call {@link #next()} until it
 * returns {@code null}. Before a key change and before accepting a non-handshake record, the caller
 * checks {@link #hasPartialMessage()}: handshake messages must not span a key change nor be interleaved
 * with other record types (RFC 8446 5.1, unexpected_message).
 *
 * <p>Memory is bounded: a message whose length field exceeds {@code maxMessageSize} is rejected as soon
 * as its 4-byte header is buffered, before its body is.
 */
public final class HandshakeReassembler {
    private static final int MESSAGE_HEADER_LENGTH = 4;
    /** Above this, a drained buffer is released rather than kept for the next message. */
    private static final int KEEP_CAPACITY = 2048;
    /** The buffer while nothing is buffered; shared, as nothing can be written into it. */
    private static final byte[] EMPTY = new byte[0];

    private final int maxMessageSize;
    /** Complete messages taken whole from a record, in order, ahead of anything in {@link #buf}. */
    private final ArrayDeque<RawHandshake> ready = new ArrayDeque<>(4);
    /** What could not be taken whole: a message spread over records and all after it, {@code buf[start..end)}. */
    private byte[] buf = EMPTY;
    private int start;
    private int end;

    /**
     * @param maxMessageSize the largest handshake message body accepted (e.g. a certificate chain
     *     bound); at most 2^24 - 1, the largest the uint24 length can express
     */
    public HandshakeReassembler(int maxMessageSize) {
        if (maxMessageSize < 0 || maxMessageSize > 0xFFFFFF) {
            throw new IllegalArgumentException("maxMessageSize must be in 0..2^24-1, got " + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Appends the content of one handshake record (its position is advanced to its limit).
     *
     * @throws TlsAlertException unexpected_message for an empty record (RFC 8446 5.1: zero-length
     *     handshake fragments must not be sent); decode_error when a buffered message header announces a
     *     body longer than {@code maxMessageSize}
     */
    public void add(ByteBuffer handshakeRecordPlaintext) throws TlsAlertException {
        int n = handshakeRecordPlaintext.remaining();
        if (n == 0) {
            throw TlsAlertException.unexpectedMessage("received an empty handshake record (RFC 8446 5.1)");
        }
        if (start == end) {
            takeWholeMessages(handshakeRecordPlaintext);
            n = handshakeRecordPlaintext.remaining();
            if (n == 0) {
                return;
            }
        }
        makeRoom(n);
        handshakeRecordPlaintext.get(buf, end, n);
        end += n;
        checkBufferedLengths();
    }

    /**
     * With nothing buffered, the usual case of a record holding whole messages: each is copied once,
     * straight into its own array, and queued for {@link #next()}. Stops at a partial message, which
     * is left in the record for the buffer.
     */
    private void takeWholeMessages(ByteBuffer record) throws TlsAlertException {
        while (record.remaining() >= MESSAGE_HEADER_LENGTH) {
            int p = record.position();
            int type = record.get(p) & 0xFF;
            int length = ((record.get(p + 1) & 0xFF) << 16) | ((record.get(p + 2) & 0xFF) << 8)
                    | (record.get(p + 3) & 0xFF);
            checkLength(type, length);
            if (record.remaining() < MESSAGE_HEADER_LENGTH + length) {
                return;
            }
            byte[] wire = new byte[MESSAGE_HEADER_LENGTH + length];
            record.get(wire);
            ready.add(new RawHandshake(wire));
        }
    }

    /**
     * The next complete handshake message, or {@code null} if no complete message is buffered. The
     * returned message owns a fresh array. (Lengths are already checked by {@link #add}; the exception is
     * declared so that stricter checks can move here without changing callers.)
     */
    public RawHandshake next() throws TlsAlertException {
        RawHandshake whole = ready.poll();
        if (whole != null) {
            return whole;
        }
        if (end - start < MESSAGE_HEADER_LENGTH) {
            return null;
        }
        int length = u24(start + 1);
        int total = MESSAGE_HEADER_LENGTH + length;
        if (end - start < total) {
            return null;
        }
        byte[] wire = Arrays.copyOfRange(buf, start, start + total);
        start += total;
        if (start == end) {
            start = 0;
            end = 0;
            if (buf.length > KEEP_CAPACITY) {
                buf = EMPTY;
            }
        }
        return new RawHandshake(wire);
    }

    /**
     * True when bytes are buffered that {@link #next()} has not returned: part of a message, or complete
     * messages not yet taken. Must be false at a key change and when a non-handshake record arrives.
     */
    public boolean hasPartialMessage() {
        return !ready.isEmpty() || end > start;
    }

    /** How many bytes are buffered, complete messages not yet taken included. */
    public int bufferedBytes() {
        int n = end - start;
        for (RawHandshake m : ready) {
            n += m.wire().length;
        }
        return n;
    }

    /**
     * Rejects an oversized message as soon as its header is here. decode_error rather than
     * handshake_failure: nothing about negotiation failed; the length field is outside the range this
     * endpoint can accept, which RFC 8446 6.2 describes as decode_error ("some field was out of the
     * specified range or the length of the message was incorrect").
     */
    private void checkBufferedLengths() throws TlsAlertException {
        int p = start;
        while (end - p >= MESSAGE_HEADER_LENGTH) {
            int length = u24(p + 1);
            checkLength(buf[p] & 0xFF, length);
            p += MESSAGE_HEADER_LENGTH + length;
        }
    }

    private void checkLength(int typeCode, int length) throws TlsAlertException {
        if (length > maxMessageSize) {
            HandshakeType type = HandshakeType.fromCode(typeCode);
            throw TlsAlertException.decodeError((type == null ? "handshake message of type " + typeCode
                    : type.rfcName() + " message") + " announces " + length + " bytes, more than the "
                    + maxMessageSize + " this endpoint accepts");
        }
    }

    private void makeRoom(int n) {
        if (buf.length - end >= n) {
            return;
        }
        int buffered = end - start;
        if (buf.length - buffered >= n) {
            System.arraycopy(buf, start, buf, 0, buffered);
        } else {
            byte[] bigger = new byte[Math.max(buffered + n, Math.max(512, 2 * buf.length))];
            System.arraycopy(buf, start, bigger, 0, buffered);
            buf = bigger;
        }
        start = 0;
        end = buffered;
    }

    private int u24(int p) {
        return ((buf[p] & 0xFF) << 16) | ((buf[p + 1] & 0xFF) << 8) | (buf[p + 2] & 0xFF);
    }
}
