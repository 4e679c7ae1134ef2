package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.Objects;

/**
 * The ServerHello form of key_share, RFC 8446 section 4.2.8:
 * {@code struct { KeyShareEntry server_share; } KeyShareServerHello;}.
 */
public record KeyShareServerHello(KeyShareEntry share) {
    public KeyShareServerHello {
        Objects.requireNonNull(share, "share");
    }

    public static KeyShareServerHello decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        KeyShareEntry share = KeyShareEntry.decode(r);
        r.ensureEmpty("key_share extension");
        return new KeyShareServerHello(share);
    }

    public byte[] encode() {
        TlsWriter w = new TlsWriter(4 + share.keyExchange().length);
        share.encode(w);
        return w.toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.KEY_SHARE, encode());
    }
}
