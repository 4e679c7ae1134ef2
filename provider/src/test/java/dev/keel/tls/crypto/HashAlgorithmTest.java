package dev.keel.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Digests handed out by {@link HashAlgorithm} are independent and agree with the JDK's lookup. */
class HashAlgorithmTest {

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void newDigestsAreIndependentAndMatchTheJdk(HashAlgorithm hash) throws Exception {
        MessageDigest a = hash.newDigest();
        MessageDigest b = hash.newDigest();
        assertNotSame(a, b);
        byte[] data = "transcript".getBytes(StandardCharsets.US_ASCII);
        a.update(data);
        // b was not fed anything: it must still hash the empty string.
        assertArrayEquals(MessageDigest.getInstance(hash.jcaName()).digest(), b.digest());
        assertArrayEquals(MessageDigest.getInstance(hash.jcaName()).digest(data), a.digest());
        assertEquals(hash.length(), hash.newDigest().getDigestLength());
    }

    @Test
    void emptyHashIsTheKnownConstantAndCannotBeCorruptedByACaller() {
        // FIPS 180-4 SHA-256("") and SHA-384("").
        String sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        String sha384 = "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da"
                + "274edebfe76f65fbd51ad2f14898b95b";
        byte[] first = HashAlgorithm.SHA256.emptyHash();
        assertEquals(sha256, HexFormat.of().formatHex(first));
        first[0] ^= 1;
        assertEquals(sha256, HexFormat.of().formatHex(HashAlgorithm.SHA256.emptyHash()));
        assertEquals(sha384, HexFormat.of().formatHex(HashAlgorithm.SHA384.emptyHash()));
    }
}
