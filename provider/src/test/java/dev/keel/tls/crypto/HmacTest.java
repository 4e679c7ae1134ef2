package dev.keel.tls.crypto;

import static dev.keel.tls.crypto.AeadTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Keel's HMAC (RFC 2104 over a MessageDigest) against the JDK's {@code javax.crypto.Mac} and RFC 4231. */
class HmacTest {

    /** What the JDK computes; an empty key is the same as one zero byte (both pad to an all-zero K0). */
    private static byte[] jdkMac(HashAlgorithm hash, byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance(hash.hmacName());
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, hash.hmacName()));
        return mac.doFinal(data);
    }

    @Test
    void matchesJdkMacForEveryKeyLengthUpTo200() throws Exception {
        Random rnd = new Random(2104);
        for (HashAlgorithm hash : HashAlgorithm.values()) {
            for (int keyLength = 0; keyLength <= 200; keyLength++) {
                byte[] key = new byte[keyLength];
                byte[] data = new byte[rnd.nextInt(400)];
                rnd.nextBytes(key);
                rnd.nextBytes(data);
                assertArrayEquals(jdkMac(hash, key, data), Hmac.mac(hash, key, data),
                        hash + " key of " + keyLength + " bytes, message of " + data.length);
            }
        }
    }

    /** The block size is where the key starts being hashed: one byte either side of it, and on it. */
    @Test
    void keysAroundTheBlockSize() throws Exception {
        Random rnd = new Random(64);
        for (HashAlgorithm hash : HashAlgorithm.values()) {
            for (int keyLength = hash.blockLength() - 1; keyLength <= hash.blockLength() + 1; keyLength++) {
                byte[] key = new byte[keyLength];
                rnd.nextBytes(key);
                byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
                assertArrayEquals(jdkMac(hash, key, data), Hmac.mac(hash, key, data), hash + " key " + keyLength);
            }
        }
    }

    /** RFC 4231 4.2 (test case 1) and 4.7 (test case 6, a 131-byte key hashed first). */
    @Test
    void rfc4231Vectors() {
        byte[] key1 = new byte[20];
        Arrays.fill(key1, (byte) 0x0b);
        byte[] data1 = "Hi There".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
                Hmac.mac(HashAlgorithm.SHA256, key1, data1));
        assertArrayEquals(hex("afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
                + "faea9ea9076ede7f4af152e8b2fa9cb6"), Hmac.mac(HashAlgorithm.SHA384, key1, data1));
        byte[] key6 = new byte[131];
        Arrays.fill(key6, (byte) 0xaa);
        byte[] data6 = "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
                Hmac.mac(HashAlgorithm.SHA256, key6, data6));
    }

    /**
     * One borrowed instance: several messages under one key (doFinal starts the next), pieces fed
     * separately, a shortened output, a re-key in the middle, then given back and borrowed again.
     */
    @Test
    void reusedInstanceMatchesFreshMacs() throws Exception {
        Random rnd = new Random(6979);
        for (HashAlgorithm hash : HashAlgorithm.values()) {
            byte[] key = new byte[32];
            rnd.nextBytes(key);
            Hmac mac = Hmac.borrow(hash, key);
            try {
                for (int i = 0; i < 5; i++) {
                    byte[] data = new byte[rnd.nextInt(300)];
                    rnd.nextBytes(data);
                    int split = data.length / 3;
                    mac.update(data, 0, split);
                    if (data.length > split) {
                        mac.update(data[split]);
                        mac.update(data, split + 1, data.length - split - 1);
                    }
                    int outLength = i == 2 ? 12 : hash.length();
                    byte[] out = new byte[outLength + 3];
                    mac.doFinal(out, 3, outLength);
                    assertArrayEquals(Arrays.copyOf(jdkMac(hash, key, data), outLength),
                            Arrays.copyOfRange(out, 3, out.length), hash + " message " + i);
                    if (i == 3) {
                        mac.update(data, 0, data.length); // discarded by the re-key
                        key = new byte[1 + rnd.nextInt(150)];
                        rnd.nextBytes(key);
                        mac.rekey(key);
                    }
                }
                assertThrows(IllegalArgumentException.class, () -> mac.doFinal(new byte[100], 0, hash.length() + 1));
            } finally {
                Hmac.giveBack(mac);
            }
            byte[] data = {1, 2, 3};
            assertArrayEquals(jdkMac(hash, new byte[] {9}, data), Hmac.mac(hash, new byte[] {9}, data));
        }
    }
}
