package dev.keel.tls.crypto;

import dev.keel.tls.alert.TlsAlertException;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Key exchange groups (RFC 8446 4.2.7): elliptic curves (RFC 8422, 7748) and finite-field groups
 * (RFC 7919). Each group makes {@link KeyShare}s; the backend (JDK or Bouncy Castle) is chosen per
 * group by measurement.
 */
public enum NamedGroup {
    SECP256R1(0x0017, "secp256r1"),
    SECP384R1(0x0018, "secp384r1"),
    SECP521R1(0x0019, "secp521r1"),
    X25519(0x001D, "x25519"),
    X448(0x001E, "x448"),
    FFDHE2048(0x0100, "ffdhe2048"),
    FFDHE3072(0x0101, "ffdhe3072"),
    FFDHE4096(0x0102, "ffdhe4096");

    /** {@code values()} clones its array on every call; lookups run per handshake message. */
    private static final NamedGroup[] VALUES = values();

    private final int code;
    private final String rfcName;

    NamedGroup(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    public int code() {
        return code;
    }

    /** The name used by RFC 8446 and by {@code jdk.tls.namedGroups}: "x25519", "secp256r1". */
    public String rfcName() {
        return rfcName;
    }

    public boolean isFiniteField() {
        return code >= 0x0100 && code <= 0x01FF;
    }

    /**
     * The prime p of an RFC 7919 group (generator 2), as TLS 1.2 ServerKeyExchange carries it
     * (RFC 7919 3); {@code null} for the elliptic-curve groups.
     */
    public BigInteger ffdhePrime() {
        return isFiniteField() ? FfdheGroups.prime(this) : null;
    }

    /** A fresh ephemeral key pair in this group. */
    public KeyShare generate(SecureRandom random) {
        return KeyShares.generate(this, random);
    }

    /**
     * Checks the length of a peer's key_exchange value for this group, so that malformed shares are
     * rejected with illegal_parameter before any arithmetic (RFC 8446 4.2.8).
     */
    public void checkPeerShareLength(byte[] keyExchange) throws TlsAlertException {
        KeyShares.checkPeerShareLength(this, keyExchange);
    }

    /**
     * The exact length in bytes of a key_exchange value in this group (RFC 8446 4.2.8.1, 4.2.8.2): 32
     * for x25519, 56 for x448, 65/97/133 for the uncompressed secp256r1/384r1/521r1 points, and the
     * length of p (256/384/512) for ffdhe.
     */
    public int keyShareLength() {
        return KeyShares.publicValueLength(this);
    }

    /** The group for a wire value, or {@code null} when Keel does not implement it. */
    public static NamedGroup fromCode(int code) {
        for (NamedGroup g : VALUES) {
            if (g.code == code) {
                return g;
            }
        }
        return null;
    }

    /** The group for its RFC name (case-insensitive), or {@code null}. */
    public static NamedGroup fromName(String name) {
        for (NamedGroup g : VALUES) {
            if (g.rfcName.equalsIgnoreCase(name.trim())) {
                return g;
            }
        }
        return null;
    }
}
