package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/**
 * TLS 1.2 ClientKeyExchange for DHE suites (RFC 5246 7.4.7.2): {@code opaque dh_Yc<1..2^16-1>}, the
 * client's Diffie-Hellman public value (explicit encoding). Its range is checked when it is used.
 */
public record ClientKeyExchangeDhe(byte[] yc) implements HandshakeMessage {
    public ClientKeyExchangeDhe {
        if (yc.length < 1 || yc.length > 0xFFFF) {
            throw new IllegalArgumentException("dh_Yc must be 1..65535 bytes, got " + yc.length);
        }
        yc = yc.clone();
    }

    @Override
    public byte[] yc() {
        return yc.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CLIENT_KEY_EXCHANGE;
    }

    public static ClientKeyExchangeDhe decode(TlsReader body) throws TlsAlertException {
        byte[] yc = body.vector16("ClientKeyExchange dh_Yc");
        if (yc.length == 0) {
            throw TlsAlertException.decodeError("ClientKeyExchange dh_Yc is empty (RFC 5246 7.4.7.2: <1..2^16-1>)");
        }
        body.ensureEmpty("ClientKeyExchange (DHE)");
        return new ClientKeyExchangeDhe(yc);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.vector16(yc);
    }
}
