package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.Objects;

/**
 * EncryptedExtensions, RFC 8446 section 4.3.1: {@code struct { Extension extensions<0..2^16-1>; }}.
 * Which extensions may appear here is the handshake's check.
 */
public record EncryptedExtensions(Extensions extensions) implements HandshakeMessage {
    public EncryptedExtensions {
        Objects.requireNonNull(extensions, "extensions");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.ENCRYPTED_EXTENSIONS;
    }

    public static EncryptedExtensions decode(TlsReader body) throws TlsAlertException {
        Extensions extensions = Extensions.decode(body);
        body.ensureEmpty("EncryptedExtensions");
        return new EncryptedExtensions(extensions);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        extensions.encode(w);
    }
}
