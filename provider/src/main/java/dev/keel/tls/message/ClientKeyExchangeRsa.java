package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/**
 * TLS 1.2 ClientKeyExchange for RSA key exchange (RFC 5246 7.4.7.1): the premaster secret encrypted to
 * the server's key, a public-key-encrypted value, i.e. {@code opaque <0..2^16-1>} (RFC 5246 4.7).
 *
 * <p>Only the framing is checked here. The content, including a length that does not match the server
 * key, is left to {@code RsaPremasterSecret.decrypt}, which must treat every bad ciphertext the same
 * way (RFC 5246 7.4.7.1).
 */
public record ClientKeyExchangeRsa(byte[] encryptedPreMaster) implements HandshakeMessage {
    public ClientKeyExchangeRsa {
        if (encryptedPreMaster.length > 0xFFFF) {
            throw new IllegalArgumentException(
                    "encrypted premaster secret exceeds 65535 bytes: " + encryptedPreMaster.length);
        }
        encryptedPreMaster = encryptedPreMaster.clone();
    }

    @Override
    public byte[] encryptedPreMaster() {
        return encryptedPreMaster.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CLIENT_KEY_EXCHANGE;
    }

    public static ClientKeyExchangeRsa decode(TlsReader body) throws TlsAlertException {
        byte[] encrypted = body.vector16("ClientKeyExchange EncryptedPreMasterSecret");
        body.ensureEmpty("ClientKeyExchange (RSA)");
        return new ClientKeyExchangeRsa(encrypted);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.vector16(encryptedPreMaster);
    }
}
