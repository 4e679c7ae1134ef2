package dev.keel.tls.crypto;

import dev.keel.tls.alert.TlsAlertException;

/**
 * One side's ephemeral key pair in a {@link NamedGroup}: the public value to put in key_share (or a
 * TLS 1.2 ServerKeyExchange/ClientKeyExchange) and the agreement with the peer's public value.
 */
public interface KeyShare {
    NamedGroup group();

    /**
     * The public value in its TLS encoding (RFC 8446 4.2.8.1 / 4.2.8.2): uncompressed point for the
     * NIST curves, 32/56 raw bytes for X25519/X448, and p-length big-endian Y for ffdhe.
     */
    byte[] publicValue();

    /**
     * The shared secret with the peer's public value, in the TLS encoding (x-coordinate for ECDHE,
     * left-padded to the prime length for ffdhe, RFC 8446 7.4). A malformed or invalid peer value
     * (wrong length, not on the curve, all-zero X25519 result, out-of-range DH value) is
     * illegal_parameter. Destroys the private key afterwards: a key share is used once.
     */
    byte[] agree(byte[] peerPublicValue) throws TlsAlertException;

    /** Wipes the private key. */
    void destroy();
}
