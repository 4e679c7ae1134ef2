package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/**
 * TLS 1.2 ClientKeyExchange for ECDHE suites (RFC 8422 5.7): the client's ephemeral public value,
 * {@code ECPoint ecdh_Yc} with {@code opaque point <1..2^8-1>} (the explicit encoding; the implicit one
 * belongs to fixed-ECDH client certificates, which Keel does not do). Whether the point is valid for the
 * negotiated group is checked when it is used, not here.
 */
public record ClientKeyExchangeEcdhe(byte[] point) implements HandshakeMessage {
    public ClientKeyExchangeEcdhe {
        if (point.length < 1 || point.length > 0xFF) {
            throw new IllegalArgumentException("ECDHE point must be 1..255 bytes, got " + point.length);
        }
        point = point.clone();
    }

    @Override
    public byte[] point() {
        return point.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CLIENT_KEY_EXCHANGE;
    }

    public static ClientKeyExchangeEcdhe decode(TlsReader body) throws TlsAlertException {
        byte[] point = body.vector8("ClientKeyExchange ecdh_Yc");
        if (point.length == 0) {
            throw TlsAlertException.decodeError("ClientKeyExchange ecdh_Yc is empty (RFC 8422 5.7: <1..2^8-1>)");
        }
        body.ensureEmpty("ClientKeyExchange (ECDHE)");
        return new ClientKeyExchangeEcdhe(point);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.vector8(point);
    }
}
