package dev.keel.tls.crypto;

import dev.keel.tls.alert.TlsAlertException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Factory for {@link KeyShare} implementations; chooses the backend per group by measurement (numbers
 * in each class): Bouncy Castle for X25519/X448 ({@link XdhKeyShare}) and the NIST curves
 * ({@link EcdhKeyShare}), {@link java.math.BigInteger#modPow} for ffdhe ({@link FfdheKeyShare}).
 */
final class KeyShares {
    private KeyShares() {
    }

    static KeyShare generate(NamedGroup group, SecureRandom random) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(random, "random");
        return switch (group) {
            case X25519, X448 -> XdhKeyShare.generate(group, random);
            case SECP256R1, SECP384R1, SECP521R1 -> EcdhKeyShare.generate(group, random);
            case FFDHE2048, FFDHE3072, FFDHE4096 -> FfdheKeyShare.generate(group, random);
        };
    }

    /**
     * The exact length of a key_exchange value in {@code group} (RFC 8446 4.2.8.1, 4.2.8.2): 32 or 56
     * for X25519/X448, 1 + 2 x field length for an uncompressed NIST point, the length of p for ffdhe.
     */
    static int publicValueLength(NamedGroup group) {
        return switch (group) {
            case X25519, X448 -> XdhKeyShare.keyLength(group);
            case SECP256R1, SECP384R1, SECP521R1 -> NistCurve.of(group).uncompressedPointLength();
            case FFDHE2048, FFDHE3072, FFDHE4096 -> FfdheGroups.primeLength(group);
        };
    }

    static void checkPeerShareLength(NamedGroup group, byte[] keyExchange) throws TlsAlertException {
        int expected = publicValueLength(group);
        if (keyExchange == null || keyExchange.length != expected) {
            throw TlsAlertException.illegalParameter(String.format(
                    "peer's %s key share is %d bytes; it must be exactly %d (RFC 8446 4.2.8)",
                    group.rfcName(), keyExchange == null ? 0 : keyExchange.length, expected));
        }
    }
}
