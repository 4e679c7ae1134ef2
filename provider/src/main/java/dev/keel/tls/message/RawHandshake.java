package dev.keel.tls.message;

/**
 * One complete handshake message as it arrived: its type byte, its body, and the exact wire bytes
 * (4-byte header + body) that the transcript hash must be fed (RFC 8446 4.4.1).
 */
public record RawHandshake(int type, byte[] body, byte[] wire) {
    /** The known type, or {@code null} for an unknown type byte. */
    public HandshakeType handshakeType() {
        return HandshakeType.fromCode(type);
    }

    /** A reader over the body. */
    public TlsReader reader() {
        return new TlsReader(body);
    }
}
