package dev.keel.tls.message;

import java.util.Arrays;

/**
 * One complete handshake message as it arrived: the exact wire bytes (4-byte header + body) that the
 * transcript hash must be fed (RFC 8446 4.4.1). The type and the body are read from them, so a message
 * costs one array however often it is looked at.
 */
public record RawHandshake(byte[] wire) {
    /** {@code HandshakeType msg_type; uint24 length;} (RFC 8446 4). */
    public static final int HEADER_LENGTH = 4;

    /** @param wire the header and the body; the caller hands the array over and does not change it */
    public RawHandshake {
        if (wire.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("a handshake message has a 4-byte header, got " + wire.length + " bytes");
        }
    }

    /** The type byte, known or not. */
    public int type() {
        return wire[0] & 0xFF;
    }

    /** The known type, or {@code null} for an unknown type byte. */
    public HandshakeType handshakeType() {
        return HandshakeType.fromCode(type());
    }

    /** A reader over the body (the bytes after the header), without copying it. */
    public TlsReader reader() {
        return new TlsReader(wire, HEADER_LENGTH, wire.length - HEADER_LENGTH);
    }

    /** A copy of the body. */
    public byte[] body() {
        return Arrays.copyOfRange(wire, HEADER_LENGTH, wire.length);
    }
}
