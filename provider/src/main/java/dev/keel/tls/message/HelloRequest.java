package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/**
 * TLS 1.2 HelloRequest (RFC 5246 7.4.1.1): the server asks the client to start a new handshake
 * (renegotiation). The body is empty. Not part of the handshake transcript (RFC 5246 7.4.9).
 */
public record HelloRequest() implements HandshakeMessage {
    @Override
    public HandshakeType type() {
        return HandshakeType.HELLO_REQUEST;
    }

    /** {@code struct { } HelloRequest;} — any body byte is decode_error. */
    public static HelloRequest decode(TlsReader body) throws TlsAlertException {
        body.ensureEmpty("HelloRequest");
        return new HelloRequest();
    }

    @Override
    public void encodeBody(TlsWriter w) {
        // empty body
    }
}
