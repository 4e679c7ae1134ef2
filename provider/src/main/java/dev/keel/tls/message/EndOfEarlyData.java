package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/** EndOfEarlyData, RFC 8446 section 4.5: {@code struct {} EndOfEarlyData;} (an empty body). */
public record EndOfEarlyData() implements HandshakeMessage {
    @Override
    public HandshakeType type() {
        return HandshakeType.END_OF_EARLY_DATA;
    }

    public static EndOfEarlyData decode(TlsReader body) throws TlsAlertException {
        body.ensureEmpty("EndOfEarlyData");
        return new EndOfEarlyData();
    }

    @Override
    public void encodeBody(TlsWriter w) {
        // empty body
    }
}
