package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/** TLS 1.2 ServerHelloDone (RFC 5246 7.4.5): ends the server's first flight. The body is empty. */
public record ServerHelloDone() implements HandshakeMessage {
    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_HELLO_DONE;
    }

    /** {@code struct { } ServerHelloDone;} — any body byte is decode_error. */
    public static ServerHelloDone decode(TlsReader body) throws TlsAlertException {
        body.ensureEmpty("ServerHelloDone");
        return new ServerHelloDone();
    }

    @Override
    public void encodeBody(TlsWriter w) {
        // empty body
    }
}
