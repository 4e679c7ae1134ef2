package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.NamedGroup;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * Finite-field Diffie-Hellman in TLS 1.2 DHE suites, which carry the group as explicit (p, g) in
 * ServerKeyExchange (RFC 5246 7.4.3) and values without fixed-length encoding. Keel uses only the RFC
 * 7919 groups: a client refuses any other group (RFC 7919 3 allows it), which also refuses every weak
 * one.
 */
final class Ffdhe12 {
    /** The smallest prime Keel accepts; every RFC 7919 group is at least this large. */
    static final int MIN_PRIME_BITS = 2048;

    private static final BigInteger TWO = BigInteger.valueOf(2);

    private Ffdhe12() {
    }

    /**
     * Client side (RFC 7919 3): the RFC 7919 group that the server's (p, g) name. A prime below 2048
     * bits or a group that is not an RFC 7919 group is insufficient_security; g other than 2 with an
     * RFC 7919 prime is illegal_parameter, as is a group the client did not offer (RFC 7919 4: the
     * server "MUST NOT select a named FFDHE group that was not offered").
     */
    static NamedGroup serverGroup(byte[] p, byte[] g, List<NamedGroup> offered) throws TlsAlertException {
        BigInteger prime = new BigInteger(1, p);
        if (prime.bitLength() < MIN_PRIME_BITS) {
            throw new TlsAlertException(AlertDescription.INSUFFICIENT_SECURITY, "server's DHE group has a "
                    + prime.bitLength() + "-bit prime; Keel requires at least " + MIN_PRIME_BITS
                    + " bits (an RFC 7919 group)");
        }
        for (NamedGroup group : NamedGroup.values()) {
            if (group.isFiniteField() && prime.equals(group.ffdhePrime())) {
                if (!new BigInteger(1, g).equals(TWO)) {
                    throw TlsAlertException.illegalParameter("server's DHE parameters use the " + group.rfcName()
                            + " prime with a generator other than 2 (RFC 7919 A)");
                }
                if (!offered.contains(group)) {
                    throw TlsAlertException.illegalParameter("server chose DHE group " + group.rfcName()
                            + ", which the client did not offer (RFC 7919 4)");
                }
                return group;
            }
        }
        throw new TlsAlertException(AlertDescription.INSUFFICIENT_SECURITY, "server's DHE group ("
                + prime.bitLength() + "-bit prime) is not an RFC 7919 group; Keel accepts only those (RFC 7919 3)");
    }

    /**
     * A peer's dh_Ys / dh_Yc as the fixed-length value {@code KeyShare.agree} takes: leading zeros
     * removed, checked against 1 &lt; Y &lt; p-1 (RFC 7919 3 and 4: handshake_failure otherwise), then
     * left-padded to the length of p.
     */
    static byte[] peerPublicValue(NamedGroup group, byte[] y, String what) throws TlsAlertException {
        BigInteger p = group.ffdhePrime();
        BigInteger value = new BigInteger(1, y);
        if (value.compareTo(BigInteger.ONE) <= 0 || value.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw TlsAlertException.handshakeFailure(what + " is outside 1 < Y < p-1 for " + group.rfcName()
                    + " (RFC 7919 3, 4)");
        }
        return leftPad(unsigned(value), (p.bitLength() + 7) / 8);
    }

    /** The prime of an RFC 7919 group as ServerDHParams.dh_p carries it: big-endian, no sign byte. */
    static byte[] prime(NamedGroup group) {
        return unsigned(group.ffdhePrime());
    }

    /** dh_g of every RFC 7919 group. */
    static byte[] generator() {
        return new byte[] {2};
    }

    /**
     * RFC 5246 8.1.2: the premaster secret is Z "with leading bytes of Z that contain all zero bits
     * stripped" (unlike TLS 1.3, where Z keeps the length of p). Wipes {@code z}.
     */
    static byte[] preMasterSecret(byte[] z) {
        int i = 0;
        while (i < z.length - 1 && z[i] == 0) {
            i++;
        }
        byte[] out = Arrays.copyOfRange(z, i, z.length);
        Arrays.fill(z, (byte) 0);
        return out;
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] leftPad(byte[] b, int length) {
        if (b.length >= length) {
            return b;
        }
        byte[] out = new byte[length];
        System.arraycopy(b, 0, out, length - b.length, b.length);
        return out;
    }
}
