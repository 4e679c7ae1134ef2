package dev.keel.tls.crypto;

import dev.keel.tls.alert.TlsAlertException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc7748.X448;

/**
 * An X25519 or X448 key share (RFC 7748, RFC 8446 4.2.8.2 and 7.4.2): the private key is a random
 * scalar, the public value and the shared secret are raw little-endian u-coordinates of 32 or 56 bytes.
 *
 * <p>Backend: Bouncy Castle's {@code rfc7748} classes, chosen by measurement (key generation plus one
 * agreement, i.e. one handshake's work, OpenJDK 17.0.15 and Temurin 25 on the 2-core build machine):
 * <pre>
 *                 JDK 17 (SunEC XDH)   Bouncy Castle 1.84   JDK 25 (SunEC)   Bouncy Castle 1.84
 *   X25519             194 us               78 us              190 us              75 us
 *   X448               660 us              316 us              667 us             297 us
 * </pre>
 *
 * <p>Not thread-safe: a key share belongs to one handshake and is used once.
 */
final class XdhKeyShare implements KeyShare {
    private final NamedGroup group;
    private final byte[] publicValue;
    private byte[] privateKey; // null once used or destroyed

    private XdhKeyShare(NamedGroup group, byte[] privateKey, byte[] publicValue) {
        this.group = group;
        this.privateKey = privateKey;
        this.publicValue = publicValue;
    }

    /** The public value length and the private scalar length: 32 for X25519, 56 for X448. */
    static int keyLength(NamedGroup group) {
        return switch (group) {
            case X25519 -> X25519.POINT_SIZE;
            case X448 -> X448.POINT_SIZE;
            default -> throw new IllegalArgumentException(group + " is not an RFC 7748 group");
        };
    }

    static XdhKeyShare generate(NamedGroup group, SecureRandom random) {
        byte[] privateKey = new byte[keyLength(group)];
        if (group == NamedGroup.X25519) {
            X25519.generatePrivateKey(random, privateKey);
        } else {
            X448.generatePrivateKey(random, privateKey);
        }
        return fromPrivateKey(group, privateKey);
    }

    /**
     * A key share with a given private scalar (RFC 7748 5: any 32/56 bytes; clamping happens inside the
     * scalar multiplication). Takes ownership of {@code privateKey}. For test vectors.
     */
    static XdhKeyShare fromPrivateKey(NamedGroup group, byte[] privateKey) {
        if (privateKey.length != keyLength(group)) {
            throw new IllegalArgumentException(group + " private key must be " + keyLength(group) + " bytes");
        }
        byte[] publicValue = new byte[privateKey.length];
        if (group == NamedGroup.X25519) {
            X25519.generatePublicKey(privateKey, 0, publicValue, 0);
        } else {
            X448.generatePublicKey(privateKey, 0, publicValue, 0);
        }
        return new XdhKeyShare(group, privateKey, publicValue);
    }

    @Override
    public NamedGroup group() {
        return group;
    }

    @Override
    public byte[] publicValue() {
        return publicValue.clone();
    }

    @Override
    public byte[] agree(byte[] peerPublicValue) throws TlsAlertException {
        KeyShares.checkPeerShareLength(group, peerPublicValue);
        if (privateKey == null) {
            throw TlsAlertException.internalError(group.rfcName() + " key share was already used or destroyed", null);
        }
        byte[] secret = new byte[publicValue.length];
        boolean nonZero;
        try {
            // Both calls return false when the result is all zeros (RFC 7748 6.1/6.2).
            nonZero = group == NamedGroup.X25519
                    ? X25519.calculateAgreement(privateKey, 0, peerPublicValue, 0, secret, 0)
                    : X448.calculateAgreement(privateKey, 0, peerPublicValue, 0, secret, 0);
        } finally {
            destroy();
        }
        if (!nonZero) {
            // A low-order peer point forces an all-zero secret: RFC 8446 7.4.2 says abort.
            throw TlsAlertException.illegalParameter("peer's " + group.rfcName()
                    + " key share is a low-order point: the shared secret is all zeros (RFC 8446 7.4.2)");
        }
        return secret;
    }

    @Override
    public void destroy() {
        if (privateKey != null) {
            Arrays.fill(privateKey, (byte) 0);
            privateKey = null;
        }
    }
}
