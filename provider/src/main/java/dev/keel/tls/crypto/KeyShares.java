package dev.keel.tls.crypto;

import dev.keel.tls.alert.TlsAlertException;
import java.security.SecureRandom;

/** Factory for {@link KeyShare} implementations; chooses the backend per group. */
final class KeyShares {
    private KeyShares() {
    }

    static KeyShare generate(NamedGroup group, SecureRandom random) {
        throw new UnsupportedOperationException("TODO: key share for " + group);
    }

    static void checkPeerShareLength(NamedGroup group, byte[] keyExchange) throws TlsAlertException {
        throw new UnsupportedOperationException("TODO: length check for " + group);
    }
}
