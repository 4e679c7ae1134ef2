package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.KeyShare;
import dev.keel.tls.crypto.NamedGroup;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * Finite-field Diffie-Hellman in TLS 1.2 DHE suites, which carry the group as explicit (p, g) in
 * ServerKeyExchange (RFC 5246 7.4.3) and values without fixed-length encoding. A Keel server uses only
 * the RFC 7919 groups. A Keel client accepts those (RFC 7919 3 lets it refuse any other group) and, for
 * servers that predate RFC 7919 (OpenSSL 3.0's default DHE group is RFC 3526 group 14), the well-known
 * RFC 3526 safe primes of at least 2048 bits ({@link Rfc3526Group}); it refuses every other group,
 * which also refuses every weak one.
 */
final class Ffdhe12 {
    /** The smallest prime Keel accepts; every RFC 7919 group is at least this large. */
    static final int MIN_PRIME_BITS = 2048;

    private static final BigInteger TWO = BigInteger.valueOf(2);

    private Ffdhe12() {
    }

    /**
     * Client side (RFC 7919 3): the group that the server's (p, g) name. A prime below 2048 bits, or a
     * group that is neither an RFC 7919 group nor an {@link Rfc3526Group}, is insufficient_security, as
     * is an RFC 3526 group smaller than every RFC 7919 group the client offered (the user's group
     * settings set the smallest acceptable prime). g other than 2 with a known prime is
     * illegal_parameter, as is an RFC 7919 group the client did not offer (RFC 7919 4: the server "MUST
     * NOT select a named FFDHE group that was not offered").
     */
    static ServerGroup serverGroup(byte[] p, byte[] g, List<NamedGroup> offered) throws TlsAlertException {
        BigInteger prime = new BigInteger(1, p);
        if (prime.bitLength() < MIN_PRIME_BITS) {
            throw new TlsAlertException(AlertDescription.INSUFFICIENT_SECURITY, "server's DHE group has a "
                    + prime.bitLength() + "-bit prime; Keel requires at least " + MIN_PRIME_BITS
                    + " bits (an RFC 7919 group, or an RFC 3526 group of 2048 bits or more)");
        }
        boolean generatorIsTwo = new BigInteger(1, g).equals(TWO);
        for (NamedGroup group : NamedGroup.values()) {
            if (group.isFiniteField() && prime.equals(group.ffdhePrime())) {
                if (!generatorIsTwo) {
                    throw TlsAlertException.illegalParameter("server's DHE parameters use the " + group.rfcName()
                            + " prime with a generator other than 2 (RFC 7919 A)");
                }
                if (!offered.contains(group)) {
                    throw TlsAlertException.illegalParameter("server chose DHE group " + group.rfcName()
                            + ", which the client did not offer (RFC 7919 4)");
                }
                return new ServerGroup(group, null);
            }
        }
        Rfc3526Group modp = Rfc3526Group.withPrime(prime);
        if (modp == null) {
            throw new TlsAlertException(AlertDescription.INSUFFICIENT_SECURITY, "server's DHE group ("
                    + prime.bitLength() + "-bit prime) is neither an RFC 7919 group nor an RFC 3526 group of 2048"
                    + " bits or more; Keel accepts only those (RFC 7919 3)");
        }
        if (!generatorIsTwo) {
            throw TlsAlertException.illegalParameter("server's DHE parameters use the " + modp.label()
                    + " prime with a generator other than 2 (RFC 3526)");
        }
        int smallestOffered = offered.stream().filter(NamedGroup::isFiniteField)
                .mapToInt(group -> group.ffdhePrime().bitLength()).min().orElse(Integer.MAX_VALUE);
        if (prime.bitLength() < smallestOffered) {
            throw new TlsAlertException(AlertDescription.INSUFFICIENT_SECURITY, "server's DHE group is "
                    + modp.label() + ", smaller than every finite-field group the client offered");
        }
        return new ServerGroup(null, modp);
    }

    /**
     * The DHE group of a TLS 1.2 server, as the client accepted it: an RFC 7919 group or an RFC 3526
     * group. Computes the client's half of the exchange.
     */
    static final class ServerGroup {
        private final NamedGroup named;
        private final Rfc3526Group modp;

        private ServerGroup(NamedGroup named, Rfc3526Group modp) {
            this.named = named;
            this.modp = modp;
        }

        /** The RFC 7919 group, or {@code null} for an RFC 3526 group (which has no NamedGroup). */
        NamedGroup namedGroup() {
            return named;
        }

        /** "ffdhe2048", or "RFC 3526 group 14 (2048-bit MODP)". */
        String label() {
            return named != null ? named.rfcName() : modp.label();
        }

        BigInteger prime() {
            return named != null ? named.ffdhePrime() : modp.prime();
        }

        /** The server's dh_Ys, checked against 1 &lt; Ys &lt; p-1 and left-padded to the length of p. */
        byte[] peerPublicValue(byte[] ys) throws TlsAlertException {
            return Ffdhe12.peerPublicValue(prime(), label(), ys, "server's dh_Ys");
        }

        /**
         * A fresh key pair, agreed with the server's checked dh_Ys: our dh_Yc and the premaster secret
         * (RFC 5246 8.1.2). RFC 7919 groups use their {@link KeyShare}; RFC 3526 groups compute
         * Y = 2^x mod p and Z = Ys^x mod p here, with a private exponent of
         * {@link Rfc3526Group#exponentBits()} bits.
         */
        ClientAgreement agree(byte[] serverPublicValue, SecureRandom random) throws TlsAlertException {
            if (named != null) {
                KeyShare ours = named.generate(random);
                byte[] publicValue = ours.publicValue();
                return new ClientAgreement(publicValue, preMasterSecret(ours.agree(serverPublicValue)));
            }
            BigInteger p = modp.prime();
            BigInteger x;
            do {
                x = new BigInteger(modp.exponentBits(), random);
            } while (x.compareTo(TWO) < 0);
            int length = (p.bitLength() + 7) / 8;
            byte[] publicValue = leftPad(unsigned(TWO.modPow(x, p)), length);
            BigInteger z = new BigInteger(1, serverPublicValue).modPow(x, p);
            if (z.equals(BigInteger.ONE)) {
                // Cannot happen for a dh_Ys in range with a safe prime; kept as a guard.
                throw TlsAlertException.illegalParameter("server's dh_Ys gives the degenerate shared secret 1 in "
                        + modp.label());
            }
            return new ClientAgreement(publicValue, preMasterSecret(leftPad(unsigned(z), length)));
        }
    }

    /** The client's dh_Yc and the TLS 1.2 premaster secret. */
    record ClientAgreement(byte[] publicValue, byte[] preMasterSecret) {
    }

    /**
     * A peer's dh_Ys / dh_Yc as the fixed-length value {@code KeyShare.agree} takes: leading zeros
     * removed, checked against 1 &lt; Y &lt; p-1 (RFC 7919 3 and 4: handshake_failure otherwise), then
     * left-padded to the length of p.
     */
    static byte[] peerPublicValue(NamedGroup group, byte[] y, String what) throws TlsAlertException {
        return peerPublicValue(group.ffdhePrime(), group.rfcName(), y, what);
    }

    private static byte[] peerPublicValue(BigInteger p, String groupLabel, byte[] y, String what)
            throws TlsAlertException {
        BigInteger value = new BigInteger(1, y);
        if (value.compareTo(BigInteger.ONE) <= 0 || value.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw TlsAlertException.handshakeFailure(what + " is outside 1 < Y < p-1 for " + groupLabel
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
