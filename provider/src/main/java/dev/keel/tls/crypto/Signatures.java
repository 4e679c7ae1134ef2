package dev.keel.tls.crypto;

import dev.keel.tls.alert.TlsAlertException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;

/** Signing and verification backends for {@link SignatureScheme}; picks JDK or Bouncy Castle per key. */
final class Signatures {
    private Signatures() {
    }

    static boolean isCompatible(SignatureScheme scheme, PublicKey key) {
        throw new UnsupportedOperationException("TODO");
    }

    static byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] message, SecureRandom random)
            throws TlsAlertException {
        throw new UnsupportedOperationException("TODO");
    }

    static boolean verify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] signature) {
        throw new UnsupportedOperationException("TODO");
    }
}
