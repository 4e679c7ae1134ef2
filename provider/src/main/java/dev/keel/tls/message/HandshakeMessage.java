package dev.keel.tls.message;

/**
 * A handshake message (RFC 8446 section 4): a type, and a body that this interface frames with the
 * 4-byte header {@code HandshakeType msg_type; uint24 length;}.
 *
 * <p>Each implementation is an immutable record with a strict {@code static X decode(TlsReader body)}
 * that reads the body only (the header is the record layer's, see {@link RawHandshake}).
 */
public interface HandshakeMessage {
    HandshakeType type();

    /** Writes the body, without the header. */
    void encodeBody(TlsWriter w);

    /** Writes header and body: the bytes that go on the wire and into the transcript hash. */
    default void encode(TlsWriter w) {
        w.u8(type().code());
        int mark = w.startVector24();
        encodeBody(w);
        w.endVector24(mark);
    }

    /** Header and body as a new array. */
    default byte[] encode() {
        TlsWriter w = new TlsWriter();
        encode(w);
        return w.toByteArray();
    }
}
