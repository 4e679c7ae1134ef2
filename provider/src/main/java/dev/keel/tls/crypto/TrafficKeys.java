package dev.keel.tls.crypto;

import java.util.Arrays;

/**
 * The record protection key and IV of one TLS 1.3 traffic secret, RFC 8446 7.3:
 * {@code [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length)} and
 * {@code [sender]_write_iv = HKDF-Expand-Label(Secret, "iv", "", iv_length)}.
 *
 * <p>Lives in {@code crypto} (not {@code handshake}) so that the record layer, which turns a traffic
 * secret into record protection, does not depend on the handshake package.
 */
public final class TrafficKeys {
    private final byte[] key;
    private final byte[] iv;

    private TrafficKeys(byte[] key, byte[] iv) {
        this.key = key;
        this.iv = iv;
    }

    /** Derives the write key and IV for {@code suite}'s AEAD from {@code trafficSecret}. */
    public static TrafficKeys derive(CipherSuite suite, byte[] trafficSecret) {
        HashAlgorithm hash = suite.hash();
        AeadAlgorithm aead = suite.aead();
        return new TrafficKeys(
                Hkdf.expandLabel(hash, trafficSecret, "key", null, aead.keyLength()),
                Hkdf.expandLabel(hash, trafficSecret, "iv", null, aead.ivLength()));
    }

    /** The AEAD key (the array itself: do not modify; wiped by {@link #destroy()}). */
    public byte[] key() {
        return key;
    }

    /** The static IV that is XORed with the sequence number to form each record's nonce (RFC 8446 5.3). */
    public byte[] iv() {
        return iv;
    }

    /** Wipes key and IV. */
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        Arrays.fill(iv, (byte) 0);
    }
}
