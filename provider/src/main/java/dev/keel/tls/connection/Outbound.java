package dev.keel.tls.connection;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.crypto.CipherSuite;

/**
 * One item of the ordered outbound queue: handshake bytes, a change_cipher_spec, a warning alert, or a
 * switch of write keys that must take effect exactly between the items around it.
 */
sealed interface Outbound {
    /** Handshake message bytes; {@code offset} advances as records carry them out. */
    final class HandshakeBytes implements Outbound {
        final byte[] data;
        int offset;

        HandshakeBytes(byte[] data) {
            this.data = data;
        }

        int remaining() {
            return data.length - offset;
        }
    }

    /** RFC 8446 D.4: the single byte 0x01 in a change_cipher_spec record. */
    record ChangeCipherSpec() implements Outbound {
    }

    /** New write keys from a traffic secret. */
    record WriteKeys(CipherSuite suite, byte[] trafficSecret) implements Outbound {
    }

    /** TLS 1.2: new write keys (key and fixed IV from the key block), right after change_cipher_spec. */
    record WriteKeys12(CipherSuite suite, byte[] key, byte[] fixedIv) implements Outbound {
    }

    /** A warning alert (TLS 1.2 no_renegotiation) sent between other records. */
    record WarningAlert(AlertDescription description) implements Outbound {
    }
}
