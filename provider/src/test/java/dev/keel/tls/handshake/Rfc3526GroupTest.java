package dev.keel.tls.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.bouncycastle.tls.crypto.DHGroup;
import org.bouncycastle.tls.crypto.DHStandardGroups;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Keel's copies of the RFC 3526 primes: the same as Bouncy Castle's, safe primes of the stated size. */
class Rfc3526GroupTest {

    private static DHGroup bouncyCastle(Rfc3526Group group) {
        return switch (group) {
            case MODP_2048 -> DHStandardGroups.rfc3526_2048;
            case MODP_3072 -> DHStandardGroups.rfc3526_3072;
            case MODP_4096 -> DHStandardGroups.rfc3526_4096;
        };
    }

    @ParameterizedTest
    @EnumSource(Rfc3526Group.class)
    void primeIsBouncyCastlesRfc3526PrimeWithGeneratorTwo(Rfc3526Group group) {
        DHGroup bc = bouncyCastle(group);
        assertEquals(bc.getP(), group.prime());
        assertEquals(BigInteger.TWO, bc.getG());
        assertSame(group, Rfc3526Group.withPrime(bc.getP()));
    }

    @ParameterizedTest
    @EnumSource(Rfc3526Group.class)
    void primeIsASafePrimeOfTheStatedSize(Rfc3526Group group) {
        BigInteger p = group.prime();
        int bits = Integer.parseInt(group.name().substring("MODP_".length()));
        assertEquals(bits, p.bitLength());
        assertTrue(p.isProbablePrime(64), "p is prime");
        assertTrue(p.subtract(BigInteger.ONE).shiftRight(1).isProbablePrime(64), "q = (p-1)/2 is prime");
        assertTrue(group.exponentBits() >= 2 * 112 && group.exponentBits() < bits / 4,
                "private exponent " + group.exponentBits() + " bits");
    }

    @Test
    void otherPrimesAreNotRfc3526Groups() {
        assertNull(Rfc3526Group.withPrime(DHStandardGroups.rfc3526_1536.getP()), "below 2048 bits: refused");
        assertNull(Rfc3526Group.withPrime(DHStandardGroups.rfc3526_6144.getP()), "larger groups are not listed");
        assertNull(Rfc3526Group.withPrime(DHStandardGroups.rfc7919_ffdhe2048.getP()));
    }
}
